#include "analysis/graph/call_graph.h"

#include <algorithm>

#include "analysis/validation/field_checks.h"
#include "model/duration.h"
#include "model/hosts.h"
#include "model/traffic_rules.h"

namespace ms::analysis {

namespace {

std::optional<double> seconds(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return model::parseDurationSeconds(*text);
}

// The route a plain request takes: the first rule without match conditions, else the first.
size_t defaultRouteIndex(const model::VirtualService& vs) {
  for (size_t i = 0; i < vs.http.size(); ++i)
    if (vs.http[i].match.empty()) return i;
  return 0;
}

}  // namespace

std::optional<double> CallEdge::deadline() const {
  std::optional<double> routeBound = route.timeout;
  if (!routeBound && route.perTryTimeout) routeBound = route.perTryTimeout.value() * (1 + route.retries);
  std::optional<double> perCall = routeBound;
  if (appTimeout) perCall = perCall ? std::min(*perCall, *appTimeout) : *appTimeout;
  if (!perCall) return std::nullopt;
  return *perCall * static_cast<double>(1 + appRetries);
}

CallGraph::CallGraph(const model::Mesh& mesh, const model::ServiceRegistry& registry)
    : mesh_(mesh), registry_(registry), graph_(registry.services().size()) {
  for (size_t i = 0; i < registry.services().size(); ++i) graph_[i] = &registry.services()[i];
  for (const model::RegistryWorkload& w : registry.workloads()) {
    const model::Behaviour* behaviour = registry.behaviourOf(w);
    if (!behaviour || !behaviour->calls) continue;
    const auto callers = registry.servicesOf(w);
    if (callers.empty()) continue;
    const bool parallel = behaviour->calls->mode == "parallel";
    for (size_t i = 0; i < behaviour->calls->targets.size(); ++i) {
      const model::DownstreamCall& call = behaviour->calls->targets[i];
      const model::RegistryService* target = registry.findHost(call.service.value_or(""), w.namespace_);
      if (!target) continue;  // reported by the reference checks
      CallEdge edge{&w, &call, i, parallel, seconds(call.timeout), call.retries.value_or(0),
                    routeFor(*call.service, w.namespace_)};
      boost::add_edge(vertexOf(callers.front()), vertexOf(target), std::move(edge), graph_);
    }
  }
}

size_t CallGraph::vertexOf(const model::RegistryService* service) const {
  return static_cast<size_t>(service - registry_.services().data());
}

RoutePolicy CallGraph::routeFor(const std::string& host, const std::string& ns) const {
  RoutePolicy policy;
  const model::Resource* r = model::meshVirtualServiceFor(mesh_, model::resolveHost(host, ns));
  if (r) {
    const auto* vs = r->as<model::VirtualService>();
    const size_t index = defaultRouteIndex(*vs);
    const model::HttpRoute& route = vs->http[index];
    policy.virtualService = r;
    policy.routePath = "spec.http[" + std::to_string(index) + "]";
    policy.timeout = seconds(route.timeout);
    if (route.retries) {
      policy.retries = route.retries->attempts.value_or(0);
      policy.perTryTimeout = seconds(route.retries->perTryTimeout);
    }
    for (const auto& d : route.route) policy.destinations.push_back(&d);
  }
  return policy;
}

std::vector<size_t> CallGraph::entryPoints() const {
  std::vector<size_t> entries;
  const model::MeshDesign* design = mesh_.design();
  if (design && design->load && design->load->target)
    for (const auto* s : registry_.servicesMatching(*design->load->target, "default"))
      entries.push_back(vertexOf(s));
  for (const model::Resource& r : mesh_.resources) {
    const auto* vs = r.as<model::VirtualService>();
    if (!vs || model::appliesToMesh(*vs)) continue;
    for (const auto& route : vs->http)
      for (const auto& d : route.route)
        if (d.destination && d.destination->host)
          if (const auto* s = registry_.findHost(*d.destination->host, r.meta.namespace_))
            entries.push_back(vertexOf(s));
  }
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  return entries;
}

}  // namespace ms::analysis
