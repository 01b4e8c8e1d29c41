#include "analysis/graph/design_paths.h"

#include <cstdio>

namespace ms::analysis {

std::string callPath(const model::Mesh& mesh, const CallEdge& edge) {
  const model::MeshDesign* design = mesh.design();
  const std::string target = ".behaviour.calls.targets[" + std::to_string(edge.callIndex) + "]";
  if (!design) return "spec";
  const model::RegistryWorkload& w = *edge.caller;
  if (w.design && w.designService) {
    const size_t s = static_cast<size_t>(w.designService - design->services.data());
    const size_t i = static_cast<size_t>(w.design - w.designService->workloads.data());
    return "spec.services[" + std::to_string(s) + "].workloads[" + std::to_string(i) + "]" + target;
  }
  for (size_t i = 0; i < design->behaviours.size(); ++i)
    if (design->behaviours[i].workload == w.name) return "spec.behaviours[" + std::to_string(i) + "]" + target;
  return "spec";
}

std::string servicePath(const model::Mesh& mesh, const model::RegistryService& service) {
  const model::MeshDesign* design = mesh.design();
  if (service.source && service.source->as<model::MeshDesign>() && design)
    for (size_t i = 0; i < design->services.size(); ++i)
      if (design->services[i].name == service.name) return "spec.services[" + std::to_string(i) + "]";
  return "metadata.name";
}

std::string describe(const CallEdge& edge, const model::RegistryService& target) {
  return edge.caller->name + " -> " + target.name;
}

std::string formatSeconds(double seconds) {
  char buffer[32];
  if (seconds < 1) std::snprintf(buffer, sizeof buffer, "%gms", seconds * 1000);
  else std::snprintf(buffer, sizeof buffer, "%gs", seconds);
  return buffer;
}

}  // namespace ms::analysis
