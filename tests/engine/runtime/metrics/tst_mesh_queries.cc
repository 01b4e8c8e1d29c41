// Derived series on synthetic scrapes fed straight to the store: no network. Each request is
// reported by both proxies of an edge; the numbers below only hold if it is counted once.
#include <QtTest>
#include <atomic>
#include <cmath>
#include <thread>

#include "metrics/mesh_queries.h"

using namespace ms::metrics;

namespace {

const std::string kReviews = "reviews.default.svc.cluster.local";

std::string requests(const std::string& reporter, const std::string& version, int code,
                     const std::string& flags, const std::string& policy, double n,
                     const std::string& service = kReviews) {
  return "istio_requests_total{reporter=\"" + reporter + "\",source_workload=\"productpage-v1\"," +
         "destination_service=\"" + service + "\",destination_version=\"" + version +
         "\",response_code=\"" + std::to_string(code) + "\",response_flags=\"" + flags +
         "\",connection_security_policy=\"" + policy + "\"} " + std::to_string(n) + "\n";
}

void ingest(MetricsStore& store, const std::string& instance, TimeMs t, const std::string& body) {
  ParseResult r = parsePrometheusText("# TYPE istio_requests_total counter\n" + body);
  if (!r.ok()) qFatal("bad exposition line %d: %s", r.errors[0].line, r.errors[0].message.c_str());
  store.ingest(instance, t, r);
}

// Ten seconds of a 90/10 canary: productpage's proxy reports as source, each reviews pod as
// destination. v2 answered 5 of its requests with 503; 10 more overflowed at productpage (UO).
void canary(MetricsStore& store) {
  for (TimeMs t : {0, 10000}) {
    double k = t == 0 ? 0 : 1;
    ingest(store, "productpage:15000", t,
           requests("source", "v1", 200, "-", "unknown", 90 * k) +
               requests("source", "v2", 200, "-", "unknown", 5 * k) +
               requests("source", "v2", 503, "-", "unknown", 5 * k) +
               requests("source", "unknown", 503, "UO", "unknown", 10 * k));
    ingest(store, "reviews-v1:15000", t,
           requests("destination", "v1", 200, "-", "mutual_tls", 90 * k));
    ingest(store, "reviews-v2:15000", t,
           requests("destination", "v2", 200, "-", "none", 5 * k) +
               requests("destination", "v2", 503, "-", "none", 5 * k));
  }
}

const EdgeTraffic* edge(const std::vector<EdgeTraffic>& edges, const std::string& version) {
  for (const auto& e : edges)
    if (e.edge.destinationVersion == version) return &e;
  return nullptr;
}

}  // namespace

class TestMeshQueries : public QObject {
  Q_OBJECT

 private slots:
  void canarySplitCountsEachRequestOnce() {
    MetricsStore store;
    canary(store);
    auto split = canarySplit(store, kReviews, {0, 10000});
    QCOMPARE(split.size(), size_t(2));
    QCOMPARE(split["v1"], 0.9);
    QCOMPARE(split["v2"], 0.1);
    QVERIFY(canarySplit(store, "ratings.default.svc.cluster.local", {0, 10000}).empty());
  }

  void edgeRateAndSuccessIncludeClientSideOverflows() {
    MetricsStore store;
    canary(store);
    auto merged = edgeTraffic(store, {0, 10000}, false);
    QCOMPARE(merged.size(), size_t(1));
    const EdgeTraffic& e = merged[0];
    QCOMPARE(e.edge.sourceWorkload, std::string("productpage-v1"));
    QCOMPARE(e.requests, 110.0);  // 100 reached reviews + 10 UO, not 210
    QCOMPARE(e.failures, 15.0);
    QCOMPARE(e.uoOverflows, 10.0);
    QCOMPARE(e.requestsPerSecond, 11.0);
    QCOMPARE(e.successRate, 95.0 / 110.0);

    auto byVersion = edgeTraffic(store, {0, 10000}, true);
    QCOMPARE(byVersion.size(), size_t(3));
    QCOMPARE(edge(byVersion, "v1")->successRate, 1.0);
    QCOMPARE(edge(byVersion, "v2")->successRate, 0.5);
    QCOMPARE(edge(byVersion, "unknown")->requests, 10.0);
  }

