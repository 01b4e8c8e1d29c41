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

}  // namespace

std::string clusterName(const model::RegistryService& service) { return service.host; }

std::string spiffeIdentity(const std::string& trustDomain, const model::RegistryWorkload& w) {
  return "spiffe://" + trustDomain + "/ns/" + w.namespace_ + "/sa/" + w.serviceAccount;
}

std::vector<Cluster> compileClusters(const model::Mesh& mesh, const model::ServiceRegistry& registry,
                                     const Placement& placement) {
  std::vector<Cluster> clusters;
  for (const model::RegistryService& s : registry.services()) {
    if (s.external) continue;
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
