#include "metrics/mesh_queries.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

namespace ms::metrics {
namespace {

constexpr const char* kRequests = "istio_requests_total";
constexpr const char* kDurationBuckets = "istio_request_duration_milliseconds_bucket";

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// How a request series counts under the one-reporter-per-request rule (see the header).
enum class Counted { No, Yes, LocalFailure };

class ReporterChoice {
 public:
  explicit ReporterChoice(const MetricsStore& store) {
    store.forEach(kRequests, [&](const Series& s) {
      if (labelValue(s.labels, "reporter") == "destination")
        sidecarServices_.insert(labelValue(s.labels, "destination_service"));
    });
  }

  Counted operator()(const Labels& labels) const {
    const std::string& reporter = labelValue(labels, "reporter");
    bool sidecar = sidecarServices_.count(labelValue(labels, "destination_service")) > 0;
    if (reporter == "destination") return Counted::Yes;
    if (reporter != "source") return Counted::No;
    if (!sidecar) return Counted::Yes;
    const std::string& flags = labelValue(labels, "response_flags");
    for (const char* f : {"UO", "UH", "UF", "FI"})
      if (hasResponseFlag(flags, f)) return Counted::LocalFailure;
    return Counted::No;
  }

 private:
  std::set<std::string> sidecarServices_;
};

EdgeKey edgeOf(const Labels& labels, bool byVersion) {
  return {labelValue(labels, "source_workload"), labelValue(labels, "destination_service"),
          byVersion ? labelValue(labels, "destination_version") : std::string()};
}

bool isFailure(const std::string& code) { return code.empty() || code == "0" || code[0] == '5'; }

double sumIncrease(const MetricsStore& store, const std::string& name, Window w) {
  double total = 0;
  store.forEach(name, [&](const Series& s) { total += counterIncrease(s.points, w.from, w.to); });
  return total;
}

}  // namespace

bool hasResponseFlag(const std::string& flags, const std::string& flag) {
  std::size_t start = 0;
  while (start <= flags.size()) {
    std::size_t comma = flags.find(',', start);
    if (comma == std::string::npos) comma = flags.size();
    if (flags.compare(start, comma - start, flag) == 0) return true;
    start = comma + 1;
  }
  return false;
}

Window lastWindow(const MetricsStore& store, TimeMs ms) {
  TimeMs to = store.latestTime();
  return {to - ms, to};
}

std::vector<EdgeTraffic> edgeTraffic(const MetricsStore& store, Window window, bool byVersion) {
  ReporterChoice choose(store);
  std::map<EdgeKey, EdgeTraffic> edges;
  store.forEach(kRequests, [&](const Series& s) {
    Counted counted = choose(s.labels);
    if (counted == Counted::No) return;
    double n = counterIncrease(s.points, window.from, window.to);
    EdgeKey key = edgeOf(s.labels, byVersion);
    // A request the client proxy failed never had a version; file it under the service.
    if (counted == Counted::LocalFailure && byVersion) key.destinationVersion = "unknown";
    EdgeTraffic& e = edges[key];
    e.edge = key;
    e.requests += n;
    if (isFailure(labelValue(s.labels, "response_code"))) e.failures += n;
    if (hasResponseFlag(labelValue(s.labels, "response_flags"), "UO")) e.uoOverflows += n;
  });
  std::vector<EdgeTraffic> out;
  for (auto& [key, e] : edges) {
    e.requestsPerSecond = window.seconds() > 0 ? e.requests / window.seconds() : 0;
    e.successRate = e.requests > 0 ? (e.requests - e.failures) / e.requests : 1;
    out.push_back(e);
  }
  return out;
}

std::map<std::string, double> responseCodes(const MetricsStore& store, Window window,
                                            const std::string& destinationService, const std::string& sourceWorkload) {
  ReporterChoice choose(store);
  std::map<std::string, double> out;
  store.forEach(kRequests, [&](const Series& s) {
    if (choose(s.labels) == Counted::No || labelValue(s.labels, "destination_service") != destinationService) return;
    if (!sourceWorkload.empty() && labelValue(s.labels, "source_workload") != sourceWorkload) return;
    const std::string& code = labelValue(s.labels, "response_code");
    out[code.empty() ? "0" : code] += counterIncrease(s.points, window.from, window.to);
  });
  return out;
}

std::map<std::string, double> canarySplit(const MetricsStore& store,
                                          const std::string& destinationService, Window window) {
  ReporterChoice choose(store);
  std::map<std::string, double> byVersion;
  double total = 0;
  store.forEach(kRequests, [&](const Series& s) {
    // Local failures never reached any version, so they are not part of the split.
    if (choose(s.labels) != Counted::Yes ||
        labelValue(s.labels, "destination_service") != destinationService)
      return;
    double n = counterIncrease(s.points, window.from, window.to);
    byVersion[labelValue(s.labels, "destination_version")] += n;
    total += n;
  });
  if (total <= 0) return {};
  for (auto& [version, n] : byVersion) n /= total;
  return byVersion;
}

double histogramQuantile(double q, std::vector<Bucket> buckets) {
  if (std::isnan(q)) return kNaN;
  if (q < 0) return -std::numeric_limits<double>::infinity();
  if (q > 1) return std::numeric_limits<double>::infinity();
  std::sort(buckets.begin(), buckets.end(),
            [](const Bucket& a, const Bucket& b) { return a.upperBound < b.upperBound; });
  if (buckets.size() < 2 || !std::isinf(buckets.back().upperBound)) return kNaN;
  // Counts taken at slightly different moments may dip; cumulative counts cannot, so flatten.
  for (std::size_t i = 1; i < buckets.size(); ++i)
    buckets[i].count = std::max(buckets[i].count, buckets[i - 1].count);
  double observations = buckets.back().count;
  if (observations <= 0) return kNaN;
  double rank = q * observations;
  std::size_t b = 0;
  while (b < buckets.size() - 1 && buckets[b].count < rank) ++b;
  if (b == buckets.size() - 1) return buckets[b - 1].upperBound;
  if (b == 0 && buckets[0].upperBound <= 0) return buckets[0].upperBound;
  double start = b == 0 ? 0 : buckets[b - 1].upperBound;
  double below = b == 0 ? 0 : buckets[b - 1].count;
  double inBucket = buckets[b].count - below;
  if (inBucket <= 0) return buckets[b].upperBound;
  return start + (buckets[b].upperBound - start) * ((rank - below) / inBucket);
}

std::vector<EdgeLatency> edgeLatency(const MetricsStore& store, Window window, bool byVersion) {
  ReporterChoice choose(store);
  std::map<EdgeKey, std::map<double, double>> histograms;  // edge -> le -> increase
  store.forEach(kDurationBuckets, [&](const Series& s) {
    Counted counted = choose(s.labels);
    if (counted == Counted::No) return;
    EdgeKey key = edgeOf(s.labels, byVersion);
    if (counted == Counted::LocalFailure && byVersion) key.destinationVersion = "unknown";
    const std::string& le = labelValue(s.labels, "le");
    double bound = parsePrometheusFloat(le).value_or(kNaN);
    if (std::isnan(bound)) return;
    histograms[key][bound] += counterIncrease(s.points, window.from, window.to);
  });
  std::vector<EdgeLatency> out;
  for (const auto& [key, h] : histograms) {
    std::vector<Bucket> buckets;
    for (auto [bound, count] : h) buckets.push_back({bound, count});
    EdgeLatency e{key, buckets.empty() ? 0 : buckets.back().count, 0, 0, 0};
    e.p50 = histogramQuantile(0.50, buckets);
    e.p95 = histogramQuantile(0.95, buckets);
    e.p99 = histogramQuantile(0.99, buckets);
    out.push_back(e);
  }
  return out;
}

std::vector<ClusterHealth> clusterHealth(const MetricsStore& store, Window window) {
  std::map<std::string, ClusterHealth> clusters;
  auto entry = [&](const Labels& labels) -> ClusterHealth& {
    const std::string& name = labelValue(labels, "cluster_name");
    ClusterHealth& c = clusters[name];
    c.cluster = name;
    return c;
  };
  store.forEach("envoy_cluster_outlier_detection_ejections_active", [&](const Series& s) {
    double v = gaugeAt(s, window.to, store.options().lookbackMs);
    entry(s.labels).ejectionsActive += std::isnan(v) ? 0 : v;
  });
  auto increase = [&](const char* name, double ClusterHealth::*field) {
    store.forEach(name, [&](const Series& s) {
      entry(s.labels).*field += counterIncrease(s.points, window.from, window.to);
    });
  };
  increase("envoy_cluster_outlier_detection_ejections_total", &ClusterHealth::ejections);
  increase("envoy_cluster_upstream_rq_retry", &ClusterHealth::retries);
  increase("envoy_cluster_upstream_rq_pending_overflow", &ClusterHealth::pendingOverflows);
  increase("envoy_cluster_upstream_cx_overflow", &ClusterHealth::connectionOverflows);
  std::vector<ClusterHealth> out;
  for (auto& [name, c] : clusters) {
    c.retriesPerSecond = window.seconds() > 0 ? c.retries / window.seconds() : 0;
    out.push_back(c);
  }
  return out;
}

std::string clusterService(const std::string& name) {
  if (name.rfind("inbound|", 0) == 0 || name == "PassthroughCluster" || name == "BlackHoleCluster") return "";
  if (name.rfind("outbound|", 0) == 0) {
    // outbound|PORT|SUBSET|HOST
    std::size_t at = 0;
    for (int field = 0; field < 3; ++field) {
      at = name.find('|', at);
      if (at == std::string::npos) return "";
      ++at;
    }
    return name.substr(at);
  }
  return name.substr(0, name.find('|'));
}

std::set<std::string> destinationWorkloads(const MetricsStore& store) {
  std::set<std::string> out;
  store.forEach(kRequests, [&](const Series& s) {
    if (labelValue(s.labels, "reporter") == "destination") out.insert(labelValue(s.labels, "destination_workload"));
  });
  return out;
}

std::vector<EdgeHealth> edgeHealth(const MetricsStore& store, Window window) {
  std::map<std::string, std::string> workloadOf;  // instance -> source workload
  std::set<std::string> services;                 // destination_service values
  store.forEach(kRequests, [&](const Series& s) {
    services.insert(labelValue(s.labels, "destination_service"));
    if (labelValue(s.labels, "reporter") == "source")
      workloadOf[labelValue(s.labels, "instance")] = labelValue(s.labels, "source_workload");
  });
  // A cluster's service as the destination_service label spells it.
  auto serviceOf = [&](const std::string& cluster) -> std::string {
    std::string host = clusterService(cluster);
    if (host.empty() || services.count(host)) return host;
    for (const auto& s : services)
      if (s.compare(0, s.find('.'), host) == 0) return s;
    return host;
  };
  std::map<EdgeKey, EdgeHealth> edges;
  std::map<EdgeKey, std::map<std::string, double>> active;  // edge -> instance -> ejected
  auto each = [&](const char* metric, const std::function<void(const Series&, EdgeHealth&)>& fn) {
    store.forEach(metric, [&](const Series& s) {
      const auto proxy = workloadOf.find(labelValue(s.labels, "instance"));
      if (proxy == workloadOf.end()) return;
      const std::string service = serviceOf(labelValue(s.labels, "cluster_name"));
      if (service.empty()) return;
      EdgeKey key{proxy->second, service, ""};
      EdgeHealth& e = edges[key];
      e.edge = key;
      fn(s, e);
    });
  };
  each("envoy_cluster_upstream_rq_retry",
       [&](const Series& s, EdgeHealth& e) { e.retries += counterIncrease(s.points, window.from, window.to); });
  each("envoy_cluster_outlier_detection_ejections_total",
       [&](const Series& s, EdgeHealth& e) { e.ejections += counterIncrease(s.points, window.from, window.to); });
  each("envoy_cluster_outlier_detection_ejections_active", [&](const Series& s, EdgeHealth& e) {
    double v = gaugeAt(s, window.to, store.options().lookbackMs);
    if (!std::isnan(v)) active[e.edge][labelValue(s.labels, "instance")] += v;
  });
  std::vector<EdgeHealth> out;
  for (auto& [key, e] : edges) {
    e.retriesPerSecond = window.seconds() > 0 ? e.retries / window.seconds() : 0;
    for (const auto& [instance, n] : active[key]) e.ejectedEndpoints = std::max(e.ejectedEndpoints, n);
    out.push_back(e);
  }
  return out;
}

Overflows circuitBreakerOverflows(const MetricsStore& store, Window window) {
  Overflows o;
  store.forEach(kRequests, [&](const Series& s) {
    // UO is decided by the client's proxy, so only its source report carries it.
    if (labelValue(s.labels, "reporter") == "source" &&
        hasResponseFlag(labelValue(s.labels, "response_flags"), "UO"))
      o.uoResponses += counterIncrease(s.points, window.from, window.to);
  });
  o.pendingOverflows = sumIncrease(store, "envoy_cluster_upstream_rq_pending_overflow", window);
  o.connectionOverflows = sumIncrease(store, "envoy_cluster_upstream_cx_overflow", window);
  return o;
}

SecurityShare securityShare(const MetricsStore& store, Window window,
                            const std::string& destinationService) {
  SecurityShare share;
  store.forEach(kRequests, [&](const Series& s) {
    if (labelValue(s.labels, "reporter") != "destination") return;
    if (!destinationService.empty() &&
        labelValue(s.labels, "destination_service") != destinationService)
      return;
    const std::string& policy = labelValue(s.labels, "connection_security_policy");
    double n = counterIncrease(s.points, window.from, window.to);
    if (policy == "mutual_tls")
      share.mutualTls += n;
    else if (policy == "none")
      share.plaintext += n;
  });
  return share;
}

}  // namespace ms::metrics
