#include "runtime/task_definition.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "istio/read_context.h"
#include "istio/struct_reader.h"

namespace ms::runtime {

namespace {

std::string text(const YAML::Node& n, const std::string& fallback = "") {
  return n && n.IsScalar() ? n.as<std::string>() : fallback;
}

std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n && n.IsSequence())
    for (const auto& item : n) out.push_back(item.as<std::string>());
  else if (n && n.IsScalar())
    out.push_back(n.as<std::string>());
  return out;
}

Range range(const YAML::Node& n) {
  Range r;
  if (n.IsScalar()) {
    r.min = r.max = n.as<double>();
  } else if (n.IsMap()) {
    if (n["min"]) r.min = n["min"].as<double>();
    if (n["max"]) r.max = n["max"].as<double>();
  }
  return r;
}

std::optional<model::Behaviour> behaviourFrom(const YAML::Node& n, std::string* error) {
  model::Resource scratch;
  model::Diagnostics diagnostics;
  istio::ReadContext ctx("translations", 0, 1, scratch, diagnostics);
  model::Behaviour b;
  istio::read(n, b, ctx, "behaviour");
  if (!diagnostics.empty()) return *error = "behaviour: " + diagnostics.front().message, std::nullopt;
  return b;
}

void readExpectation(const YAML::Node& e, TaskProbe& p) {
  TaskExpectation& x = p.expect;
  if (!e) return;
  if (e["status"]) x.status = e["status"].as<int>();
  if (const auto counts = e["status_counts"])
    for (const auto& kv : counts) x.statusCounts[kv.first.as<int>()] = kv.second.as<int>();
  if (e["duration_s"]) x.durationSeconds = e["duration_s"].as<double>();
  if (e["seconds"]) x.seconds = range(e["seconds"]);
  if (e["degraded"]) x.degraded = strings(e["degraded"]);
  for (const auto& kv : e["calls"]) x.calls[kv.first.as<std::string>()] = kv.second.as<std::string>();
  for (const auto& kv : e["headers"]) x.headers[kv.first.as<std::string>()] = kv.second.as<std::string>();
  for (const auto& kv : e["served"]) x.served[kv.first.as<std::string>()] = range(kv.second);
  for (const auto& kv : e["served_share"]) x.servedShare[kv.first.as<std::string>()] = kv.second.as<double>();
  if (e["tolerance"]) x.tolerance = e["tolerance"].as<double>();
  for (const auto& r : e["responses"])
    x.responses.push_back({text(r["service"]), r["code"].as<int>(), range(r)});
  // What the docs show that only a TLS client, a TCP client or localities could see.
  if (e["curl_exit"]) p.notExpressible = "a TLS handshake failure (curl exit " + text(e["curl_exit"]) + ")";
  for (const char* tcp : {"all_replies_start_with", "reply_prefix_share", "reply"})
    if (e[tcp]) p.notExpressible = "TCP replies: meshproxy proxies HTTP only (no TCP routes)";
  if (e["served_by_locality"]) p.notExpressible = "locality load balancing and failover are not modelled";
}

// A probe's field, or the one of the probe it merges (`<<: *anchor`, read by hand: not every
// yaml-cpp resolves merge keys).
YAML::Node field(const YAML::Node& n, const char* key) {
  if (n[key]) return n[key];
  if (const YAML::Node base = n["<<"]; base && base.IsMap()) return base[key];
  return n[key];  // undefined
}