  // An abort the client's sidecar injected (FI) never reaches the destination: it counts from
  // the source report, next to the requests the destination answered.
  void injectedAbortsCountOnTheEdge() {
    MetricsStore store;
    for (TimeMs t : {0, 10000}) {
      const double k = t == 0 ? 0 : 1;
      ingest(store, "productpage:15000", t,
             requests("source", "v1", 200, "-", "unknown", 50 * k) +
                 requests("source", "unknown", 500, "FI", "unknown", 50 * k) +
                 requests("source", "v1", 403, "-", "unknown", 7 * k));
      ingest(store, "reviews-v1:15000", t,
             requests("destination", "v1", 200, "-", "mutual_tls", 50 * k) +
                 requests("destination", "v1", 403, "-", "mutual_tls", 7 * k));
    }
    const auto edges = edgeTraffic(store, {0, 10000}, false);
    QCOMPARE(edges.size(), size_t(1));
    QCOMPARE(edges[0].requests, 107.0);
    QCOMPARE(edges[0].failures, 50.0);
    auto codes = responseCodes(store, {0, 10000}, kReviews);
    QCOMPARE(codes.size(), size_t(3));
    QCOMPARE(codes["200"], 50.0);
    QCOMPARE(codes["500"], 50.0);
    QCOMPARE(codes["403"], 7.0);
    QVERIFY(responseCodes(store, {0, 10000}, kReviews, "nobody").empty());
  }

  void destinationWithoutSidecarIsCountedFromTheSource() {
    MetricsStore store;
    const std::string external = "httpbin.org";
    for (TimeMs t : {0, 2000})
      ingest(store, "productpage:15000", t,
             requests("source", "unknown", 200, "-", "unknown", t / 100.0, external));
    auto edges = edgeTraffic(store, {0, 2000});
    QCOMPARE(edges.size(), size_t(1));
    QCOMPARE(edges[0].requests, 20.0);
    QCOMPARE(edges[0].requestsPerSecond, 10.0);
  }

  void mutualTlsShareFromDestinationReports() {
    MetricsStore store;
    canary(store);
    SecurityShare share = securityShare(store, {0, 10000});
    QCOMPARE(share.mutualTls, 90.0);
    QCOMPARE(share.plaintext, 10.0);
    QCOMPARE(share.mutualTlsShare(), 0.9);
    QCOMPARE(securityShare(store, {0, 10000}, kReviews).mutualTls, 90.0);
    QCOMPARE(securityShare(store, {0, 10000}, "ratings").mutualTls +
                 securityShare(store, {0, 10000}, "ratings").plaintext,
             0.0);
  }

  void uoOverflowsAndEnvoyCounters() {
    MetricsStore store;
    canary(store);
    for (TimeMs t : {0, 10000}) {
      double k = t == 0 ? 0 : 1;
      std::string text =
          "# TYPE envoy_cluster_upstream_rq_pending_overflow counter\n"
          "envoy_cluster_upstream_rq_pending_overflow{cluster_name=\"outbound|9080||reviews\"} " +
          std::to_string(7 * k) +
          "\n"
          "# TYPE envoy_cluster_upstream_cx_overflow counter\n"
          "envoy_cluster_upstream_cx_overflow{cluster_name=\"outbound|9080||reviews\"} " +
          std::to_string(3 * k) + "\n";
      store.ingest("productpage:15000", t + 1, parsePrometheusText(text));
    }
    Overflows o = circuitBreakerOverflows(store, {0, 10001});
    QCOMPARE(o.uoResponses, 10.0);
    QCOMPARE(o.pendingOverflows, 7.0);
    QCOMPARE(o.connectionOverflows, 3.0);
  }

  void clusterHealthEjectionsAndRetries() {
    MetricsStore store;
    auto scrape = [&](const std::string& instance, TimeMs t, double active, double total,
                      double retries) {
      std::string c = "{cluster_name=\"outbound|9080||reviews\"} ";
      store.ingest(
          instance, t,
          parsePrometheusText("# TYPE envoy_cluster_outlier_detection_ejections_active gauge\n"
                              "envoy_cluster_outlier_detection_ejections_active" +
                              c + std::to_string(active) +
                              "\n"
                              "# TYPE envoy_cluster_outlier_detection_ejections_total counter\n"
                              "envoy_cluster_outlier_detection_ejections_total" +
                              c + std::to_string(total) +
                              "\n"
                              "# TYPE envoy_cluster_upstream_rq_retry counter\n"
                              "envoy_cluster_upstream_rq_retry" +
                              c + std::to_string(retries) + "\n"));
    };
    scrape("pp-0:15000", 0, 0, 4, 100);
    scrape("pp-1:15000", 0, 0, 0, 0);
    scrape("pp-0:15000", 5000, 1, 6, 120);
    scrape("pp-1:15000", 5000, 1, 1, 10);
    auto health = clusterHealth(store, {0, 5000});
    QCOMPARE(health.size(), size_t(1));
    QCOMPARE(health[0].ejectionsActive, 2.0);
    QCOMPARE(health[0].ejections, 3.0);
    QCOMPARE(health[0].retries, 30.0);
    QCOMPARE(health[0].retriesPerSecond, 6.0);
  }

