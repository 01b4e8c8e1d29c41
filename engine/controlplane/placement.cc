#include "controlplane/placement.h"

namespace ms::controlplane {

namespace {

std::string address(int subnet, int index) {
  // .0 and .255 are skipped in the last octet so no address looks like a network or broadcast.
  return "127." + std::to_string(subnet) + "." + std::to_string(index / 254) + "." + std::to_string(1 + index % 254);
}

int appPortOf(const model::ServiceRegistry& registry, const model::RegistryWorkload& w) {
  if (!w.containerPorts.empty()) return static_cast<int>(w.containerPorts.front());
  for (const auto* s : registry.servicesOf(w))
    if (!s->ports.empty()) return std::stoi(s->ports.front().targetPort);
  return 8080;
}

}  // namespace

Placement planPlacement(const model::ServiceRegistry& registry, const std::string& certDir, int subnet) {
  Placement p;
  int index = 0;
  for (const model::RegistryWorkload& w : registry.workloads()) {
    const bool gateway = w.labels.count("istio") && w.labels.at("istio") == "ingressgateway";
    const std::int64_t replicas = gateway ? 1 : std::max<std::int64_t>(w.replicas, 1);
    for (std::int64_t r = 0; r < replicas; ++r)
      p.pods.push_back({w.name + "-" + std::to_string(r), &w, address(subnet, index++), appPortOf(registry, w),
                        certDir, gateway});
  }
  return p;
}

}  // namespace ms::controlplane
