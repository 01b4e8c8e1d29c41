#include "runtime/task_runner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "istio/importer.h"
#include "metrics/prometheus_parser.h"
#include "runtime/http_probe.h"

namespace ms::runtime {

namespace {

constexpr const char* kStandInNamespace = "internet";

std::string readText(const std::string& path, std::string* error) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  if (!in) *error = "cannot read " + path;
  return s.str();
}

std::string keyOf(const model::Resource& r) { return r.kindName + "/" + r.meta.namespace_ + "/" + r.meta.name; }

// The objects in force, in the order they were first applied, as `kubectl apply` keeps them.
class AppliedObjects {
 public:
  explicit AppliedObjects(std::string istioDir) : istioDir_(std::move(istioDir)) {}

  bool apply(const TaskFile& file, std::string* error) {
    std::vector<model::Resource> docs;
    if (!read(file.path, file.ns, docs, error)) return false;
    appliedIn_[file.path] = file.ns;
    for (auto& r : docs) {
      const auto it = std::find_if(resources_.begin(), resources_.end(), [&](const auto& o) { return keyOf(o) == keyOf(r); });
      if (it != resources_.end()) *it = std::move(r);
      else resources_.push_back(std::move(r));
    }
    return true;
  }

  // `kubectl delete -f FILE`, in the namespace the file was applied in.
  bool remove(const TaskFile& file, std::string* error) {
    const auto ns = appliedIn_.find(file.path);
    std::vector<model::Resource> docs;
    if (!read(file.path, ns == appliedIn_.end() ? "default" : ns->second, docs, error)) return false;
    for (const auto& r : docs)
      std::erase_if(resources_, [&](const model::Resource& o) { return keyOf(o) == keyOf(r); });
    return true;
  }

  const std::vector<model::Resource>& resources() const { return resources_; }

 private:
  bool read(const std::string& path, const std::string& ns, std::vector<model::Resource>& out, std::string* error) {
    const std::string full = istioDir_ + "/" + path;
    const std::string text = readText(full, error);
    if (!error->empty()) return false;
    model::Mesh scratch;
    model::Diagnostics diagnostics;
    istio::importText(text, full, scratch, diagnostics, {ns});
    for (const auto& d : diagnostics)
      if (d.level == model::Level::Error) return *error = full + ": " + d.message, false;
    out = std::move(scratch.resources);
    return true;
  }

