#pragma once
// Copy and paste of canvas objects as YAML text (what the clipboard carries), so a copy pastes
// into another design, a YAML file or a terminal alike.
#include <string>
#include <vector>

#include "canvas/canvas_graph.h"
#include "canvas/canvas_layout.h"
#include "document/mesh_edit_command.h"

namespace ms::studio {

// The resources that define the objects `ids` name: designed services (and where they stand)
// in a MeshDesign document, the others as they are; a route edge copies its VirtualService.
std::string copyText(const model::Mesh& mesh, const CanvasGraph& graph, const std::vector<std::string>& ids,
                     const NodePositions& positions);

struct Paste {
  std::vector<ResourceOp> ops;
  std::vector<std::string> nodeIds;  // the pasted nodes, as the canvas will name them
};

// Adds what `text` holds; a name already taken becomes NAME-copy (NAME-copy-2, ...). Pasted
// positions move by `offset`. Empty when the text holds nothing MeshStudio reads.
Paste pasteOps(const model::Mesh& mesh, const std::string& text, double dx, double dy);

}  // namespace ms::studio
