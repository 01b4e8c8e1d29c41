#pragma once

// Istio's documentation tasks as data (shared/istio/samples/tasks/outcomes.yaml): what each
// task sets up, the steps that apply real Istio YAML, and probes with the results the docs
// show. Where the docs only describe a result in words (`observe:`), our own translation file
// adds probes that check it, files the tasks assume (Bookinfo's gateway), stand-ins for hosts
// on the internet, and known deviations with their reasons.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/mesh_design.h"

namespace ms::runtime {

struct TaskRequest {
  std::string method = "GET";
  std::string url;  // http://HOST[:PORT]/PATH; $INGRESS stands for the ingress gateway's address
  std::vector<std::pair<std::string, std::string>> headers;
};

// fortio's way: `connections` clients send `requests` in all, each as soon as its previous
// one is answered.
struct TaskLoad {
  int connections = 1;
  int requests = 1;
  std::string url;
};

struct Range {
  std::optional<double> min, max;
  bool contains(double v) const { return (!min || v >= *min) && (!max || v <= *max); }
};

struct ResponseCount {  // from the proxies' istio_requests_total (reporter=destination)
  std::string service;  // destination_service_name
  int code = 0;
  Range count;
};

struct TaskExpectation {
  std::optional<int> status;        // every response; 0 = no HTTP answer (reset, refused)
  std::map<int, int> statusCounts;  // one run on a real cluster: the same statuses must occur
  std::optional<double> durationSeconds;  // "about this long": 0.8x .. 1.2x + 0.3 s
  // Ours:
  Range seconds;                                   // each response's time
  std::optional<std::vector<std::string>> degraded;  // x-mesh-degraded names exactly these ([]: none)
  std::map<std::string, std::string> calls;        // x-ms-calls: service -> its last attempt's outcome
  std::map<std::string, std::string> headers;      // response header -> value
  std::map<std::string, Range> served;             // workload -> requests its pods served
  std::map<std::string, double> servedShare;       // workload -> % of the listed workloads' requests
  double tolerance = 10;                           // percentage points for servedShare
  std::vector<ResponseCount> responses;
};

struct TaskProbe {
  std::string label;  // "legacy->foo", or the request
  bool fromIngress = false;  // a client outside the mesh, through the ingress gateway
  std::string fromNamespace;
  model::Labels fromLabels;
  std::optional<TaskRequest> request;
  std::optional<TaskLoad> load;
  int repeat = 1;
  TaskExpectation expect;
  std::string notExpressible;  // why this probe cannot run here; empty when it can
  std::string deviation;       // a known deviation from the docs, and why; it must still occur
  std::string knownBug;        // a known bug of ours this probe shows, and where; it must still show
};

struct TaskFile {
  std::string path;  // relative to shared/istio
  std::string ns;    // for documents without metadata.namespace
};

struct TaskStep {
  std::string name;  // "setup", "step 1", ...
  std::vector<TaskFile> apply;
  std::vector<TaskFile> thenDelete;
  std::vector<TaskProbe> probes;
  std::vector<std::string> notExpressible;  // parts of the step we cannot do, and why
  std::string observe;
};

struct Task {
  std::string id, title, doc;
  std::map<std::string, bool> namespaces;  // namespace -> injected
  std::vector<TaskStep> steps;             // steps[0] is the setup
  std::vector<std::string> notExpressible;  // task-wide (JWT tokens, ...)
  std::string behavioursFrom;  // a design whose workloads lend their behaviour by name (source tree)
  std::map<std::string, model::Behaviour> standIns;  // host on the internet -> its local stand-in's behaviour
};

// Reads outcomes.yaml's tasks and merges our translations (may be empty). Paths stay relative.
std::vector<Task> readTasks(const std::string& outcomesYaml, const std::string& translationsYaml, std::string* error);

}  // namespace ms::runtime
