#pragma once
// Where the canvas puts nodes that have no stored position: a layered layout of the whole
// graph (calls, routes and gateway entries, top to bottom), computed with Boost.Graph.
// Stored positions are kept; new nodes go where the layout puts them relative to their placed
// neighbours, moved sideways until they overlap nothing.
//
// (analysis/graph/layered_layout.h lays out the call graph alone; it has no vertices for
// Gateways or ServiceEntries and no routing edges, so an imported design without behaviours
// would come out as one column.)
#include <QPointF>
#include <QSizeF>

#include <map>
#include <string>

#include "canvas/canvas_graph.h"

namespace ms::studio {

struct LayoutSpacing {
  double layerGap = 110;  // between the bottom of one layer and the top of the next
  double nodeGap = 80;    // between nodes of a layer
  double margin = 40;
};

using NodeSizes = std::map<std::string, QSizeF>;
using NodePositions = std::map<std::string, QPointF>;  // top-left corners, by node id

// Every node placed by the layered layout, ignoring stored positions.
NodePositions layeredPositions(const CanvasGraph& graph, const NodeSizes& sizes, const LayoutSpacing& spacing = {});

// Positions for all nodes: those in `fixed` stay, the others are placed around them.
NodePositions placeNodes(const CanvasGraph& graph, const NodeSizes& sizes, const NodePositions& fixed,
                         const LayoutSpacing& spacing = {});

}  // namespace ms::studio
