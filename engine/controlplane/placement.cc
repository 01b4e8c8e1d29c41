#include "controlplane/placement.h"

#include <set>

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

std::string podName(const model::RegistryWorkload& w, std::int64_t replica) {
  const std::string name = w.name + "-" + std::to_string(replica);
  return w.namespace_ == "default" ? name : name + "." + w.namespace_;
}

Placement planPlacement(const model::ServiceRegistry& registry, const std::string& certDir, int subnet,
                        const Placement* previous) {
  Placement p;
  std::map<std::string, std::string> kept;  // pod -> its address so far
  std::set<std::string> taken;
  if (previous) {
    p.trustDomain = previous->trustDomain;
    p.externalHosts = previous->externalHosts;
    for (const PodPlacement& pod : previous->pods) kept[pod.name] = pod.address, taken.insert(pod.address);
  }
  int index = 0;
  auto nextFree = [&] {
    while (taken.count(address(subnet, index))) ++index;
    taken.insert(address(subnet, index));
    return address(subnet, index++);
  };
  for (const model::RegistryWorkload& w : registry.workloads()) {
    const bool gateway = w.labels.count("istio") && w.labels.at("istio") == "ingressgateway";
    const std::int64_t replicas = gateway ? 1 : std::max<std::int64_t>(w.replicas, 0);
    for (std::int64_t r = 0; r < replicas; ++r) {
      const std::string name = podName(w, r);
      const auto old = kept.find(name);
      const std::string at = old != kept.end() ? old->second : nextFree();
      p.pods.push_back({name, &w, at, appPortOf(registry, w), certDir + "/" + w.namespace_, gateway,
                        w.name + "-" + std::to_string(r) + "." + w.namespace_});
    }
  }
  return p;
}

}  // namespace ms::controlplane
