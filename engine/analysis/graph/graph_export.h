#pragma once

#include <string>

#include "model/mesh.h"

namespace ms::analysis {

// The design's services, their versions, calls (with route policy) and gateway entries,
// as Graphviz dot, or as a self-contained SVG drawn with the layered layout.
std::string graphDot(const model::Mesh& mesh);
std::string graphSvg(const model::Mesh& mesh);

}  // namespace ms::analysis
