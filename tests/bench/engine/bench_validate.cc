// Benchmark (not a test): import and validate 10,000 Istio objects; prints objects/s.
// Run with ./meshstudio.sh bench. Target: >= 10,000 objects/s on the 2-core reference machine.
#include <chrono>
#include <cstdio>
#include <string>

#include "analysis/analyzer.h"
#include "istio/importer.h"

namespace {

// A realistic mix: per service a Service, a Deployment per version, a VirtualService with a
// canary split, retries and a timeout, and a DestinationRule with subsets and a breaker.
std::string generate(int services) {
  std::string yaml;
  for (int i = 0; i < services; ++i) {
    const std::string s = "svc" + std::to_string(i), ns = "ns" + std::to_string(i % 10);
    yaml += "apiVersion: v1\nkind: Service\nmetadata: {name: " + s + ", namespace: " + ns +
            "}\nspec:\n  selector: {app: " + s + "}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n---\n";
    for (const char* v : {"v1", "v2"})
      yaml += "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + s + "-" + v + ", namespace: " + ns +
              "}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: " + s + ", version: " + v +
              "}}\n  template:\n    metadata: {labels: {app: " + s + ", version: " + v +
              "}}\n    spec:\n      containers: [{name: app, image: x, ports: [{containerPort: 8080}]}]\n---\n";
    yaml += "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: " + s + ", namespace: " + ns +
            "}\nspec:\n  hosts: [" + s + "]\n  http:\n  - match:\n    - headers: {end-user: {exact: jason}}\n"
            "    route:\n    - destination: {host: " + s + ", subset: v2}\n  - route:\n"
            "    - destination: {host: " + s + ", subset: v1}\n      weight: 90\n"
            "    - destination: {host: " + s + ", subset: v2}\n      weight: 10\n"
            "    timeout: 2s\n    retries: {attempts: 2, perTryTimeout: 500ms, retryOn: \"5xx,connect-failure\"}\n---\n";
    yaml += "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: " + s + ", namespace: " + ns +
            "}\nspec:\n  host: " + s + "\n  trafficPolicy:\n    connectionPool: {tcp: {maxConnections: 100}}\n"
            "    outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s}\n"
            "  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}\n---\n";
  }
  return yaml;
}

}  // namespace

int main() {
  const int services = 2000;  // 5 objects each
  const std::string yaml = generate(services);
  double best = 0;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    ms::model::Mesh mesh;
    ms::model::Diagnostics diagnostics;
    ms::istio::importText(yaml, "bench.yaml", mesh, diagnostics);
    const auto found = ms::analysis::analyze(mesh);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = static_cast<double>(mesh.resources.size()) / seconds;
    std::printf("run %d: %zu objects imported and validated in %.3f s: %.0f objects/s (%zu findings)\n", run + 1,
                mesh.resources.size(), seconds, rate, diagnostics.size() + found.size());
    best = std::max(best, rate);
  }
  std::printf("validate: best %.0f objects/s (target >= 10000): %s\n", best, best >= 10000 ? "met" : "NOT met");
  return 0;
}
