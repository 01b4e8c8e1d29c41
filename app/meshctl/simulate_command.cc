#include <QApplication>
#include <QCoreApplication>
#include <QDir>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include "analysis/diagnostic_format.h"
#include "model/duration.h"
#include "command_line.h"
#include "commands.h"
#include "load_design.h"
#include "report_charts.h"
#include "runtime/simulation.h"

namespace ms::cli {

namespace {

const char* kHelp = R"(Usage: meshctl simulate PATH... [--duration 30s] [--qps N] [--scenario NAME] [--report DIR]

Runs the design on this machine: every pod is a real meshworkload + meshproxy pair on its own
127.x.y.z address, with real HTTP and mTLS between them. Drives the design's load profile,
plays its scenario, prints a live table every second and checks the scenario's assertions.

Options:
  --duration D     how long to send load (default: the design's, else 30s)
  --qps N          requests per second (default: the design's load rate)
  --scenario NAME  which scenario to play (default: the first)
  --report DIR     write summary.json, timeseries.csv, PNG charts and report.html there
                   (docs/report.md); charts render offscreen, no display needed

Exit status: 0 every assertion passed, 4 an assertion failed, 2 usage or input errors
(a design with errors is refused with its diagnostics), 1 the run itself failed.
)";

std::string ms(double v) {
  char buffer[16];
  if (std::isnan(v)) return "-";
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

void printTable(double elapsed, const std::vector<runtime::EdgeRow>& rows, const runtime::RunEvents& events) {
  std::printf("\n[%5.1fs] %-24s %-14s %7s %8s %8s %8s %5s  %s\n", elapsed, "SOURCE", "DESTINATION", "RPS",
              "SUCCESS", "P50 ms", "P99 ms", "UO", "SPLIT");
  for (const auto& r : rows) {
    std::string split;
    for (const auto& [v, s] : r.split) split += (split.empty() ? "" : " ") + v + " " + ms(s) + "%";
    std::printf("        %-24s %-14s %7.1f %7.1f%% %8s %8s %5.0f  %s\n", r.source.c_str(), r.destination.c_str(), r.rps,
                r.successPercent, ms(r.p50).c_str(), ms(r.p99).c_str(), r.overflows, split.c_str());
  }
  for (const auto& e : events) std::printf("        event: %s: %s\n", e.kind.c_str(), e.detail.c_str());
  std::fflush(stdout);
}

// The MeshDesign's metadata.name, else the first resource's.
std::string designName(const model::Mesh& mesh) {
  for (const auto& r : mesh.resources)
    if (r.kind == model::Kind::MeshDesign) return r.meta.name;
  return mesh.resources.empty() ? std::string() : mesh.resources.front().meta.name;
}

std::optional<double> seconds(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return model::parseDurationSeconds(text);
}

}  // namespace

int simulateCommand(const std::vector<std::string>& args) {
  CommandLine cl(args, {}, {"--duration", "--qps", "--scenario", "--report"});
  if (cl.flag("--help")) return std::cout << kHelp, kOk;
  const auto duration = seconds(cl.option("--duration"));
  const std::string qps = cl.option("--qps");
  if (!cl.ok() || cl.positional().empty() || (!cl.option("--duration").empty() && !duration) ||
      (!qps.empty() && std::atof(qps.c_str()) <= 0)) {
    return usageError("simulate", cl, "give the design's files or folder",
                      "bad --duration or --qps (e.g. --duration 20s --qps 50)", kHelp);
  }
  const istio::ImportResult design = loadAndAnalyze(cl.positional());
  if (design.ioError || model::hasErrors(design.diagnostics)) {
    for (const auto& d : design.diagnostics)
      if (d.level == model::Level::Error) std::cerr << analysis::formatText(d) << "\n";
    std::cerr << "meshctl simulate: the design has errors; fix them first (meshctl validate shows all)\n";
    return kUsage;
  }
  const std::string reportDir = cl.option("--report");
  int argc = 1;
  char name[] = "meshctl";
  char* argv[] = {name, nullptr};
  // Child processes need Qt's event loop; report charts are widgets, so they need a
  // QApplication, always on the offscreen platform: meshctl shows no window and must not
  // depend on a display (CI, ssh).
  std::unique_ptr<QCoreApplication> app;
  if (reportDir.empty()) {
    app = std::make_unique<QCoreApplication>(argc, argv);
  } else {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    app = std::make_unique<QApplication>(argc, argv);
  }
  runtime::SimulationOptions options;
  options.runtime = runtime::defaultRuntimeOptions(QDir::tempPath().toStdString() + "/meshstudio-run-" +
                                                   std::to_string(QCoreApplication::applicationPid()));
  options.durationSeconds = duration;
  if (!qps.empty()) options.rate = std::atof(qps.c_str());
  options.scenario = cl.option("--scenario");
  runtime::SimulationCallbacks callbacks;
  callbacks.progress = [](int ready, int total) {
    std::printf("\rstarting pods: %d/%d ready", ready, total);
    if (ready == total) std::printf("\n");
    std::fflush(stdout);
  };
  callbacks.tick = printTable;
  runtime::SimulationResult result = runtime::simulate(design.mesh, options, callbacks);
  QDir(QString::fromStdString(options.runtime.runDir)).removeRecursively();
  if (!result.error.empty()) {
    std::cerr << "meshctl simulate: " << result.error << "\n";
    return kFailed;
  }
  std::printf("\n%llu requests in %.1f s (pods ready after %.2f s); latency at the entry p50 %s ms, p99 %s ms\n",
              static_cast<unsigned long long>(result.requests), result.seconds, result.startupSeconds,
              ms(result.latencyMs.p50).c_str(), ms(result.latencyMs.p99).c_str());
  for (const auto& a : result.assertions)
    std::printf("%s %s (%s)\n", a.passed ? "PASS" : "FAIL", a.name.c_str(), a.detail.c_str());
  if (!reportDir.empty()) {
    std::string error;
    if (!dashboard::writeReportWithCharts(result, designName(design.mesh), reportDir, &error))
      return std::cerr << "meshctl simulate: " << error << "\n", kFailed;
    std::printf("report written to %s (open %s/report.html)\n", reportDir.c_str(), reportDir.c_str());
  }
  return result.allPassed() ? kOk : 4;
}

}  // namespace ms::cli