  void clusterNamesSpellTheirService() {
    QCOMPARE(clusterService("outbound|9080|v1|reviews.default.svc.cluster.local"),
             std::string("reviews.default.svc.cluster.local"));
    QCOMPARE(clusterService("outbound|9080||reviews"), std::string("reviews"));
    QCOMPARE(clusterService("reviews.default.svc.cluster.local|v2"),
             std::string("reviews.default.svc.cluster.local"));
    QCOMPARE(clusterService("reviews.default.svc.cluster.local"),
             std::string("reviews.default.svc.cluster.local"));
    QCOMPARE(clusterService("inbound|9080||"), std::string());
    QCOMPARE(clusterService("PassthroughCluster"), std::string());
    QCOMPARE(clusterService("outbound|9080"), std::string());
  }

  // Cluster stats carry no workload: two productpage replicas are tied to their workload by
  // their source reports, reviews' own (inbound) cluster and an unknown proxy stay out.
  void edgeHealthPerSourceWorkload() {
    MetricsStore store;
    auto scrape = [&](const std::string& instance, TimeMs t, const std::string& cluster,
                      double retries, double ejectedTotal, double active) {
      const std::string c = "{cluster_name=\"" + cluster + "\"} ";
      store.ingest(instance, t,
                   parsePrometheusText(
                       "# TYPE envoy_cluster_upstream_rq_retry counter\n"
                       "envoy_cluster_upstream_rq_retry" + c + std::to_string(retries) + "\n"
                       "# TYPE envoy_cluster_outlier_detection_ejections_total counter\n"
                       "envoy_cluster_outlier_detection_ejections_total" + c + std::to_string(ejectedTotal) + "\n"
                       "# TYPE envoy_cluster_outlier_detection_ejections_active gauge\n"
                       "envoy_cluster_outlier_detection_ejections_active" + c + std::to_string(active) + "\n"));
    };
    canary(store);  // productpage:15000 reports as source for productpage-v1
    ingest(store, "productpage-2:15000", 10000, requests("source", "v1", 200, "-", "unknown", 1));
    for (TimeMs t : {0, 10000}) {
      const double k = t == 0 ? 0 : 1;
      scrape("productpage:15000", t + 1, kReviews + "|v1", 30 * k, 2 * k, 1 * k);
      scrape("productpage:15000", t + 2, kReviews + "|v2", 10 * k, 1 * k, 1 * k);
      scrape("productpage-2:15000", t + 1, "outbound|9080||reviews", 20 * k, 1 * k, 1 * k);
      scrape("reviews-v1:15000", t + 1, "inbound|9080||", 5 * k, 0, 0);
      scrape("stranger:15000", t + 1, kReviews, 100 * k, 0, 0);
    }
    const auto health = edgeHealth(store, {0, 10002});
    QCOMPARE(health.size(), size_t(1));
    QCOMPARE(health[0].edge.sourceWorkload, std::string("productpage-v1"));
    QCOMPARE(health[0].edge.destinationService, kReviews);  // the short name resolved
    QCOMPARE(health[0].retries, 60.0);
    QVERIFY(std::abs(health[0].retriesPerSecond - 60 / 10.002) < 1e-9);
    QCOMPARE(health[0].ejections, 4.0);
    // productpage:15000 holds two ejected (one per subset cluster), the replica one: the most
    // one client proxy holds, not the sum over replicas.
    QCOMPARE(health[0].ejectedEndpoints, 2.0);
  }

  void destinationWorkloadsAreTheServers() {
    MetricsStore store;
    ingest(store, "reviews-v1:15000", 0,
           "istio_requests_total{reporter=\"destination\",source_workload=\"productpage-v1\","
           "destination_workload=\"reviews-v1\",destination_service=\"" + kReviews + "\"} 3\n"
           "istio_requests_total{reporter=\"source\",source_workload=\"reviews-v1\","
           "destination_workload=\"ratings-v1\",destination_service=\"ratings\"} 3\n");
    QCOMPARE(destinationWorkloads(store), std::set<std::string>({"reviews-v1"}));
  }

