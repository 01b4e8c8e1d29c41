#include "runtime/simulation.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "model/duration.h"
#include "load/load_generator.h"
#include "metrics/metric_events.h"
#include "metrics/scraper.h"
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

void waitMs(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) {
    QCoreApplication::processEvents();
    QThread::msleep(std::min<int>(10, ms - static_cast<int>(t.elapsed()) + 1));
  }
}

}  // namespace

SimulationResult simulate(const model::Mesh& mesh, const SimulationOptions& options, const SimulationCallbacks& cb) {
  SimulationResult result;
  const model::MeshDesign* design = mesh.design();
  const model::LoadProfile load = design && design->load ? *design->load : model::LoadProfile{};
  const double seconds = options.durationSeconds.value_or(
      load.duration ? model::parseDurationSeconds(*load.duration).value_or(30) : 30);
  const model::Scenario* scenario = findScenario(design, options.scenario);
  if (!options.scenario.empty() && !scenario) return result.error = "no scenario named " + options.scenario, result;

  MeshRunner runner(options.runtime);
  QElapsedTimer clock;
  clock.start();
  if (!runner.start(mesh, cb.progress ? cb.progress : [](int, int) {}, &result.error)) return result;
  result.startupSeconds = clock.elapsed() / 1000.0;

  const auto target = loadTarget(runner, load, &result.error);
  if (!target) return result;
  LoadGenerator generator(*target, loadOptions(load, options, seconds));
  metrics::MetricsStore store;
  metrics::MetricEventDetector detector;
  metrics::Scraper scraper({}, {});
  std::vector<metrics::ScrapeTarget> targets;
  for (const auto& [address, port] : runner.adminEndpoints()) targets.push_back({address, static_cast<std::uint16_t>(port)});
  scraper.setTargets(targets);
  std::vector<double> pushLatencies;
  ScenarioPlayer player(runner, mesh, scenario ? *scenario : model::Scenario{}, &pushLatencies, [&](const model::LoadProfile& l) {
    if (l.rate) generator.setRate(*l.rate);
    if (l.concurrency) generator.setConcurrency(static_cast<int>(*l.concurrency));
  });
  ingestRound(store, scraper.scrapeOnce());  // the baseline the first interval's rates start from
  const metrics::TimeMs started = store.latestTime();
  if (!generator.start(&result.error)) return result;

  clock.restart();
  int nextTick = 1;
  std::vector<Mark> marks;
  while (clock.elapsed() < seconds * 1000 + 600) {  // one more scrape after the load ends
    waitMs(500 - static_cast<int>(clock.elapsed() % 500));
    const double elapsed = clock.elapsed() / 1000.0;
    // What the load saw up to now, before this tick's steps act: a window ending at a step's
    // time must not count what the step caused.
    LoadCounts interval = generator.takeInterval();
    RunEvents events = player.advance(elapsed);
    if (!events.empty()) {  // pods may have come or gone
      targets.clear();
      for (const auto& [address, port] : runner.adminEndpoints())
        targets.push_back({address, static_cast<std::uint16_t>(port)});
      scraper.setTargets(targets);
    }
    ingestRound(store, scraper.scrapeOnce());
    marks.push_back({elapsed, store.latestTime(), std::move(interval)});
    for (const auto& e : detector.update(store)) events.push_back({elapsed, metrics::toString(e.kind), e.text});
    result.events.insert(result.events.end(), events.begin(), events.end());
    if (elapsed >= nextTick) {
      nextTick = static_cast<int>(elapsed) + 1;
      const auto rows = edgeRows(store, metrics::lastWindow(store, 1000));
      result.timeline.emplace_back(elapsed, rows);
      if (cb.tick) cb.tick(elapsed, rows, events);
    }
  }
  generator.stop();
  const LoadCounts counts = generator.total();
  marks.push_back({clock.elapsed() / 1000.0, store.latestTime(), generator.takeInterval()});
  const metrics::Window whole{started, store.latestTime()};
  result.seconds = whole.seconds();
  result.requests = counts.completed;
  result.byStatus = counts.byStatus;
  for (const auto& [flag, n] : counts.byFlag) result.byFlag[flag] = n;
  result.latencyMs = {counts.latency.percentile(50) / 1000.0, counts.latency.percentile(95) / 1000.0,
                      counts.latency.percentile(99) / 1000.0};
  result.edges = edgeRows(store, whole);
  result.byDestination = requestsByDestination(store, whole);
  result.pushLatencyMs = percentiles(pushLatencies);
  if (scenario)
    for (const auto& a : scenario->assertions) {
      result.assertions.push_back(judge(a, store, marks, started, whole, counts, result.events, runner.registry()));
      result.events.push_back({result.seconds, "assertion",
                               result.assertions.back().name + (result.assertions.back().passed ? ": passed" : ": FAILED")});
    }
  runner.stop();
  return result;
}

}  // namespace ms::runtime
