#include "runtime/live_simulation.h"

#include <QElapsedTimer>

#include <algorithm>

#include "load/load_generator.h"
#include "metrics/metric_events.h"
#include "metrics/scraper.h"
#include "model/duration.h"
#include "runtime/mesh_measurements.h"
#include "runtime/scenario_player.h"

namespace ms::runtime {

namespace {

const model::Scenario* findScenario(const model::MeshDesign* design, const std::string& name) {
  if (!design || design->scenarios.empty()) return nullptr;
  if (name.empty()) return &design->scenarios.front();
  for (const auto& s : design->scenarios)
    if (s.name == name) return &s;
  return nullptr;
}

// Where the load enters: the ingress gateway, or a sidecar's outbound listener with the
// target service as Host (the pod then acts as the client, like `sleep` in Istio's tasks).
std::optional<LoadTarget> loadTarget(const MeshRunner& runner, const model::LoadProfile& load) {
  LoadTarget t;
  t.path = load.path.value_or("/");
  t.method = load.method.value_or("GET");
  for (const auto& [k, v] : load.headers) t.headers.emplace_back(k, v);
  const std::string target = load.target.value_or("istio-ingressgateway.istio-system");
  if (target.rfind("istio-ingressgateway", 0) == 0) {
    const auto ingress = runner.ingressEndpoint();
    if (!ingress) return std::nullopt;
    t.address = ingress->first;
    t.port = static_cast<std::uint16_t>(ingress->second);
    return t;
  }
  for (const auto& pod : runner.placement().pods) {
    if (pod.isGateway || !pod.workload->injected) continue;
    const auto services = runner.registry().servicesOf(*pod.workload);
    if (!services.empty() && services.front()->name == target) continue;  // not from the target itself
    t.address = pod.address;
    t.port = controlplane::kOutboundPort;
    t.host = target + (load.port ? ":" + std::to_string(*load.port) : "");
    return t;
  }
  return std::nullopt;
}

LoadOptions loadOptions(const model::LoadProfile& load, const SimulationOptions& options, double seconds) {
  LoadOptions o;
  o.model = load.mode == "concurrency" ? LoadModel::Closed : LoadModel::Open;
  o.rate = options.rate.value_or(load.rate.value_or(10));
  o.concurrency = static_cast<int>(load.concurrency.value_or(1));
  o.duration = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  for (const auto& s : load.stages) {
    const double at = s.at ? model::parseDurationSeconds(*s.at).value_or(0) : 0;
    o.stages.push_back({std::chrono::milliseconds(static_cast<long>(at * 1000)), s.rate.value_or(o.rate),
                        static_cast<int>(s.concurrency.value_or(o.concurrency))});
  }
  return o;
}

PercentileSet percentiles(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  auto at = [&](double q) { return values[static_cast<size_t>(q * static_cast<double>(values.size() - 1) + 0.5)]; };
  return {at(0.5), at(0.95), at(0.99)};
}

std::string pushSummary(const PushResult& push) {
  const double slowest = push.latenciesMs.empty() ? 0 : *std::max_element(push.latenciesMs.begin(), push.latenciesMs.end());
  return "pushed version " + push.version + " to " + std::to_string(push.pods.size()) + " proxies, all serving it after " +
         std::to_string(static_cast<int>(slowest + 0.5)) + " ms";
}

}  // namespace

struct LiveSimulation::State {
  explicit State(const RuntimeOptions& options) : runner(options) {}
  MeshRunner runner;
  model::Mesh mesh;
  std::optional<model::Scenario> scenario;
  std::unique_ptr<LoadGenerator> generator;
  metrics::MetricsStore store;
  metrics::MetricEventDetector detector;
  metrics::Scraper scraper{{}, {}};
  std::unique_ptr<ScenarioPlayer> player;
  std::vector<double> pushLatencies;
  metrics::TimeMs started = 0;
  metrics::TimeMs lastTick = 0;  // the scrape the previous tick's window ended at
  QElapsedTimer clock;
  int nextTick = 1;
  RunEvents pending;  // live changes, reported with the next round
  SimulationResult result;
};

LiveSimulation::LiveSimulation(SimulationOptions options) : options_(std::move(options)) {}

LiveSimulation::~LiveSimulation() {
  if (state_) state_->runner.stop();
}

bool LiveSimulation::start(const model::Mesh& mesh, const std::function<void(int, int)>& progress, std::string* error) {
  const model::MeshDesign* design = mesh.design();
  const model::LoadProfile load = design && design->load ? *design->load : model::LoadProfile{};
  seconds_ = options_.durationSeconds.value_or(
      load.duration ? model::parseDurationSeconds(*load.duration).value_or(30) : 30);
  const model::Scenario* scenario = options_.withoutScenario ? nullptr : findScenario(design, options_.scenario);
  if (!options_.scenario.empty() && !scenario) return *error = "no scenario named " + options_.scenario, false;

  state_ = std::make_unique<State>(options_.runtime);
  State& s = *state_;
  s.mesh = mesh;
  if (scenario) s.scenario = *scenario;
  QElapsedTimer startup;
  startup.start();
  if (!s.runner.start(mesh, progress ? progress : [](int, int) {}, error)) return false;
  s.result.startupSeconds = startup.elapsed() / 1000.0;

  const auto target = loadTarget(s.runner, load);
  if (!target) return *error = "the design has no ingress gateway or client pod to send load from", false;
  s.generator = std::make_unique<LoadGenerator>(*target, loadOptions(load, options_, seconds_));
  std::vector<metrics::ScrapeTarget> targets;
  for (const auto& [address, port] : s.runner.adminEndpoints()) targets.push_back({address, static_cast<std::uint16_t>(port)});
  s.scraper.setTargets(targets);
  s.player = std::make_unique<ScenarioPlayer>(s.runner, mesh, s.scenario.value_or(model::Scenario{}), &s.pushLatencies,
                                              [&s](const model::LoadProfile& l) {
                                                if (l.rate) s.generator->setRate(*l.rate);
                                                if (l.concurrency) s.generator->setConcurrency(static_cast<int>(*l.concurrency));
                                              });
  ingestRound(s.store, s.scraper.scrapeOnce());  // the baseline the first interval's rates start from
  s.started = s.lastTick = s.store.latestTime();
  if (!s.generator->start(error)) return false;
  s.clock.start();
  return true;
}

double LiveSimulation::elapsed() const { return state_ ? state_->clock.elapsed() / 1000.0 : 0; }

bool LiveSimulation::loadFinished() const { return elapsed() >= seconds_ + 0.6; }

SimulationRound LiveSimulation::round() {
  State& s = *state_;
  SimulationRound r;
  r.elapsed = elapsed();
  r.events = std::move(s.pending);
  s.pending.clear();
  const RunEvents played = s.player->advance(r.elapsed);
  r.events.insert(r.events.end(), played.begin(), played.end());
  ingestRound(s.store, s.scraper.scrapeOnce());
  for (const auto& e : s.detector.update(s.store)) r.events.push_back({r.elapsed, metrics::toString(e.kind), e.text});
  s.result.events.insert(s.result.events.end(), r.events.begin(), r.events.end());
  if (r.elapsed >= s.nextTick) {
    s.nextTick = static_cast<int>(r.elapsed) + 1;
    // From the previous tick's scrape: a fixed 1000 ms window sometimes spans three scrapes.
    const metrics::TimeMs now = s.store.latestTime();
    r.rows = edgeRows(s.store, metrics::Window{s.lastTick, now});
    s.lastTick = now;
    s.result.timeline.emplace_back(r.elapsed, *r.rows);
  }
  return r;
}

SimulationResult LiveSimulation::finish() {
  State& s = *state_;
  s.generator->stop();
  SimulationResult& result = s.result;
  const LoadCounts counts = s.generator->total();
  const metrics::Window whole{s.started, s.store.latestTime()};
  result.seconds = whole.seconds();
  result.loadSeconds = std::min(elapsed(), seconds_);
  result.requests = counts.completed;
  result.byStatus = counts.byStatus;
  for (const auto& [flag, n] : counts.byFlag) result.byFlag[flag] = n;
  result.latencyMs = {counts.latency.percentile(50) / 1000.0, counts.latency.percentile(95) / 1000.0,
                      counts.latency.percentile(99) / 1000.0};
  result.edges = edgeRows(s.store, whole);
  result.byDestination = requestsByDestination(s.store, whole);
  result.pushLatencyMs = percentiles(s.pushLatencies);
  if (s.scenario)
    for (const auto& a : s.scenario->assertions) {
      result.assertions.push_back(evaluate(a, s.store, whole, counts, s.runner.registry()));
      result.events.push_back({result.seconds, "assertion",
                               result.assertions.back().name + (result.assertions.back().passed ? ": passed" : ": FAILED")});
    }
  s.runner.stop();
  return std::move(result);
}

void LiveSimulation::note(const std::string& kind, const std::string& text) {
  state_->pending.push_back({elapsed(), kind, text});
}

PushResult LiveSimulation::apply(const model::Mesh& mesh, std::string* error) {
  PushResult push = state_->runner.apply(mesh, error);
  if (!error->empty()) {
    note("error", "design change not applied: " + *error);
    return push;
  }
  state_->mesh = mesh;
  state_->player->setMesh(mesh);
  state_->pushLatencies.insert(state_->pushLatencies.end(), push.latenciesMs.begin(), push.latenciesMs.end());
  note("config-applied", "design edited: " + pushSummary(push));
  return push;
}

bool LiveSimulation::killPod(const std::string& pod) {
  const bool ok = state_->runner.killPod(pod);
  note(ok ? "pod-killed" : "error", ok ? pod + " killed" : "no running pod " + pod);
  return ok;
}

bool LiveSimulation::restartPod(const std::string& pod, std::string* error) {
  const bool ok = state_->runner.restartPod(pod, error);
  note(ok ? "pod-started" : "error", ok ? pod + " restarted" : "restart of " + pod + " failed: " + *error);
  return ok;
}

int LiveSimulation::setBehaviour(const std::string& workload, const model::Behaviour& behaviour) {
  const int pods = state_->runner.setBehaviour(workload, behaviour);
  note("behaviour", workload + ": behaviour changed on " + std::to_string(pods) + " pods");
  return pods;
}

void LiveSimulation::setRate(double requestsPerSecond) {
  state_->generator->setRate(requestsPerSecond);
  note("load", "rate set to " + std::to_string(static_cast<int>(requestsPerSecond)) + " requests/s");
}

const MeshRunner& LiveSimulation::runner() const { return state_->runner; }

}  // namespace ms::runtime
