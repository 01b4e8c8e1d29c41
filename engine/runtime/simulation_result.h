#pragma once

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "runtime/run_event.h"

namespace ms::runtime {

// One row of the live table: an edge source workload -> destination service, over a window
// (one second in the timeline, the whole run in SimulationResult::edges).
struct EdgeRow {
  std::string source, destination;
  double rps = 0;
  double successPercent = 100;
  double p50 = NAN, p95 = NAN, p99 = NAN;  // milliseconds
  std::map<std::string, double> split;     // destination version -> percent, of the destination service
  double overflows = 0;                    // 503 UO responses in the window
  double retriesPerSecond = 0;             // Envoy's upstream_rq_retry at the source's proxies
  double ejectedEndpoints = 0;             // endpoints the source's proxy holds ejected at the window's end
  bool entry = false;                      // the load enters the mesh here (the source serves no mesh traffic)
};

struct AssertionResult {
  std::string name;
  bool passed = false;
  std::string detail;
};

struct PercentileSet {
  double p50 = NAN, p95 = NAN, p99 = NAN;
};

// What a run measured; summary.json is this (docs/report.md).
struct SimulationResult {
  std::string error;  // set when the run could not happen
  double startupSeconds = 0;
  double seconds = 0;
  double loadSeconds = 0;  // how long the load generator sent requests; 0: not recorded
  std::uint64_t requests = 0;
  std::map<int, std::uint64_t> byStatus;
  std::map<std::string, std::uint64_t> byFlag;
  std::map<std::string, std::map<std::string, double>> byDestination;  // service -> version -> requests
  PercentileSet latencyMs;                                            // at the load's entry
  std::vector<EdgeRow> edges;                                         // over the whole run
  RunEvents events;
  std::vector<AssertionResult> assertions;
  PercentileSet pushLatencyMs;
  std::vector<std::pair<double, std::vector<EdgeRow>>> timeline;  // per second

  bool allPassed() const {
    for (const auto& a : assertions)
      if (!a.passed) return false;
    return true;
  }
};

}  // namespace ms::runtime
