#pragma once
// The canvas's structural edits (delete, connect) as the resource operations of one undo step.
// Pure functions of the model and its canvas graph; empty when there is nothing to do.
#include <string>
#include <vector>

#include "canvas/canvas_graph.h"
#include "document/mesh_edit_command.h"

namespace ms::studio {

// Deletes nodes and edges by id. A designed service leaves the MeshDesign's services, a
// Kubernetes Service goes with the Deployments it selects, a Gateway or ServiceEntry is its
// resource; calls to a deleted node go too. A call edge removes the calls; a route or ingress
// edge removes those destinations from its VirtualService (and the VirtualService once empty).
std::vector<ResourceOp> deleteOps(const model::Mesh& mesh, const CanvasGraph& graph, const std::vector<std::string>& ids);

// Connects `from` to `to`: a service's workloads get a downstream call to `to`; a gateway gets
// a VirtualService that routes its traffic to `to`.
std::vector<ResourceOp> connectOps(const model::Mesh& mesh, const CanvasGraph& graph, const std::string& from,
                                   const std::string& to);

// The hosts (FQDNs) that reach a node: a service's, or a ServiceEntry's.
std::vector<std::string> hostsOf(const model::Mesh& mesh, const GraphNode& node);

}  // namespace ms::studio