  std::string istioDir_;
  std::vector<model::Resource> resources_;
  std::map<std::string, std::string> appliedIn_;
};

std::string standInName(const std::string& host) {
  std::string name = "standin-" + host;
  std::replace(name.begin(), name.end(), '.', '-');
  return name;
}

model::Resource standInDeployment(const std::string& host) {
  model::Resource r;
  r.kind = model::Kind::Deployment;
  r.kindName = "Deployment";
  r.apiVersion = "apps/v1";
  r.meta.name = standInName(host);
  r.meta.namespace_ = kStandInNamespace;
  model::KubernetesWorkload w;
  w.podLabels = {{"app", r.meta.name}};
  w.podAnnotations = {{"sidecar.istio.io/inject", "false"}};  // outside the mesh
  w.serviceAccount = "default";
  w.containerPorts = {8080};
  r.spec = w;
  return r;
}

// The behaviours a design gives its workloads, keyed by workload name, for workloads of the
// same name imported from Kubernetes manifests.
bool borrowBehaviours(const std::string& designPath, std::vector<model::WorkloadBehaviour>& out, std::string* error) {
  const istio::ImportResult design = istio::importPaths({designPath});
  if (design.ioError || model::hasErrors(design.diagnostics) || !design.mesh.design())
    return *error = "cannot read the behaviours of " + designPath, false;
  for (const model::DesignService& s : design.mesh.design()->services)
    for (const model::DesignWorkload& w : s.workloads)
      if (w.behaviour) out.push_back({model::designWorkloadName(s, w), s.namespace_.value_or("default"), w.behaviour});
  return true;
}

model::Mesh finish(const std::vector<model::Resource>& resources, const Task& task,
                   const std::vector<model::WorkloadBehaviour>& behaviours) {
  model::Mesh mesh;
  mesh.resources = resources;
  for (auto& r : mesh.resources)
    if (auto* w = r.as<model::KubernetesWorkload>()) {
      const auto injected = task.namespaces.find(r.meta.namespace_);
      if (injected != task.namespaces.end() && !injected->second) w->podAnnotations["sidecar.istio.io/inject"] = "false";
    }
  model::MeshDesign design;
  design.behaviours = behaviours;
  for (const auto& [host, behaviour] : task.standIns) {
    mesh.resources.push_back(standInDeployment(host));
    design.behaviours.push_back({standInName(host), std::string(kStandInNamespace), behaviour});
  }
  if (!design.behaviours.empty()) {
    model::Resource d;
    d.kind = model::Kind::MeshDesign;
    d.kindName = "MeshDesign";
    d.apiVersion = "meshstudio.dev/v1alpha1";
    d.meta.name = task.id;
    d.meta.namespace_ = "default";
    d.spec = design;
    mesh.resources.push_back(std::move(d));
  }
  return mesh;
}

// --- probes ---

struct Url {
  std::string host;  // as written, with the port if given
  std::string path = "/";
};

Url parseUrl(const std::string& url) {
  std::string rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  const auto slash = rest.find('/');
  Url u;
  u.host = rest.substr(0, slash);
  if (slash != std::string::npos) u.path = rest.substr(slash);
  return u;
}

std::vector<std::string> splitList(const std::string& value, char sep) {
  std::vector<std::string> out;
  std::stringstream in(value);
  std::string item;
  while (std::getline(in, item, sep)) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string withoutPort(const std::string& host) { return host.substr(0, host.find(':')); }

// x-ms-calls: "details:9080=200;reviews:9080=timeout,504;" -> service -> its last attempt.
std::map<std::string, std::string> lastAttempts(const std::string& trail) {
  std::map<std::string, std::string> out;
  for (const auto& call : splitList(trail, ';')) {
    const auto eq = call.find('=');
    if (eq == std::string::npos) continue;
    const auto attempts = splitList(call.substr(eq + 1), ',');
    out[withoutPort(call.substr(0, eq))] = attempts.empty() ? "" : attempts.back();
  }
  return out;
}

std::string number(double v, int decimals = 2) {
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

bool matchesWorkload(const controlplane::PodPlacement& pod, const std::string& key) {
  return pod.workload->name == key || pod.workload->namespace_ + "/" + pod.workload->name == key;
}

std::map<std::string, long> servedCounts(const MeshRunner& runner, const std::set<std::string>& workloads) {
  std::map<std::string, long> out;
  for (const auto& key : workloads) {
    long sum = 0;
    for (const auto& pod : runner.placement().pods)
      if (!pod.isGateway && matchesWorkload(pod, key))
        if (const auto n = runner.workloadRequests(pod.name)) sum += *n;
    out[key] = sum;
  }
  return out;
}

// istio_requests_total of destination reports, per "service code", summed over every proxy.
std::map<std::string, double> responseCounts(const MeshRunner& runner) {
  std::map<std::string, double> out;
  for (const auto& [address, port] : runner.adminEndpoints()) {
    const ProbeResult r = httpRequest(address, port, "GET", "/stats/prometheus", {}, std::chrono::milliseconds(1000));
    const auto parsed = metrics::parsePrometheusText(r.body);
    const auto* family = parsed.family("istio_requests_total");
    if (!family) continue;
    for (const auto& s : family->samples)
      if (metrics::labelValue(s.labels, "reporter") == "destination")
        out[metrics::labelValue(s.labels, "destination_service_name") + " " +
            metrics::labelValue(s.labels, "response_code")] += s.value;
  }
  return out;
}

void pause(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) {
    QCoreApplication::processEvents();
    QThread::msleep(10);
  }
}

class ProbeRun {
 public:
  ProbeRun(MeshRunner& runner, const TaskProbe& probe) : runner_(runner), p_(probe) {}

  ProbeVerdict run(const std::string& step) {
    ProbeVerdict v{step, p_.label, false, "", "", p_.deviation, p_.knownBug};
    const Url url = parseUrl(p_.request ? p_.request->url : p_.load->url);
    std::set<std::string> watched;
    for (const auto& [w, r] : p_.expect.served) watched.insert(w);
    for (const auto& [w, s] : p_.expect.servedShare) watched.insert(w);
    const auto servedBefore = settledCounts(watched);
    const auto responsesBefore = p_.expect.responses.empty() ? std::map<std::string, double>{} : responseCounts(runner_);

    std::string problem;
    if (p_.load) runLoad(url);
    else
      for (int i = 0; i < p_.repeat; ++i) results_.push_back(send(url, &problem));
    if (!problem.empty()) return v.problem = problem, v;

    std::map<std::string, long> served;
    if (!watched.empty()) {
      auto after = settledCounts(watched);
      for (const auto& w : watched) served[w] = after[w] - servedBefore.at(w);
    }
    std::map<std::string, double> responses;
    if (!p_.expect.responses.empty()) {
      pause(100);
      const auto after = responseCounts(runner_);
      for (const auto& [k, n] : after) responses[k] = n - (responsesBefore.count(k) ? responsesBefore.at(k) : 0);
    }
    judge(served, responses, v);
    return v;
  }

 private:
  // Mirrored copies are fire-and-forget and land after the answer: counts are taken once they
  // stopped moving, before and after the probe.
  std::map<std::string, long> settledCounts(const std::set<std::string>& watched) const {
    auto last = servedCounts(runner_, watched);
    if (watched.empty()) return last;
    for (int i = 0; i < 10; ++i) {
      pause(150);
      auto now = servedCounts(runner_, watched);
      if (now == last) break;
      last = std::move(now);
    }
    return last;
  }

  ProbeResult send(const Url& url, std::string* problem) {
    HttpRequest r;
    r.method = p_.request ? p_.request->method : "GET";
    r.path = url.path;
    if (p_.request) r.headers = p_.request->headers;
    r.timeout = std::chrono::milliseconds(20000);
    if (p_.fromIngress) {
      const auto ingress = runner_.ingressEndpoint();
      if (!ingress) return *problem = "the mesh has no ingress gateway listener", ProbeResult{};
      r.address = ingress->first;
      r.port = ingress->second;
      r.host = url.host;
      if (const auto at = r.host.find("$INGRESS"); at != std::string::npos)
        r.host.replace(at, 8, ingress->first + ":" + std::to_string(ingress->second));
      return httpRequest(r);
    }
    const auto pods = runner_.podsMatching(p_.fromNamespace, p_.fromLabels);
    if (pods.empty()) return *problem = "no pod in " + p_.fromNamespace + " has the probe's labels", ProbeResult{};
    const auto hop = runner_.routeFrom(pods.front()->name, url.host);
    if (!hop) return ProbeResult{};  // the name resolves to nothing: no answer
    r.address = hop->address;
    r.port = hop->port;
    r.host = hop->host;
    return httpRequest(r);
  }

  void runLoad(const Url& url) {
    std::atomic<int> next{0};
    std::mutex mutex;
    std::vector<std::thread> clients;
    for (int c = 0; c < p_.load->connections; ++c)
      clients.emplace_back([&] {
        while (next++ < p_.load->requests) {
          std::string ignored;
          ProbeResult r = send(url, &ignored);
          std::lock_guard lock(mutex);
          results_.push_back(std::move(r));
        }
      });
    for (auto& t : clients) t.join();
  }

  void judge(const std::map<std::string, long>& served, const std::map<std::string, double>& responses,
             ProbeVerdict& v) const {
    const TaskExpectation& x = p_.expect;
    std::vector<std::string> problems;
    std::map<int, int> statuses;
    double fastest = 1e9, slowest = 0;
    std::set<std::string> degradedSeen;
    for (const auto& r : results_) {
      ++statuses[r.status];
      fastest = std::min(fastest, r.seconds);
      slowest = std::max(slowest, r.seconds);
    }
    std::string measured = "statuses {";
    for (const auto& [code, n] : statuses) measured += (measured.back() == '{' ? "" : ", ") + std::to_string(code) + ": " + std::to_string(n);
    measured += "}, " + number(fastest) + "-" + number(slowest) + " s";

    if (x.status)
      for (const auto& [code, n] : statuses)
        if (code != *x.status) problems.push_back(std::to_string(n) + " answered " + std::to_string(code) + ", expected " +
                                                  std::to_string(*x.status));
    if (!x.statusCounts.empty()) {
      std::set<int> expected, seen;
      for (const auto& [code, n] : x.statusCounts)
        if (n > 0) expected.insert(code);
      for (const auto& [code, n] : statuses) seen.insert(code);
      if (expected != seen) problems.push_back("the docs' run shows the statuses of their counts, this run others");
    }
    for (const auto& r : results_) {
      if (x.durationSeconds && (r.seconds < 0.8 * *x.durationSeconds || r.seconds > 1.2 * *x.durationSeconds + 0.3))
        problems.push_back("took " + number(r.seconds) + " s, the docs about " + number(*x.durationSeconds, 1) + " s");
      if (!x.seconds.contains(r.seconds))
        problems.push_back("took " + number(r.seconds) + " s, expected " +
                           (x.seconds.min ? number(*x.seconds.min) : "0") + ".." + (x.seconds.max ? number(*x.seconds.max) : "inf"));
      std::vector<std::string> degraded;
      for (const auto& name : splitList(r.header("x-mesh-degraded"), ',')) degraded.push_back(withoutPort(name));
      degradedSeen.insert(degraded.begin(), degraded.end());
      if (x.degraded) {
        std::vector<std::string> want = *x.degraded, got = degraded;
        std::sort(want.begin(), want.end());
        std::sort(got.begin(), got.end());
        if (want != got) problems.push_back("degraded '" + r.header("x-mesh-degraded") + "'");
      }
      const auto calls = lastAttempts(r.header("x-ms-calls"));
      for (const auto& [service, outcome] : x.calls) {
        const auto it = calls.find(service);
        if (it == calls.end() || it->second != outcome)
          problems.push_back("call to " + service + " ended " + (it == calls.end() ? "unmade" : it->second) +
                             ", expected " + outcome + " (x-ms-calls '" + r.header("x-ms-calls") + "')");
      }
      for (const auto& [name, value] : x.headers)
        if (r.header(name) != value) problems.push_back(name + ": '" + r.header(name) + "', expected '" + value + "'");
    }
    if (!degradedSeen.empty()) {
      measured += ", degraded";
      for (const auto& d : degradedSeen) measured += " " + d;
    }
    for (const auto& [w, range] : x.served) {
      measured += ", " + w + " served " + std::to_string(served.at(w));
      if (!range.contains(static_cast<double>(served.at(w))))
        problems.push_back(w + " served " + std::to_string(served.at(w)));
    }
    if (!x.servedShare.empty()) {
      double total = 0;
      for (const auto& [w, share] : x.servedShare) total += static_cast<double>(served.at(w));
      for (const auto& [w, share] : x.servedShare) {
        const double got = total > 0 ? 100.0 * static_cast<double>(served.at(w)) / total : 0;
        measured += ", " + w + " " + number(got, 1) + "%";
        if (std::abs(got - share) > x.tolerance)
          problems.push_back(w + " served " + number(got, 1) + "%, expected " + number(share, 0) + " +- " + number(x.tolerance, 0));
      }
    }
    for (const auto& c : x.responses) {
      const std::string key = c.service + " " + std::to_string(c.code);
      const double n = responses.count(key) ? responses.at(key) : 0;
      measured += ", " + c.service + " answered " + std::to_string(c.code) + " x" + number(n, 0);
      if (!c.count.contains(n)) problems.push_back(c.service + " answered " + std::to_string(c.code) + " " + number(n, 0) + " times");
    }
    v.measured = measured;
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
    const bool asDocumented = problems.empty();
    if (p_.deviation.empty()) {
      v.passed = asDocumented;
      v.problem = all;
    } else {
      v.passed = !asDocumented;  // the deviation must still be there
      v.problem = asDocumented ? "the docs' result holds now: drop the known deviation" : "";
    }
  }

  MeshRunner& runner_;
  const TaskProbe& p_;
  std::vector<ProbeResult> results_;
};

bool hasRequestAuthentication(const model::Mesh& mesh) {
  return std::any_of(mesh.resources.begin(), mesh.resources.end(),
                     [](const model::Resource& r) { return r.kind == model::Kind::RequestAuthentication; });
}

}  // namespace

std::vector<model::Mesh> taskMeshes(const Task& task, const TaskRunnerOptions& options, std::string* error) {
  std::vector<model::Mesh> out;
  std::vector<model::WorkloadBehaviour> behaviours;
  if (!task.behavioursFrom.empty() && !borrowBehaviours(options.sourceDir + "/" + task.behavioursFrom, behaviours, error))
    return {};
  AppliedObjects cluster(options.istioDir);
  for (const TaskStep& step : task.steps) {
    for (const TaskFile& f : step.apply)
      if (!cluster.apply(f, error)) return {};
    out.push_back(finish(cluster.resources(), task, behaviours));
    for (const TaskFile& f : step.thenDelete)
      if (!cluster.remove(f, error)) return {};
  }
  return out;
}

TaskRun runTask(const Task& task, const TaskRunnerOptions& options) {
  TaskRun run;
  const std::vector<model::Mesh> meshes = taskMeshes(task, options, &run.error);
  if (!run.error.empty()) return run;
  run.notExpressible = task.notExpressible;
  // Which probes can run: not those the definition rules out, and none once the task relies
  // on RequestAuthentication (JWT validation, a JWKS fetched from the internet).
  std::vector<std::vector<bool>> runnable(task.steps.size());
  int expressible = 0;
  bool jwt = false;
  for (size_t i = 0; i < task.steps.size(); ++i) {
    const TaskStep& step = task.steps[i];
    run.notExpressible.insert(run.notExpressible.end(), step.notExpressible.begin(), step.notExpressible.end());
    if (!jwt && hasRequestAuthentication(meshes[i])) {
      jwt = true;
      run.notExpressible.push_back(step.name + " on: RequestAuthentication (JWT validation) is not modelled");
    }
    for (const TaskProbe& p : step.probes) {
      const bool ok = p.notExpressible.empty() && !jwt;
      runnable[i].push_back(ok);
      expressible += ok;
      if (!p.notExpressible.empty() && !jwt) run.notExpressible.push_back(step.name + " " + p.label + ": " + p.notExpressible);
    }
  }
  if (expressible == 0) return run;

  RuntimeOptions runtime = options.runtime;
  for (const auto& [host, behaviour] : task.standIns) {
    runtime.standIns[host] = std::string(kStandInNamespace) + "/" + standInName(host);
    run.notes.push_back(host + " is answered by a local meshworkload outside the mesh (" + runtime.standIns[host] +
                        "): there is no internet here");
  }
  MeshRunner runner(runtime);
  if (!runner.start(meshes[0], {}, &run.error)) return run;
  for (size_t i = 0; i < task.steps.size(); ++i) {
    if (i > 0) {
      runner.apply(meshes[i], &run.error);
      if (!run.error.empty()) {
        run.error = task.steps[i].name + ": " + run.error;
        break;
      }
    }
    for (size_t j = 0; j < task.steps[i].probes.size(); ++j)
      if (runnable[i][j]) run.verdicts.push_back(ProbeRun(runner, task.steps[i].probes[j]).run(task.steps[i].name));
  }
  runner.stop();
  return run;
}

}  // namespace ms::runtime
