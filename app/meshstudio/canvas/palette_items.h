#pragma once
// What the palette adds: a new object with sensible defaults, as the operations of one undo
// step. Policies are made for the selected service (its subsets, its callers' identities).
#include <optional>
#include <string>
#include <vector>

#include "canvas/canvas_graph.h"
#include "document/mesh_edit_command.h"

namespace ms::studio {

enum class PaletteItem {
  Service,
  Gateway,
  ServiceEntry,
  VirtualService,
  DestinationRule,
  PeerAuthentication,
  AuthorizationPolicy,
};

inline constexpr PaletteItem kPaletteItems[] = {
    PaletteItem::Service,         PaletteItem::Gateway,            PaletteItem::ServiceEntry,
    PaletteItem::VirtualService,  PaletteItem::DestinationRule,    PaletteItem::PeerAuthentication,
    PaletteItem::AuthorizationPolicy,
};

const char* paletteName(PaletteItem item);  // "Service", "Gateway", ...
// Whether the item is made for a selected service (VirtualService, DestinationRule,
// AuthorizationPolicy); a PeerAuthentication without one is namespace-wide.
bool needsTarget(PaletteItem item);

struct NewObject {
  std::vector<ResourceOp> ops;  // empty: nothing to add (a target is missing)
  std::string nodeId;           // the node to select afterwards
  std::string ref;              // the resource added, Kind/namespace/name (a service: its node id)
};

// `target`: the selected Service or ServiceEntry node, if any. `x`, `y`: where a new node goes.
NewObject paletteOps(const model::Mesh& mesh, const CanvasGraph& graph, PaletteItem item, const GraphNode* target,
                     double x, double y);

}  // namespace ms::studio
