#pragma once
// A design running with load, measured round by round. `simulate()` drives it to the end of
// the load for meshctl; the designer's Run mode drives it from a timer and changes the running
// mesh while it runs (pushes, pod kills, behaviour changes, load rate).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/mesh.h"
#include "runtime/mesh_runner.h"
#include "runtime/outlier_ejections.h"
#include "runtime/simulation.h"
#include "runtime/simulation_result.h"

namespace ms::runtime {

struct SimulationRound {
  double elapsed = 0;  // seconds since the load started
  RunEvents events;    // since the previous round
  // Once a second: the edges over the last second.
  std::optional<std::vector<EdgeRow>> rows;
  // Every round: the pods outlier detection holds ejected now, and by which callers.
  EjectedPods ejected;
};

class LiveSimulation {
 public:
  explicit LiveSimulation(SimulationOptions options);
  ~LiveSimulation();
  LiveSimulation(const LiveSimulation&) = delete;
  LiveSimulation& operator=(const LiveSimulation&) = delete;

  // Starts the pods, the scraper and the load. False with `error` set when it cannot.
  bool start(const model::Mesh& mesh, const std::function<void(int, int)>& progress, std::string* error);
  // Plays due scenario steps, scrapes every proxy and detects events. Call every 500 ms.
  SimulationRound round();
  double elapsed() const;
  double duration() const { return seconds_; }  // of the load
  bool loadFinished() const;                      // the duration has passed, plus one scrape
  // Stops the load, evaluates the assertions and stops the pods.
  SimulationResult finish();

  // Live changes; each is recorded as an event of the next round.
  PushResult apply(const model::Mesh& mesh, std::string* error);
  bool killPod(const std::string& pod);
  bool restartPod(const std::string& pod, std::string* error);
  int setBehaviour(const std::string& workload, const model::Behaviour& behaviour);
  void setRate(double requestsPerSecond);
  const MeshRunner& runner() const;

 private:
  struct State;
  void note(const std::string& kind, const std::string& text);
  void refreshTargets();
  SimulationOptions options_;
  double seconds_ = 0;
  std::unique_ptr<State> state_;
};

}  // namespace ms::runtime
