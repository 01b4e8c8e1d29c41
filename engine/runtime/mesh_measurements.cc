#include "runtime/mesh_measurements.h"

#include <cstdio>
#include <set>

namespace ms::runtime {

namespace {

std::string shortName(const std::string& fqdn) { return fqdn.substr(0, fqdn.find('.')); }

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", v);
  return buffer;
}

// The destination service an assertion names, as the destination_service label spells it.
std::string destinationHost(const model::Assertion& a, const model::ServiceRegistry& registry) {
  const std::string name = a.destination.value_or("");
  const model::RegistryService* s = registry.findHost(name, "default");
  return s ? s->host : name;
}

struct Measured {
  double value = NAN;
  std::string what;
};

Measured measure(const model::Assertion& a, const metrics::MetricsStore& store, metrics::Window window,
                 const LoadCounts& load, const model::ServiceRegistry& registry) {
  const std::string metric = a.metric.value_or("");
  const std::string host = destinationHost(a, registry);
  const bool atEntry = !a.destination;
  if (metric == "share") {
    const auto split = metrics::canarySplit(store, host, window);
    const auto it = split.find(a.version.value_or(""));
    return {it == split.end() ? 0.0 : it->second * 100, "share of " + a.version.value_or("?") + " at " + host};
  }
  if (metric == "successRate" || metric == "requests" || (metric == "flag" && !atEntry)) {
    double requests = 0, failures = 0, overflows = 0;
    // With a version, only what reached that version counts: requests a proxy failed before
    // picking an endpoint (a fault's abort, an overflow) have none.
    for (const auto& e : metrics::edgeTraffic(store, window, a.version.has_value())) {
      if (e.edge.destinationService != host) continue;
      if (a.source && e.edge.sourceWorkload != *a.source) continue;
      if (a.version && e.edge.destinationVersion != *a.version) continue;
      requests += e.requests;
      failures += e.failures;
      overflows += e.uoOverflows;
    }
    if (atEntry && metric != "flag") {
      requests = static_cast<double>(load.completed);
      failures = 0;
      for (const auto& [code, n] : load.byStatus) failures += (code == 0 || code >= 500) ? static_cast<double>(n) : 0;
    }
    if (metric == "requests") return {requests, "requests"};
    if (metric == "flag") return {overflows, "UO responses"};
    return {requests > 0 ? (1 - failures / requests) * 100 : NAN, "success rate %"};
  }
  if (metric == "p50" || metric == "p95" || metric == "p99") {
    const double q = metric == "p50" ? 0.5 : metric == "p95" ? 0.95 : 0.99;
    if (atEntry) return {static_cast<double>(load.latency.percentile(q * 100)) / 1000.0, metric + " ms at the entry"};
    double best = NAN, count = 0;
    for (const auto& e : metrics::edgeLatency(store, window, false))
      if (e.edge.destinationService == host && e.count > count) {
        count = e.count;
        best = metric == "p50" ? e.p50 : metric == "p95" ? e.p95 : e.p99;
      }
    return {best, metric + " ms"};
  }
  if (metric == "status") {
    const auto it = load.byStatus.find(std::atoi(a.code.value_or("0").c_str()));
    return {it == load.byStatus.end() ? 0.0 : static_cast<double>(it->second), "responses " + a.code.value_or("")};
  }
  if (metric == "flag") {
    const auto it = load.byFlag.find(a.code.value_or(""));
    return {it == load.byFlag.end() ? 0.0 : static_cast<double>(it->second), "responses with " + a.code.value_or("")};
  }
  return {NAN, "unknown metric " + metric};
}

}  // namespace

std::vector<EdgeRow> edgeRows(const metrics::MetricsStore& store, metrics::Window window) {
  std::map<std::pair<std::string, std::string>, EdgeRow> rows;
  const std::set<std::string> servers = metrics::destinationWorkloads(store);
  for (const auto& e : metrics::edgeTraffic(store, window, false)) {
    EdgeRow& row = rows[{e.edge.sourceWorkload, e.edge.destinationService}];
    row.source = e.edge.sourceWorkload;
    row.destination = shortName(e.edge.destinationService);
    row.rps = e.requestsPerSecond;
    row.successPercent = e.successRate * 100;
    row.overflows = e.uoOverflows;
    row.entry = !servers.count(e.edge.sourceWorkload);
    for (const auto& [version, share] : metrics::canarySplit(store, e.edge.destinationService, window))
      row.split[version] = share * 100;
  }
  for (const auto& l : metrics::edgeLatency(store, window, false)) {
    const auto it = rows.find({l.edge.sourceWorkload, l.edge.destinationService});
    if (it != rows.end()) it->second.p50 = l.p50, it->second.p95 = l.p95, it->second.p99 = l.p99;
  }
  // Cluster stats of edges that carried no request in the window stay out: a row is traffic.
  for (const auto& h : metrics::edgeHealth(store, window)) {
    const auto it = rows.find({h.edge.sourceWorkload, h.edge.destinationService});
    if (it != rows.end()) it->second.retriesPerSecond = h.retriesPerSecond, it->second.ejectedEndpoints = h.ejectedEndpoints;
  }
  std::vector<EdgeRow> out;
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  return out;
}

std::map<std::string, std::map<std::string, double>> requestsByDestination(const metrics::MetricsStore& store,
                                                                          metrics::Window window) {
  std::map<std::string, std::map<std::string, double>> out;
  for (const auto& e : metrics::edgeTraffic(store, window, true))
    out[shortName(e.edge.destinationService)][e.edge.destinationVersion.empty() ? "unknown" : e.edge.destinationVersion] +=
        e.requests;
  return out;
}

AssertionResult evaluate(const model::Assertion& a, const metrics::MetricsStore& store, metrics::Window window,
                         const LoadCounts& load, const model::ServiceRegistry& registry) {
  const Measured m = measure(a, store, window, load, registry);
  AssertionResult r{a.name.value_or(""), false, ""};
  if (std::isnan(m.value)) {
    r.detail = "no data for " + m.what;
    return r;
  }
  const bool aboveMin = !a.min || m.value >= *a.min;
  const bool belowMax = !a.max || m.value <= *a.max;
  r.passed = aboveMin && belowMax;
  r.detail = m.what + " = " + number(m.value) + (a.min ? ", min " + number(*a.min) : "") +
             (a.max ? ", max " + number(*a.max) : "");
  return r;
}

}  // namespace ms::runtime
