#include "analysis/graph/layered_layout.h"

#include <functional>
#include <map>
#include <set>

namespace ms::analysis {

namespace {

using Edge = CallGraphBase::edge_descriptor;

// Edges that close a cycle (found by DFS); leaving them out makes the rest a DAG.
std::set<std::pair<size_t, size_t>> backEdges(const CallGraphBase& g) {
  std::set<std::pair<size_t, size_t>> back;
  std::vector<int> state(boost::num_vertices(g), 0);  // 0 new, 1 on the path, 2 done
  std::function<void(size_t)> visit = [&](size_t v) {
    state[v] = 1;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const size_t w = boost::target(*e, g);
      if (state[w] == 1) back.insert({v, w});
      else if (state[w] == 0) visit(w);
    }
    state[v] = 2;
  };
  for (size_t v = 0; v < state.size(); ++v)
    if (state[v] == 0) visit(v);
  return back;
}

}  // namespace

std::vector<NodePlacement> layeredLayout(const CallGraph& graph, const std::vector<bool>& include) {
  const auto& g = graph.graph();
  const size_t n = boost::num_vertices(g);
  const auto back = backEdges(g);
  // Longest path from a caller; on a DAG this settles within n relaxation passes.
  std::vector<int> layer(n, 0);
  for (size_t pass = 0; pass < n; ++pass) {
    bool changed = false;
    for (auto [e, end] = boost::edges(g); e != end; ++e) {
      const size_t a = boost::source(*e, g), b = boost::target(*e, g);
      if (back.count({a, b}) || layer[b] > layer[a]) continue;
      layer[b] = layer[a] + 1;
      changed = true;
    }
    if (!changed) break;
  }
  std::map<int, int> rows;
  std::vector<NodePlacement> out;
  for (size_t v = 0; v < n; ++v)
    if (include[v]) out.push_back({v, layer[v], rows[layer[v]]++});
  return out;
}

}  // namespace ms::analysis