TaskProbe readProbe(const YAML::Node& n, const std::string& fallbackLabel) {
  TaskProbe p;
  const YAML::Node from = field(n, "from");
  if (from && from.IsScalar()) {
    p.fromIngress = from.as<std::string>() == "ingressgateway-client";
  } else if (from) {
    p.fromNamespace = text(from["namespace"], "default");
    for (const auto& kv : from)
      if (const std::string k = kv.first.as<std::string>(); k != "namespace" && k != "locality")
        p.fromLabels[k] = kv.second.as<std::string>();
    if (from["locality"]) p.notExpressible = "a client in a locality: locality load balancing is not modelled";
  }
  if (const auto r = field(n, "request")) {
    TaskRequest req;
    req.method = text(r["method"], "GET");
    req.url = text(r["url"]);
    for (const auto& kv : r["headers"]) req.headers.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>());
    if (r["token"]) p.notExpressible = "a JWT (" + text(r["token"]) + "): RequestAuthentication is not modelled";
    for (const auto& [name, value] : req.headers)
      if (value.rfind("Bearer ", 0) == 0) p.notExpressible = "a bearer token: RequestAuthentication is not modelled";
    if (req.url.rfind("https://", 0) == 0)
      p.notExpressible = "HTTPS from the pod is TLS the sidecar passes through untouched: a TCP proxy meshproxy lacks";
    p.request = req;
  }
  if (const auto l = n["load"]) {
    TaskLoad load;
    load.connections = l["connections"].as<int>(1);
    load.requests = l["requests"].as<int>(1);
    load.url = text(l["url"]);
    p.load = load;
  }
  if (n["tcp"]) p.notExpressible = "a TCP client: meshproxy proxies HTTP only (no TCP routes)";
  if (n["repeat"]) p.repeat = n["repeat"].as<int>();
  readExpectation(n["expect"], p);
  std::string label = text(n["label"]);
  if (label.empty()) {
    const std::string url = p.request ? p.request->method + " " + p.request->url : p.load ? "load " + p.load->url : "tcp";
    label = url + (p.fromIngress ? " via the ingress" : " from " + p.fromNamespace);
    if (!p.fromLabels.empty()) label += "/" + p.fromLabels.begin()->second;
    if (p.repeat > 1) label += " x" + std::to_string(p.repeat);
    if (p.load) label += " (" + std::to_string(p.load->connections) + " connections)";
  }
  p.label = label.empty() ? fallbackLabel : label;
  return p;
}

// The tasks' probe matrices: sleep in each `from` namespace calls httpbin in each `to` one.
void readMatrix(const YAML::Node& matrix, const YAML::Node& expect, std::vector<TaskProbe>& out) {
  if (!matrix) return;
  for (const auto& from : strings(matrix["from"]))
    for (const auto& to : strings(matrix["to"])) {
      TaskProbe p;
      p.label = from + "->" + to;
      p.fromNamespace = from;
      p.fromLabels = {{"app", "sleep"}};
      p.request = TaskRequest{"GET", "http://httpbin." + to + ":8000/ip", {}};
      const YAML::Node status = expect[p.label] ? expect[p.label] : expect["*"];
      if (status) p.expect.status = status.as<int>();
      out.push_back(std::move(p));
    }
}

TaskStep readStep(const YAML::Node& n, const std::string& name, Task& task) {
  TaskStep step;
  step.name = name;
  step.observe = text(n["observe"]);
  const std::string applyIn = text(n["apply_in"], "default");
  for (const auto& path : strings(n["apply"])) step.apply.push_back({path, applyIn});
  for (const auto& kv : n["namespaces"]) {
    const std::string ns = kv.first.as<std::string>();
    task.namespaces[ns] = kv.second["injected"].as<bool>(true);
    for (const auto& path : strings(kv.second["apply"])) step.apply.push_back({path, ns});
  }
  for (const auto& path : strings(n["then_delete"])) step.thenDelete.push_back({path, ""});
  int index = 0;
  for (const auto& p : n["probes"]) step.probes.push_back(readProbe(p, name + " probe " + std::to_string(++index)));
  readMatrix(n["probe_matrix"], n["expect"], step.probes);
  if (n["expect_by_port"])
    step.notExpressible.push_back(name + ": TCP connections per port: meshproxy proxies HTTP only");
  // Our sidecars always route registry hosts only (REGISTRY_ONLY); ALLOW_ANY would pass other
  // hosts to the address the application resolved, which a Host header alone does not carry.
  if (const auto mc = n["mesh_config"]; mc && text(mc["outboundTrafficPolicy"]["mode"]) != "REGISTRY_ONLY")
    step.notExpressible.push_back(name + ": mesh_config outboundTrafficPolicy " +
                                  text(mc["outboundTrafficPolicy"]["mode"]) +
                                  " is not modelled (sidecars here route registry hosts only, as REGISTRY_ONLY)");
  if (const auto action = n["action"])
    for (const auto& kv : action)
      step.notExpressible.push_back(name + ": action " + kv.first.as<std::string>() + " (" + text(kv.second) +
                                    ") is not modelled");
  return step;
}

