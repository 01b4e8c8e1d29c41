#pragma once

// The derived series dashboards and `meshctl simulate` show, computed from the store over a
// time window.
//
// Istio reports a sidecar-to-sidecar request twice: reporter="source" at the client's proxy and
// reporter="destination" at the server's. To count each request once, a request is taken from
// the destination report when the destination service has a sidecar (it reported anything at
// all), else from the source report. Requests the client's proxy failed itself never reach a
// destination proxy: source reports whose response_flags contain UO (overflow), UH (no healthy
// upstream), UF (connection failure) or FI (an injected abort) are added to the edge, so
// circuit-breaker 503s and fault-injection aborts show in its success rate.

#include <compare>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "metrics/metrics_store.h"

namespace ms::metrics {

struct Window {
  TimeMs from = 0;
  TimeMs to = 0;
  double seconds() const { return double(to - from) / 1000.0; }
};

// The window of the last `ms` milliseconds of data in the store.
Window lastWindow(const MetricsStore& store, TimeMs ms);

struct EdgeKey {
  std::string sourceWorkload;
  std::string destinationService;
  std::string destinationVersion;  // "" when versions are merged
  auto operator<=>(const EdgeKey&) const = default;
};

struct EdgeTraffic {
  EdgeKey edge;
  double requests = 0;
  double failures = 0;  // 5xx, and responses without a status code (0)
  double uoOverflows = 0;
  double requestsPerSecond = 0;
  double successRate = 1;  // 1 when there were no requests
};

std::vector<EdgeTraffic> edgeTraffic(const MetricsStore& store, Window window,
                                     bool byVersion = true);

// Responses of one destination service (FQDN) by status code ("0": no response), each request
// counted once; only those from `sourceWorkload` when given.
std::map<std::string, double> responseCodes(const MetricsStore& store, Window window,
                                            const std::string& destinationService,
                                            const std::string& sourceWorkload = "");

// Share (0..1) of requests per destination_version of one destination service (its FQDN as in
// the destination_service label). Empty when the service served nothing in the window.
std::map<std::string, double> canarySplit(const MetricsStore& store,
                                          const std::string& destinationService, Window window);

struct Bucket {
  double upperBound = 0;  // the le label
  double count = 0;       // cumulative
};

// Prometheus' histogram_quantile: linear interpolation within the bucket holding the rank; the
// +Inf bucket answers the highest finite bound; NaN without data or without a +Inf bucket.
double histogramQuantile(double q, std::vector<Bucket> buckets);

struct EdgeLatency {
  EdgeKey edge;
  double count = 0;
  double p50 = 0, p95 = 0, p99 = 0;  // milliseconds; NaN without requests
};

std::vector<EdgeLatency> edgeLatency(const MetricsStore& store, Window window,
                                     bool byVersion = false);

// Envoy-style cluster stats summed over every proxy that has the cluster.
struct ClusterHealth {
  std::string cluster;
  double ejectionsActive = 0;  // at the end of the window
  double ejections = 0;        // ejection events (increase of ejections_total)
  double retries = 0;
  double retriesPerSecond = 0;
  double pendingOverflows = 0;
  double connectionOverflows = 0;
};

std::vector<ClusterHealth> clusterHealth(const MetricsStore& store, Window window);

// The service a cluster's stats are about, as its name spells it: Envoy's
// "outbound|9080|v1|reviews.default.svc.cluster.local" and meshproxy's
// "reviews.default.svc.cluster.local|v1" both give "reviews.default.svc.cluster.local"; Istio's
// short "outbound|9080||reviews" gives "reviews". Empty for inbound and passthrough clusters.
std::string clusterService(const std::string& clusterName);

// The cluster stats of an edge's client proxies (source workload -> destination service; the
// key's version is empty). Cluster stats carry no workload label: a proxy (scrape instance)
// belongs to the source_workload of the source reports it serves, and a cluster to the
// destination_service its name spells (a short name matches the service of that name).
struct EdgeHealth {
  EdgeKey edge;
  double retries = 0;  // increase of upstream_rq_retry over every cluster of the service
  double retriesPerSecond = 0;
  double ejections = 0;  // increase of outlier_detection_ejections_total
  // outlier_detection_ejections_active at the window's end, summed over the service's clusters
  // of one proxy; the most any one client proxy reports (replicas each eject on their own).
  double ejectedEndpoints = 0;
};

std::vector<EdgeHealth> edgeHealth(const MetricsStore& store, Window window);

// Workloads that served requests from a sidecar (destination_workload of destination reports),
// over everything in the store. A source workload not among them is where load enters the mesh.
std::set<std::string> destinationWorkloads(const MetricsStore& store);

struct Overflows {
  double uoResponses = 0;  // requests answered 503 UO by a client proxy
  double pendingOverflows = 0;
  double connectionOverflows = 0;
};

Overflows circuitBreakerOverflows(const MetricsStore& store, Window window);

// Only destination proxies know whether a connection was mutual TLS; sources say "unknown".
struct SecurityShare {
  double mutualTls = 0;
  double plaintext = 0;
  double mutualTlsShare() const {
    return mutualTls + plaintext > 0 ? mutualTls / (mutualTls + plaintext) : 0;
  }
};

// Over every destination, or only requests to destinationService when given.
SecurityShare securityShare(const MetricsStore& store, Window window,
                            const std::string& destinationService = "");

// True when a response_flags value ("-", "UO", "URX,UF") holds the flag.
bool hasResponseFlag(const std::string& flags, const std::string& flag);

}  // namespace ms::metrics
