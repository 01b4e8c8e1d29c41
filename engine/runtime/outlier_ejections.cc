#include "runtime/outlier_ejections.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "metrics/prometheus_parser.h"
#include "runtime/http_probe.h"

namespace ms::runtime {

namespace {

std::string hostOf(const std::string& instance) { return instance.substr(0, instance.rfind(':')); }

const controlplane::PodPlacement* podAt(const controlplane::Placement& placement, const std::string& address) {
  for (const auto& pod : placement.pods)
    if (pod.address == address) return &pod;
  return nullptr;
}

}  // namespace

std::set<std::string> ejectedEndpoints(const std::string& clustersText) {
  std::set<std::string> out;
  std::istringstream in(clustersText);
  std::string line;
  while (std::getline(in, line)) {
    // CLUSTER::ADDRESS:PORT::health_flags::FLAGS; cluster names hold '|', never "::".
    const auto first = line.find("::");
    if (first == std::string::npos) continue;
    const auto second = line.find("::", first + 2);
    if (second == std::string::npos || line.compare(second + 2, 14, "health_flags::") != 0) continue;
    // Envoy joins several flags with '|'; ejection is one of them.
    if (line.find("failed_outlier_check", second + 16) == std::string::npos) continue;
    out.insert(line.substr(first + 2, second - first - 2));
  }
  return out;
}

std::set<std::string> instancesEjecting(const metrics::MetricsStore& store) {
  std::set<std::string> out;
  const metrics::TimeMs now = store.latestTime();
  store.forEach("envoy_cluster_outlier_detection_ejections_active", [&](const metrics::Series& s) {
    // Only this scrape's value: a proxy that stopped answering ejects nothing we can ask about.
    if (s.lastSeen < now) return;
    const double v = metrics::valueAt(s.points, now);
    if (!std::isnan(v) && v > 0) out.insert(metrics::labelValue(s.labels, "instance"));
  });
  return out;
}

EjectedPods findEjectedPods(const metrics::MetricsStore& store, const controlplane::Placement& placement) {
  std::map<std::string, std::set<std::string>> by;
  for (const std::string& instance : instancesEjecting(store)) {
    const auto colon = instance.rfind(':');
    if (colon == std::string::npos) continue;
    const ProbeResult answer = httpRequest(hostOf(instance), std::atoi(instance.c_str() + colon + 1), "GET", "/clusters",
                                           {}, std::chrono::milliseconds(300));
    if (answer.status != 200) continue;
    const auto* caller = podAt(placement, hostOf(instance));
    for (const std::string& endpoint : ejectedEndpoints(answer.body))
      if (const auto* pod = podAt(placement, hostOf(endpoint)))
        by[pod->name].insert(caller ? caller->name : hostOf(instance));
  }
  EjectedPods out;
  for (auto& [pod, callers] : by) out[pod].assign(callers.begin(), callers.end());
  return out;
}

}  // namespace ms::runtime
