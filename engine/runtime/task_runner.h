#pragma once

// Runs an Istio documentation task (task_definition.h) on real proxies: the setup's and every
// step's Istio YAML is imported into one cumulative mesh, started once and then pushed step
// by step (MeshRunner::apply, as `kubectl apply` would reach istiod), and each step's probes
// are real requests sent from the named pod, through its sidecar (or, from a pod without one,
// straight to the destination pod in plaintext) or through the ingress gateway.

#include <string>
#include <vector>

#include "runtime/mesh_runner.h"
#include "runtime/task_definition.h"

namespace ms::runtime {

struct ProbeVerdict {
  std::string step, probe;
  bool passed = false;
  std::string measured;  // what happened: statuses, times, who served
  std::string problem;   // what differs from the expectation; empty when passed
  std::string deviation;  // a known deviation from the docs that was checked
  std::string knownBug;   // a known bug of ours the probe shows: expected to fail until fixed
};

struct TaskRun {
  std::string error;  // the task could not run
  std::vector<ProbeVerdict> verdicts;
  std::vector<std::string> notExpressible;  // what of the task was not run, and why
  std::vector<std::string> notes;           // how the run differs from a cluster (stand-ins)
};

struct TaskRunnerOptions {
  RuntimeOptions runtime;
  std::string istioDir;   // shared/istio: the tasks' paths are relative to it
  std::string sourceDir;  // the source tree: Task::behavioursFrom is relative to it
};

// Runs every expressible probe of the task. Starts nothing when none is expressible.
TaskRun runTask(const Task& task, const TaskRunnerOptions& options);

// The namespace-less imports, upserts and deletions of the task's steps, as the mesh each step
// puts in force (steps[0] is the setup). Exposed for tests of the bookkeeping.
std::vector<model::Mesh> taskMeshes(const Task& task, const TaskRunnerOptions& options, std::string* error);

}  // namespace ms::runtime
