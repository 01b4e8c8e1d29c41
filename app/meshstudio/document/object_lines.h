#pragma once
// Where each object of a design starts in the text it was read from: every resource by its ref
// (Kind/namespace/name), and every MeshDesign service entry by the id the canvas gives its node
// (Service/namespace/name), since a design service is no resource of its own. The model's own
// positions go stale once the model is edited and written back; these come from a parse of the
// text the YAML pane shows.
#include <map>
#include <string>

#include "model/mesh.h"

namespace ms::studio {

using ObjectLines = std::map<std::string, int>;  // ref -> 1-based line

ObjectLines objectLines(const model::Mesh& parsed);

}  // namespace ms::studio
