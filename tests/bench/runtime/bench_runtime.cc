// Benchmark (not a test): a generated 20-service, 40-pod design. Prints the time from start to
// every pod ready (target <= 3 s) and the config push latency to every affected proxy
// (target p99 <= 100 ms). Run with ./meshstudio.sh bench.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

#include "generated_design.h"
#include "istio/importer.h"
#include "runtime/mesh_runner.h"

namespace {

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ms::model::Mesh mesh;
  ms::model::Diagnostics diagnostics;
  ms::istio::importText(ms::test::chainDesign(20), "bench.yaml", mesh, diagnostics);
  QTemporaryDir dir;
  ms::runtime::MeshRunner runner(ms::runtime::defaultRuntimeOptions(dir.path().toStdString()));
  std::string error;
  QElapsedTimer clock;
  clock.start();
  if (!runner.start(mesh, [](int, int) {}, &error)) {
    std::printf("runtime: could not start: %s\n", error.c_str());
    return 1;
  }
  const double startup = clock.elapsed() / 1000.0;
  const size_t pods = runner.placement().pods.size();
  std::printf("runtime: %zu pods (%zu processes) started to ready in %.2f s (target <= 3 s): %s\n", pods,
              runner.adminEndpoints().size() * 2 - 1, startup, startup <= 3 ? "met" : "NOT met");

  std::vector<double> latencies;
  for (int round = 0; round < 20; ++round) {
    for (auto& r : mesh.resources)
      if (auto* vs = r.as<ms::model::VirtualService>(); vs && r.meta.name == "svc" + std::to_string(round % 20)) {
        vs->http[0].route[0].weight = round % 2 ? 90 : 50;
        vs->http[0].route[1].weight = round % 2 ? 10 : 50;
      }
    const auto push = runner.apply(mesh, &error);
    latencies.insert(latencies.end(), push.latenciesMs.begin(), push.latenciesMs.end());
  }
  std::printf("runtime: config push to every affected proxy, %zu confirmations: p50 %.1f ms, p99 %.1f ms (target p99 <= 100 ms): %s\n",
              latencies.size(), percentile(latencies, 0.5), percentile(latencies, 0.99),
              percentile(latencies, 0.99) <= 100 ? "met" : "NOT met");
  runner.stop();
  return 0;
}
