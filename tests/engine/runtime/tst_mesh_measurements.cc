// The live table's rows (and the report's timeline) from synthetic scrapes: no processes.
#include <QtTest>
#include <cmath>

#include "runtime/mesh_measurements.h"

using namespace ms;
using namespace ms::metrics;

namespace {

const std::string kProductpage = "productpage.default.svc.cluster.local";
const std::string kReviews = "reviews.default.svc.cluster.local";

std::string requests(const std::string& reporter, const std::string& source,
                     const std::string& destinationWorkload, const std::string& service,
                     const std::string& version, double n) {
  return "istio_requests_total{reporter=\"" + reporter + "\",source_workload=\"" + source +
         "\",destination_workload=\"" + destinationWorkload + "\",destination_service=\"" +
         service + "\",destination_version=\"" + version +
         "\",response_code=\"200\",response_flags=\"-\"} " + std::to_string(n) + "\n";
}

// Cumulative buckets at 10, 50, 100 ms and +Inf.
std::string durations(const std::string& source, const std::string& service,
                      std::vector<double> cumulative) {
  const char* les[] = {"10", "50", "100", "+Inf"};
  std::string text;
  for (int i = 0; i < 4; ++i)
    text +=
        "istio_request_duration_milliseconds_bucket{reporter=\"destination\",source_workload=\"" +
        source + "\",destination_service=\"" + service + "\",le=\"" + les[i] + "\"} " +
        std::to_string(cumulative[std::size_t(i)]) + "\n";
  return text;
}

void ingest(MetricsStore& store, const std::string& instance, TimeMs t, const std::string& body) {
  const ParseResult r = parsePrometheusText(
      "# TYPE istio_requests_total counter\n# TYPE istio_request_duration_milliseconds histogram\n"
      "# TYPE envoy_cluster_upstream_rq_retry counter\n"
      "# TYPE envoy_cluster_outlier_detection_ejections_active gauge\n" +
      body);
  if (!r.ok()) qFatal("bad exposition line %d: %s", r.errors[0].line, r.errors[0].message.c_str());
  store.ingest(instance, t, r);
}

// One second of bookinfo's first hops: the gateway sends 100 requests to productpage, which
// sends 100 to reviews (90 v1, 10 v2), retrying 4 times and holding one reviews pod ejected.
void oneSecond(MetricsStore& store) {
  for (TimeMs t : {0, 1000}) {
    const double k = t == 0 ? 0 : 1;
    ingest(
        store, "gateway:15000", t,
        requests("source", "istio-ingressgateway", "productpage-v1", kProductpage, "v1", 100 * k));
    ingest(store, "productpage:15000", t,
           requests("destination", "istio-ingressgateway", "productpage-v1", kProductpage, "v1",
                    100 * k) +
               durations("istio-ingressgateway", kProductpage, {20 * k, 70 * k, 95 * k, 100 * k}) +
               requests("source", "productpage-v1", "reviews-v1", kReviews, "v1", 90 * k) +
               requests("source", "productpage-v1", "reviews-v2", kReviews, "v2", 10 * k) +
               "envoy_cluster_upstream_rq_retry{cluster_name=\"" + kReviews + "|v1\"} " +
               std::to_string(4 * k) + "\n" +
               "envoy_cluster_outlier_detection_ejections_active{cluster_name=\"" + kReviews +
               "|v1\"} " + std::to_string(k) + "\n");
    ingest(store, "reviews-v1:15000", t,
           requests("destination", "productpage-v1", "reviews-v1", kReviews, "v1", 90 * k));
    ingest(store, "reviews-v2:15000", t,
           requests("destination", "productpage-v1", "reviews-v2", kReviews, "v2", 10 * k));
  }
}

const runtime::EdgeRow* find(const std::vector<runtime::EdgeRow>& rows,
                             const std::string& destination) {
  for (const auto& r : rows)
    if (r.destination == destination) return &r;
  return nullptr;
}

}  // namespace

class TestMeshMeasurements : public QObject {
  Q_OBJECT

 private slots:
  void edgeRowsCarryWhatThePanelsDraw() {
    MetricsStore store;
    oneSecond(store);
    const auto rows = runtime::edgeRows(store, {0, 1000});
    QCOMPARE(rows.size(), std::size_t(2));
    const runtime::EdgeRow* entry = find(rows, "productpage");
    const runtime::EdgeRow* reviews = find(rows, "reviews");
    QVERIFY(entry && reviews);
    QCOMPARE(entry->source, std::string("istio-ingressgateway"));
    QVERIFY(entry->entry);     // the gateway serves nothing in the mesh
    QVERIFY(!reviews->entry);  // productpage-v1 does
    QCOMPARE(entry->rps, 100.0);
    QCOMPARE(entry->p50, 34.0);  // rank 50: 30 into the (10, 50] bucket of 50
    QCOMPARE(entry->p95, 100.0);
    QCOMPARE(entry->p99, 100.0);
    QCOMPARE(reviews->split.at("v1"), 90.0);
    QCOMPARE(reviews->split.at("v2"), 10.0);
    QCOMPARE(reviews->retriesPerSecond, 4.0);
    QCOMPARE(reviews->ejectedEndpoints, 1.0);
    QCOMPARE(entry->retriesPerSecond, 0.0);
    QCOMPARE(entry->ejectedEndpoints, 0.0);
    QVERIFY(std::isnan(reviews->p95));  // reviews' proxies reported no durations here
  }
};

QTEST_GUILESS_MAIN(TestMeshMeasurements)
#include "tst_mesh_measurements.moc"
