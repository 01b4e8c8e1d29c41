#include "controlplane/cluster_compiler.h"

#include "controlplane/security_policy.h"
#include "model/traffic_rules.h"

namespace ms::controlplane {

namespace {

// The parts of a traffic policy the data plane applies, with a port-level override merged in.
model::TrafficPolicy effectivePolicy(const model::TrafficPolicy& in, std::int64_t port) {
  model::TrafficPolicy out;
  out.loadBalancer = in.loadBalancer;
  out.connectionPool = in.connectionPool;
  out.outlierDetection = in.outlierDetection;
  out.tls = in.tls;
  for (const auto& level : in.portLevelSettings) {
    if (!level.port || level.port->number != port) continue;
    if (level.loadBalancer) out.loadBalancer = level.loadBalancer;
    if (level.connectionPool) out.connectionPool = level.connectionPool;
    if (level.outlierDetection) out.outlierDetection = level.outlierDetection;
    if (level.tls) out.tls = level.tls;
  }
  return out;
}

bool sidecarAcceptsMtls(const model::Mesh& mesh, const PodPlacement& pod) {
  return pod.workload->injected && inboundMtlsMode(mesh, *pod.workload, pod.appPort) != "DISABLE";
}

// A ServiceEntry host's endpoints: the entry's own addresses (IP literals, or names a local
// stand-in answers for), else the stand-in for the host itself (what DNS would resolve).
std::vector<Endpoint> externalEndpoints(const model::RegistryService& s, const Placement& placement) {
  std::vector<Endpoint> out;
  const auto* se = s.source ? s.source->as<model::ServiceEntry>() : nullptr;
  const std::int64_t servicePort = s.ports.empty() ? 0 : s.ports.front().port;
  const std::string portName = s.ports.empty() ? "" : s.ports.front().name;
  auto add = [&](const std::string& address, std::int64_t port, const model::Labels& labels) {
    if (const auto standIn = placement.externalHosts.find(address); standIn != placement.externalHosts.end())
      out.push_back({standIn->second.address, std::nullopt, s.namespace_, std::nullopt,
                     standIn->second.port ? standIn->second.port : port, labels});
    else if (address.find_first_not_of("0123456789.") == std::string::npos)
      out.push_back({address, std::nullopt, s.namespace_, std::nullopt, port, labels});
  };
  if (se && !se->endpoints.empty()) {
    for (const model::WorkloadEntry& e : se->endpoints) {
      if (!e.address) continue;
      const auto mapped = e.ports.find(portName);
      add(*e.address, mapped != e.ports.end() ? mapped->second : servicePort, e.labels);
    }
    return out;
  }
  add(s.host, s.ports.empty() ? 0 : std::stoll(s.ports.front().targetPort), {});
  return out;
}

Cluster externalCluster(const model::Mesh& mesh, const model::RegistryService& s, const Placement& placement) {
  Cluster c{clusterName(s), s.host, s.name, s.namespace_, std::nullopt, externalEndpoints(s, placement), {}};
  const model::Resource* rule = model::destinationRuleFor(mesh, s.host);
  const auto* dr = rule ? rule->as<model::DestinationRule>() : nullptr;
  const std::int64_t port = s.ports.empty() ? 0 : s.ports.front().port;
  model::TrafficPolicy policy = dr && dr->trafficPolicy ? effectivePolicy(*dr->trafficPolicy, port) : model::TrafficPolicy{};
  if (!policy.tls) {
    policy.tls.emplace();
    policy.tls->mode = "DISABLE";  // outside the mesh: no Istio certificates there
  }
  c.trafficPolicy = policy;
  return c;
}

}  // namespace

std::string clusterName(const model::RegistryService& service) { return service.host; }

std::string spiffeIdentity(const std::string& trustDomain, const model::RegistryWorkload& w) {
  return "spiffe://" + trustDomain + "/ns/" + w.namespace_ + "/sa/" + w.serviceAccount;
}

std::vector<Cluster> compileClusters(const model::Mesh& mesh, const model::ServiceRegistry& registry,
                                     const Placement& placement) {
  std::vector<Cluster> clusters;
  for (const model::RegistryService& s : registry.services()) {
    if (s.external) {
      if (Cluster c = externalCluster(mesh, s, placement); !c.endpoints.empty()) clusters.push_back(std::move(c));
      continue;
    }
    Cluster c{clusterName(s), s.host, s.name, s.namespace_, std::nullopt, {}, {}};
    bool allMtls = true;
    for (const PodPlacement& pod : placement.pods) {
      if (pod.isGateway || !model::labelsInclude(pod.workload->labels, s.selector) || s.selector.empty() ||
          pod.workload->namespace_ != s.namespace_)
        continue;
      const bool sidecar = pod.workload->injected;
      c.endpoints.push_back({pod.address, pod.workload->name, s.namespace_,
                             spiffeIdentity(placement.trustDomain, *pod.workload),
                             sidecar ? kInboundPort : pod.appPort, pod.workload->labels});
      allMtls = allMtls && sidecarAcceptsMtls(mesh, pod);
    }
    if (c.endpoints.empty()) continue;
    const std::int64_t port = s.ports.empty() ? 0 : s.ports.front().port;
    const model::Resource* rule = model::destinationRuleFor(mesh, s.host);
    const auto* dr = rule ? rule->as<model::DestinationRule>() : nullptr;
    model::TrafficPolicy policy = dr && dr->trafficPolicy ? effectivePolicy(*dr->trafficPolicy, port) : model::TrafficPolicy{};
    // Auto mTLS: sidecars talk ISTIO_MUTUAL unless the rule says otherwise or a peer can't.
    if (!policy.tls) {
      policy.tls.emplace();
      policy.tls->mode = allMtls ? "ISTIO_MUTUAL" : "DISABLE";
    }
    c.trafficPolicy = policy;
    if (dr)
      for (const model::Subset& subset : dr->subsets) {
        ClusterSubset out{subset.name, subset.labels, std::nullopt};
        if (subset.trafficPolicy) out.trafficPolicy = effectivePolicy(*subset.trafficPolicy, port);
        c.subsets.push_back(std::move(out));
      }
    clusters.push_back(std::move(c));
  }
  return clusters;
}

}  // namespace ms::controlplane
