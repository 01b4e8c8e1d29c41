#pragma once

// Runs a design end to end: starts its pods, drives the load profile, scrapes every proxy
// every 500 ms, plays the scenario, and measures. `meshctl simulate` and the designer's Run
// mode are views of this.

#include <functional>
#include <optional>
#include <string>

#include "model/mesh.h"
#include "runtime/mesh_runner.h"
#include "runtime/simulation_result.h"

namespace ms::runtime {

struct SimulationOptions {
  RuntimeOptions runtime;
  std::optional<double> rate;             // requests/s; overrides the design's load
  std::optional<double> durationSeconds;  // overrides the design's load duration
  std::string scenario;                   // by name; empty: the design's first scenario
  bool withoutScenario = false;           // play none (the designer's free-running mode)
};

struct SimulationCallbacks {
  std::function<void(int ready, int total)> progress;
  // Once a second: seconds since the load started, the edges over the last second, and the
  // events since the previous tick.
  std::function<void(double elapsed, const std::vector<EdgeRow>& edges, const RunEvents& events)> tick;
};

SimulationResult simulate(const model::Mesh& mesh, const SimulationOptions& options,
                          const SimulationCallbacks& callbacks);

}  // namespace ms::runtime
