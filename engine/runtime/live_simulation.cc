#include "runtime/live_simulation.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cctype>
#include <cstdio>

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

// Where the load enters: the ingress gateway; or a client pod: its sidecar's outbound listener
// with the target service as Host (the pod then acts as the client, like `sleep` in Istio's
// tasks), or, from a pod without a sidecar, the target's pod directly in plaintext.
std::optional<LoadTarget> loadTarget(const MeshRunner& runner, const model::LoadProfile& load, std::string* error) {
  LoadTarget t;
  t.path = load.path.value_or("/");
  t.method = load.method.value_or("GET");
  for (const auto& [k, v] : load.headers) t.headers.emplace_back(k, v);
  const std::string target = load.target.value_or("istio-ingressgateway.istio-system");
  if (target.rfind("istio-ingressgateway", 0) == 0 && !load.source) {
    const auto ingress = runner.ingressEndpoint();
    if (!ingress) return *error = "the design has no ingress gateway listener to send load to", std::nullopt;
    t.address = ingress->first;
    t.port = static_cast<std::uint16_t>(ingress->second);
    return t;
  }
  const std::string host = target + (load.port ? ":" + std::to_string(*load.port) : "");
  for (const auto& pod : runner.placement().pods) {
    if (pod.isGateway) continue;
    if (load.source) {
      // A workload, a pod, or a service (its first pod), optionally as NAMESPACE/NAME.
      const std::string& ns = pod.workload->namespace_;
      bool named = pod.workload->name == *load.source || ns + "/" + pod.workload->name == *load.source ||
                   pod.name == *load.source;
      for (const auto* s : runner.registry().servicesOf(*pod.workload))
        named = named || s->name == *load.source || ns + "/" + s->name == *load.source;
      if (!named) continue;
    } else {
      if (!pod.workload->injected) continue;
      const auto services = runner.registry().servicesOf(*pod.workload);
      if (!services.empty() && services.front()->name == target) continue;  // not from the target itself
    }
    const auto hop = runner.routeFrom(pod.name, host);
    if (!hop) return *error = "no pod serves " + host + " for a client without a sidecar", std::nullopt;
    t.address = hop->address;
    t.port = static_cast<std::uint16_t>(hop->port);
    t.host = hop->host;
    return t;
  }
  *error = load.source ? "the load's source " + *load.source + " has no pod"
                       : "the design has no ingress gateway or client pod to send load from";
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

void addCounts(LoadCounts& into, const LoadCounts& more) {
  into.sent += more.sent;
  into.completed += more.completed;
  into.errors += more.errors;
  for (const auto& [k, n] : more.byStatus) into.byStatus[k] += n;
  for (const auto& [k, n] : more.byFlag) into.byFlag[k] += n;
  for (const auto& [k, n] : more.byVersion) into.byVersion[k] += n;
  for (const auto& [k, n] : more.byError) into.byError[k] += n;
  into.latency.merge(more.latency);
  into.seconds += more.seconds;
}

// What the run measured at one point of its timeline: the load generator's counts since the
// previous point, and the store's clock then.
struct Mark {
  double elapsed = 0;
  metrics::TimeMs storeTime = 0;
  LoadCounts load;
};

// The part of the run an assertion judges: `window` ending at `at` (a time or `end`).
struct Span {
  double from = 0, to = 0;
};

std::optional<Span> spanOf(const model::Assertion& a, double runSeconds) {
  if (!a.at && !a.window) return std::nullopt;
  Span s{0, runSeconds};
  if (a.at && *a.at != "end") s.to = std::min(runSeconds, model::parseDurationSeconds(*a.at).value_or(runSeconds));
  if (a.window) s.from = std::max(0.0, s.to - model::parseDurationSeconds(*a.window).value_or(s.to));
  return s;
}

// Event kinds compare without case, spaces or hyphens: EndpointEjected = "endpoint ejected".
std::string eventKey(const std::string& kind) {
  std::string out;
  for (const char c : kind)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

AssertionResult counted(const model::Assertion& a, double n, const std::string& what) {
  AssertionResult r{a.name.value_or(""), (!a.min || n >= *a.min) && (!a.max || n <= *a.max), ""};
  char text[160];
  std::snprintf(text, sizeof text, "%s = %.0f", what.c_str(), n);
  r.detail = text;
  if (a.min) r.detail += ", min " + std::to_string(static_cast<long>(*a.min));
  if (a.max) r.detail += ", max " + std::to_string(static_cast<long>(*a.max));
  return r;
}

AssertionResult judge(const model::Assertion& a, const metrics::MetricsStore& store, const std::vector<Mark>& marks,
                      metrics::TimeMs started, const metrics::Window& whole, const LoadCounts& total,
                      const RunEvents& events, const model::ServiceRegistry& registry) {
  const std::optional<Span> span = spanOf(a, whole.seconds());
  LoadCounts load = total;
  metrics::Window window = whole;
  std::string range;
  if (span) {
    load = LoadCounts{};
    window = {started + static_cast<metrics::TimeMs>(span->from * 1000), whole.to};
    for (const auto& m : marks) {
      // A mark holds the half second before it; ticks run a few ms late.
      if (m.elapsed > span->from + 0.1 && m.elapsed <= span->to + 0.1) addCounts(load, m.load);
      if (m.elapsed <= span->to + 0.1) window.to = m.storeTime;
    }
    char text[64];
    std::snprintf(text, sizeof text, " (%.1f-%.1f s)", span->from, span->to);
    range = text;
  }
  AssertionResult r;
  if (a.metric == "event") {  // events of kind `code` (EndpointEjected, pod-killed, ...)
    const Span all = span.value_or(Span{0, 1e18});
    double n = 0;
    for (const auto& e : events)
      if (eventKey(e.kind) == eventKey(a.code.value_or("")) && e.atSeconds >= all.from && e.atSeconds <= all.to) ++n;
    r = counted(a, n, "events " + a.code.value_or("?"));
  } else if (a.metric == "status" && a.destination) {  // an edge's responses, from the proxies
    const model::RegistryService* service = registry.findHost(*a.destination, "default");
    const auto codes = metrics::responseCodes(store, window, service ? service->host : *a.destination, a.source.value_or(""));
    const auto it = codes.find(a.code.value_or("0"));
    r = counted(a, it == codes.end() ? 0 : it->second,
                "responses " + a.code.value_or("0") + " from " + *a.destination);
  } else {
    r = evaluate(a, store, window, load, registry);
  }
  r.detail += range;
  return r;
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
  std::vector<Mark> marks;  // per round: what the load saw, for assertions over windows
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

  const auto target = loadTarget(s.runner, load, error);
  if (!target) return false;
  s.generator = std::make_unique<LoadGenerator>(*target, loadOptions(load, options_, seconds_));
  refreshTargets();
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
  // What the load saw up to now, before this round's steps act: a window ending at a step's
  // time must not count what the step caused.
  LoadCounts interval = s.generator->takeInterval();
  const RunEvents played = s.player->advance(r.elapsed);
  r.events.insert(r.events.end(), played.begin(), played.end());
  if (!r.events.empty()) refreshTargets();  // pods may have come or gone
  ingestRound(s.store, s.scraper.scrapeOnce());
  s.marks.push_back({r.elapsed, s.store.latestTime(), std::move(interval)});
  r.ejected = findEjectedPods(s.store, s.runner.placement());
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
  s.marks.push_back({elapsed(), s.store.latestTime(), s.generator->takeInterval()});
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
      result.assertions.push_back(judge(a, s.store, s.marks, s.started, whole, counts, result.events, s.runner.registry()));
      result.events.push_back({result.seconds, "assertion",
                               result.assertions.back().name + (result.assertions.back().passed ? ": passed" : ": FAILED")});
    }
  s.runner.stop();
  return std::move(result);
}

void LiveSimulation::refreshTargets() {
  std::vector<metrics::ScrapeTarget> targets;
  for (const auto& [address, port] : state_->runner.adminEndpoints()) targets.push_back({address, static_cast<std::uint16_t>(port)});
  state_->scraper.setTargets(targets);
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
  refreshTargets();
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
