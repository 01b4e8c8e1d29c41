#pragma once

// Plays a design's scenario timeline against a running mesh: at each step's time it edits the
// running copy of the design (weights, faults, PeerAuthentication) and pushes the change, or
// acts on pods and workloads directly.

#include <functional>

#include "model/mesh.h"
#include "runtime/mesh_runner.h"
#include "runtime/run_event.h"

namespace ms::runtime {

class ScenarioPlayer {
 public:
  using LoadChange = std::function<void(const model::LoadProfile&)>;

  // Push latencies (ms per proxy) are appended to `pushLatencies` when given.
  ScenarioPlayer(MeshRunner& runner, model::Mesh mesh, model::Scenario scenario, std::vector<double>* pushLatencies,
                 LoadChange onLoadChange);

  // Runs every step due by `elapsedSeconds` that has not run yet; returns what happened.
  RunEvents advance(double elapsedSeconds);
  bool done() const { return next_ >= scenario_.steps.size(); }
  // The design changed while running (an edit in the designer); later steps apply to it.
  void setMesh(model::Mesh mesh) { mesh_ = std::move(mesh); }

 private:
  RunEvent run(const model::ScenarioStep& step, double at);
  RunEvent push(double at, const std::string& what);
  model::Resource* findResource(model::Kind kind, const std::string& target);

  MeshRunner& runner_;
  model::Mesh mesh_;
  model::Scenario scenario_;
  std::vector<double>* pushLatencies_;
  LoadChange onLoadChange_;
  size_t next_ = 0;
};

// The step times in seconds, for sorting and for display; nullopt for a malformed time.
std::optional<double> stepSeconds(const model::ScenarioStep& step);

}  // namespace ms::runtime
