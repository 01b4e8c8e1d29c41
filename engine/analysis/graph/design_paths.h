#pragma once

// Where things of a MeshDesign stand, as field paths for diagnostics.

#include <string>

#include "analysis/graph/call_graph.h"

namespace ms::analysis {

// "spec.services[1].workloads[0].behaviour.calls.targets[2]" (or the behaviours[] form).
std::string callPath(const model::Mesh& mesh, const CallEdge& edge);
// The resource and path that declare a service: a Kubernetes Service, a MeshDesign entry, ...
std::string servicePath(const model::Mesh& mesh, const model::RegistryService& service);
std::string describe(const CallEdge& edge, const model::RegistryService& target);
std::string formatSeconds(double seconds);

}  // namespace ms::analysis
