#pragma once

// A layered (Sugiyama-style, simplified) layout of the call graph: entry points on the left,
// each service one layer right of its furthest caller. Used by `meshctl graph --format svg`
// and the designer's auto-layout.

#include <vector>

#include "analysis/graph/call_graph.h"

namespace ms::analysis {

struct NodePlacement {
  size_t vertex = 0;
  int layer = 0;
  int row = 0;
};

// Places the vertices that take part (`include[v]`); cycles are broken at their back edges.
std::vector<NodePlacement> layeredLayout(const CallGraph& graph, const std::vector<bool>& include);

}  // namespace ms::analysis
