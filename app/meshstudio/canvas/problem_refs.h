#pragma once
// What a diagnostic points to on the canvas. Most findings are about one Istio or Kubernetes
// resource, which the canvas finds by its ref. A MeshDesign is one resource holding many
// services and behaviours, so a finding about one of its entries (its path says which:
// spec.services[1]..., spec.behaviours[0]...) is mapped to that entry's node, and a finding
// about a call (...behaviour.calls.targets[2]) also to the call's edge.
#include <string>
#include <vector>

#include "canvas/canvas_graph.h"
#include "model/diagnostic.h"
#include "model/mesh.h"

namespace ms::studio {

// The node and edge ids of the MeshDesign entry `d` is about, node first; empty when `d` is not
// about a design entry (its resource's ref is then all there is to mark).
std::vector<std::string> designEntryRefs(const model::Mesh& mesh, const CanvasGraph& graph, const model::Diagnostic& d);

}  // namespace ms::studio
