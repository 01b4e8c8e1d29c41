#include "canvas/problem_refs.h"

#include <cstdlib>

namespace ms::studio {

namespace {

// N of "PREFIX[N]..." at the start of `path`, or -1.
long indexAfter(const std::string& path, const std::string& prefix) {
  if (path.compare(0, prefix.size() + 1, prefix + "[") != 0) return -1;
  char* end = nullptr;
  const long n = std::strtol(path.c_str() + prefix.size() + 1, &end, 10);
  return end && *end == ']' ? n : -1;
}

// The service node a call target names: "reviews", "reviews.ns", or a host of it.
const GraphNode* calledNode(const CanvasGraph& graph, const std::string& service, const std::string& callerNs) {
  const std::string name = service.substr(0, service.find('.'));
  const auto dot = service.find('.');
  const std::string ns = dot == std::string::npos ? callerNs : service.substr(dot + 1, service.find('.', dot + 1) - dot - 1);
  for (const auto& n : graph.nodes)
    if (n.kind == NodeKind::Service && n.name == name && n.namespace_ == ns) return &n;
  return nullptr;
}

// The node (and call edge) of a design service entry: spec.services[N].workloads[I]...
void serviceEntryRefs(const model::MeshDesign& design, const CanvasGraph& graph, const std::string& path,
                      std::vector<std::string>& out) {
  const long s = indexAfter(path, "spec.services");
  if (s < 0 || static_cast<size_t>(s) >= design.services.size()) return;
  const model::DesignService& service = design.services[static_cast<size_t>(s)];
  const std::string ns = service.namespace_.value_or("default");
  const std::string id = nodeId("Service", ns, service.name.value_or(""));
  if (!graph.node(id)) return;
  out.push_back(id);
  // ...workloads[I].behaviour.calls.targets[K]: the call's edge too.
  const std::string rest = path.substr(path.find(']') + 1);
  const long w = indexAfter(rest, ".workloads");
  if (w < 0 || static_cast<size_t>(w) >= service.workloads.size()) return;
  const auto& behaviour = service.workloads[static_cast<size_t>(w)].behaviour;
  const std::string calls = rest.substr(rest.find(']') + 1);
  const long k = indexAfter(calls, ".behaviour.calls.targets");
  if (k < 0 || !behaviour || !behaviour->calls || static_cast<size_t>(k) >= behaviour->calls->targets.size()) return;
  if (const GraphNode* callee = calledNode(graph, behaviour->calls->targets[static_cast<size_t>(k)].service.value_or(""), ns))
    if (graph.edge("call:" + id + ">" + callee->id)) out.push_back("call:" + id + ">" + callee->id);
}

// The nodes whose versions run a behaviour's workload: spec.behaviours[N]...
void behaviourRefs(const model::MeshDesign& design, const CanvasGraph& graph, const std::string& path,
                   std::vector<std::string>& out) {
  const long b = indexAfter(path, "spec.behaviours");
  if (b < 0 || static_cast<size_t>(b) >= design.behaviours.size()) return;
  const model::WorkloadBehaviour& behaviour = design.behaviours[static_cast<size_t>(b)];
  const std::string ns = behaviour.namespace_.value_or("default");
  for (const auto& n : graph.nodes)
    for (const auto& v : n.versions)
      if (n.namespace_ == ns && v.workload == behaviour.workload.value_or("")) {
        out.push_back(n.id);
        break;
      }
}

}  // namespace

std::vector<std::string> designEntryRefs(const model::Mesh& mesh, const CanvasGraph& graph, const model::Diagnostic& d) {
  std::vector<std::string> out;
  const model::MeshDesign* design = mesh.design();
  if (d.kind != "MeshDesign" || !design || d.path.empty()) return out;
  serviceEntryRefs(*design, graph, d.path, out);
  behaviourRefs(*design, graph, d.path, out);
  return out;
}

}  // namespace ms::studio