void mergeTranslations(const YAML::Node& all, std::vector<Task>& tasks, std::string* error) {
  const std::string behavioursFrom = text(all["behaviours_from"]);
  for (Task& task : tasks) {
    const YAML::Node t = all["tasks"][task.id];
    if (!t) continue;
    if (t["behaviours"].as<bool>(false)) task.behavioursFrom = behavioursFrom;
    for (const auto& f : t["setup_apply"])
      task.steps[0].apply.push_back(f.IsScalar() ? TaskFile{text(f), "default"}
                                                 : TaskFile{text(f["path"]), text(f["ns"], "default")});
    for (const auto& kv : t["stand_ins"]) {
      auto b = behaviourFrom(kv.second["behaviour"], error);
      if (!b) return;
      task.standIns[kv.first.as<std::string>()] = *b;
    }
    for (const auto& kv : t["probes"]) {
      const size_t step = kv.first.as<size_t>();
      if (step >= task.steps.size()) {
        *error = task.id + ": translations name step " + std::to_string(step) + ", the task has " +
                 std::to_string(task.steps.size() - 1);
        return;
      }
      int index = 0;
      for (const auto& p : kv.second)
        task.steps[step].probes.push_back(readProbe(p, task.steps[step].name + " observed " + std::to_string(++index)));
    }
    for (const char* list : {"deviations", "known_bugs"})
      for (const auto& d : t[list]) {
        const size_t step = d["step"].as<size_t>();
        const std::vector<std::string> labels = strings(d["probes"]);
        int found = 0;
        if (step < task.steps.size())
          for (TaskProbe& p : task.steps[step].probes)
            if (std::find(labels.begin(), labels.end(), p.label) != labels.end()) {
              (std::string(list) == "deviations" ? p.deviation : p.knownBug) = text(d["reason"]);
              ++found;
            }
        if (found != static_cast<int>(labels.size())) {
          *error = task.id + ": " + list + " name probes step " + std::to_string(step) + " does not have";
          return;
        }
      }
  }
}

}  // namespace

std::vector<Task> readTasks(const std::string& outcomesYaml, const std::string& translationsYaml, std::string* error) {
  std::vector<Task> tasks;
  try {
    const YAML::Node root = YAML::Load(outcomesYaml);
    for (const auto& t : root["tasks"]) {
      Task task;
      task.id = text(t["id"]);
      task.title = text(t["title"]);
      task.doc = text(t["doc"]);
      task.steps.push_back(readStep(t["setup"], "setup", task));
      if (t["setup"]["tokens"])
        task.notExpressible.push_back("JWTs signed by Istio's test issuer: RequestAuthentication is not modelled");
      int index = 0;
      for (const auto& s : t["steps"]) task.steps.push_back(readStep(s, "step " + std::to_string(++index), task));
      if (task.namespaces.empty()) task.namespaces["default"] = true;
      tasks.push_back(std::move(task));
    }
    if (!translationsYaml.empty()) mergeTranslations(YAML::Load(translationsYaml), tasks, error);
  } catch (const YAML::Exception& e) {
    *error = std::string("tasks: ") + e.what();
  }
  return tasks;
}

}  // namespace ms::runtime
