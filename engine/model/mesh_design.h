#pragma once

// MeshStudio's own document (apiVersion meshstudio.dev/v1alpha1, kind MeshDesign): what
// Kubernetes has no place for. Schema and a full example: docs/design-file.md.

#include "model/fields.h"

namespace ms::model {

struct LatencyDistribution {
  OptString distribution;  // fixed | uniform | normal | lognormal | exponential
  OptString mean, stddev, min, max;  // durations
  template <class V> void fields(V& v) {
    v("distribution", distribution);
    v("mean", mean);
    v("stddev", stddev);
    v("min", min);
    v("max", max);
  }
  bool operator==(const LatencyDistribution&) const = default;
};

struct ErrorBehaviour {
  OptDouble rate;  // 0..1
  OptInt status;
  template <class V> void fields(V& v) {
    v("rate", rate);
    v("status", status);
  }
  bool operator==(const ErrorBehaviour&) const = default;
};

struct DownstreamCall {
  OptString service, path, method, timeout;  // timeout: the caller's own (application) timeout
  OptInt port, retries;                       // retries: the caller's own retries
  OptBool optional;  // a failure is tolerated: the caller still answers, marked degraded
  template <class V> void fields(V& v) {
    v("service", service, Required);
    v("port", port);
    v("path", path);
    v("method", method);
    v("timeout", timeout);
    v("retries", retries);
    v("optional", optional);
  }
  bool operator==(const DownstreamCall&) const = default;
};

struct CallPlan {
  OptString mode;  // sequence (default) | parallel
  std::vector<DownstreamCall> targets;
  template <class V> void fields(V& v) {
    v("mode", mode);
    v("targets", targets);
  }
  bool operator==(const CallPlan&) const = default;
};

struct Behaviour {
  std::optional<LatencyDistribution> latency;
  std::optional<ErrorBehaviour> errors;
  OptInt responseBytes;
  std::optional<CallPlan> calls;
  Strings propagateHeaders;  // incoming headers copied to every downstream call (tracing ones always)
  template <class V> void fields(V& v) {
    v("latency", latency);
    v("errors", errors);
    v("responseBytes", responseBytes);
    v("calls", calls);
    v("propagateHeaders", propagateHeaders);
  }
  bool operator==(const Behaviour&) const = default;
};

struct DesignWorkload {
  OptString name, version, serviceAccount;
  OptInt replicas;
  OptBool injected;  // sidecar present (default true)
  Labels labels;
  std::optional<Behaviour> behaviour;
  template <class V> void fields(V& v) {
    v("name", name);
    v("version", version);
    v("replicas", replicas);
    v("serviceAccount", serviceAccount);
    v("labels", labels);
    v("injected", injected);
    v("behaviour", behaviour);
  }
  bool operator==(const DesignWorkload&) const = default;
};

struct DesignServicePort {
  OptString name, protocol;
  OptInt port, targetPort;
  template <class V> void fields(V& v) {
    v("name", name);
    v("port", port, Required);
    v("targetPort", targetPort);
    v("protocol", protocol);
  }
  bool operator==(const DesignServicePort&) const = default;
};

struct DesignService {
  OptString name, namespace_;
  std::vector<DesignServicePort> ports;
  std::vector<DesignWorkload> workloads;
  template <class V> void fields(V& v) {
    v("name", name, Required);
    v("namespace", namespace_);
    v("ports", ports);
    v("workloads", workloads);
  }
  bool operator==(const DesignService&) const = default;
};

// Behaviour for workloads defined elsewhere (imported Kubernetes Deployments), by name.
struct WorkloadBehaviour {
  OptString workload, namespace_;
  std::optional<Behaviour> behaviour;
  template <class V> void fields(V& v) {
    v("workload", workload, Required);
    v("namespace", namespace_);
    v("behaviour", behaviour);
  }
  bool operator==(const WorkloadBehaviour&) const = default;
};

struct CanvasPosition {
  OptString ref;  // Kind/namespace/name
  OptDouble x, y;
  template <class V> void fields(V& v) {
    v("ref", ref, Required);
    v("x", x);
    v("y", y);
  }
  bool operator==(const CanvasPosition&) const = default;
};

struct LoadStage {
  OptString at;  // duration from the start
  OptDouble rate;
  OptInt concurrency;
  template <class V> void fields(V& v) {
    v("at", at, Required);
    v("rate", rate);
    v("concurrency", concurrency);
  }
  bool operator==(const LoadStage&) const = default;
};

struct LoadProfile {
  OptString target;  // host the load enters at: a gateway's host or a service
  OptString source;  // workload the load is sent from (a pod of it); default: any other sidecar
  OptInt port;
  OptString path, method, duration;
  OptString mode;  // rate (open model, default) | concurrency (closed model)
  OptDouble rate;
  OptInt concurrency;
  Labels headers;
  std::vector<LoadStage> stages;
  template <class V> void fields(V& v) {
    v("target", target);
    v("source", source);
    v("port", port);
    v("path", path);
    v("method", method);
    v("headers", headers);
    v("mode", mode);
    v("rate", rate);
    v("concurrency", concurrency);
    v("duration", duration);
    v("stages", stages);
  }
  bool operator==(const LoadProfile&) const = default;
};

struct ScenarioStep {
  OptString at;      // duration from the start
  OptString action;  // setWeights | killPod | restartPod | scale | setBehaviour | setFault |
                     // clearFault | setPeerAuthentication | setLoad
  OptString target;  // what it acts on: Kind/namespace/name, a pod name, or a service
  OptString mode;    // setPeerAuthentication: the new mTLS mode
  std::map<std::string, std::int64_t> weights;  // setWeights: subset -> weight
  OptInt replicas;
  std::optional<Behaviour> behaviour;
  std::optional<LoadProfile> load;
  Value fault;  // setFault: an Istio HTTPFaultInjection, as YAML
  template <class V> void fields(V& v) {
    v("at", at, Required);
    v("action", action, Required);
    v("target", target);
    v("weights", weights);
    v("replicas", replicas);
    v("mode", mode);
    v("behaviour", behaviour);
    v("load", load);
    v("fault", fault);
  }
  bool operator==(const ScenarioStep&) const = default;
};

struct Assertion {
  OptString name;
  OptString at;      // duration, or "end" (default)
  OptString window;  // measurement window ending at `at` (default: the whole run)
  OptString metric;  // successRate | share | p50 | p95 | p99 | requests | status | flag
  OptString source, destination, version;  // edge: source workload -> destination service
  OptString code;    // status or response flag for metric status/flag
  OptDouble min, max;
  template <class V> void fields(V& v) {
    v("name", name, Required);
    v("at", at);
    v("window", window);
    v("metric", metric, Required);
    v("source", source);
    v("destination", destination);
    v("version", version);
    v("code", code);
    v("min", min);
    v("max", max);
  }
  bool operator==(const Assertion&) const = default;
};

struct Scenario {
  OptString name, description;
  std::vector<ScenarioStep> steps;
  std::vector<Assertion> assertions;
  template <class V> void fields(V& v) {
    v("name", name, Required);
    v("description", description);
    v("steps", steps);
    v("assertions", assertions);
  }
  bool operator==(const Scenario&) const = default;
};

struct MeshDesign {
  std::vector<DesignService> services;
  std::vector<WorkloadBehaviour> behaviours;
  std::optional<LoadProfile> load;
  std::vector<Scenario> scenarios;
  std::vector<CanvasPosition> canvas;
  template <class V> void fields(V& v) {
    v("services", services);
    v("behaviours", behaviours);
    v("load", load);
    v("scenarios", scenarios);
    v("canvas", canvas);
  }
  bool operator==(const MeshDesign&) const = default;
};

}  // namespace ms::model