  void histogramQuantileByHand() {
    // 100 observations: 20 <= 10 ms, 50 in (10, 50], 25 in (50, 100], 5 above.
    std::vector<Bucket> b = {{10, 20}, {50, 70}, {100, 95}, {INFINITY, 100}};
    QCOMPARE(histogramQuantile(0.5, b), 10 + 40 * (30.0 / 50));  // rank 50: 30 into a bucket of 50
    QCOMPARE(histogramQuantile(0.95, b), 100.0);
    QCOMPARE(histogramQuantile(0.99, b), 100.0);  // in +Inf: the highest finite bound
    QCOMPARE(histogramQuantile(0.1, b), 5.0);     // first bucket starts at 0
    QCOMPARE(histogramQuantile(0, b), 0.0);
    QVERIFY(std::isinf(histogramQuantile(1.5, b)));
    QVERIFY(std::isnan(histogramQuantile(0.5, {{10, 5}, {50, 9}})));  // no +Inf bucket
    QVERIFY(std::isnan(histogramQuantile(0.5, {{10, 0}, {INFINITY, 0}})));
    QCOMPARE(histogramQuantile(0.5, {{-1, 4}, {INFINITY, 4}}), -1.0);
    // Unsorted input and a dip from scrape skew are repaired, as Prometheus does.
    QCOMPARE(histogramQuantile(0.5, {{INFINITY, 100}, {50, 69}, {10, 20}, {100, 95}, {75, 60}}),
             10 + 40 * (30.0 / 49));  // the 60 at le=75 counts as 69
  }

  void edgePercentilesFromBucketIncreases() {
    MetricsStore store;
    auto scrape = [&](TimeMs t, const std::vector<double>& cumulative) {
      const char* les[] = {"10", "50", "100", "+Inf"};
      std::string text = "# TYPE istio_request_duration_milliseconds histogram\n";
      for (int i = 0; i < 4; ++i)
        text +=
            std::string("istio_request_duration_milliseconds_bucket{reporter=\"destination\",") +
            "source_workload=\"productpage-v1\",destination_service=\"" + kReviews + "\",le=\"" +
            les[i] + "\"} " + std::to_string(cumulative[size_t(i)]) + "\n";
      store.ingest("reviews:15000", t, parsePrometheusText(text));
    };
    scrape(0, {1000, 1000, 1000, 1000});  // earlier traffic, all fast: outside the window
    scrape(5000, {1020, 1070, 1095, 1100});
    auto latency = edgeLatency(store, {0, 5000});
    QCOMPARE(latency.size(), size_t(1));
    QCOMPARE(latency[0].count, 100.0);
    QCOMPARE(latency[0].p50, 34.0);
    QCOMPARE(latency[0].p95, 100.0);
    QCOMPARE(latency[0].p99, 100.0);
  }

  void queriesWhileTheScraperThreadIngests() {
    MetricsStore::Options o;
    o.pointsPerSeries = 64;  // the ring wraps many times during the test
    MetricsStore store(o);
    std::atomic<bool> done{false};
    std::thread writer([&] {
      for (TimeMs t = 1; t <= 3000; ++t)
        ingest(store, "reviews-v1:15000", t * 500,
               requests("destination", "v1", 200, "-", "mutual_tls", double(t)));
      done = true;
    });
    int queries = 0;
    bool sane = true;  // checked after join: a failed QVERIFY here would leave the thread running
    do {               // at least one query, even if the writer is done first
      for (const auto& e : edgeTraffic(store, lastWindow(store, 5000)))
        sane = sane && e.requests >= 0 && e.requests <= 11;
      ++queries;
    } while (!done);
    writer.join();
    QVERIFY(sane);
    QVERIFY(queries > 0);
    QCOMPARE(edgeTraffic(store, lastWindow(store, 5000))[0].requestsPerSecond, 2.0);
  }

  void responseFlags() {
    QVERIFY(hasResponseFlag("UO", "UO"));
    QVERIFY(hasResponseFlag("URX,UO", "UO"));
    QVERIFY(!hasResponseFlag("-", "UO"));
    QVERIFY(!hasResponseFlag("UOX", "UO"));
    QVERIFY(!hasResponseFlag("", "UO"));
  }
};

QTEST_GUILESS_MAIN(TestMeshQueries)
#include "tst_mesh_queries.moc"
