// Events read off series changes: ejections, returns and overflow bursts.
#include <QtTest>

#include "metrics/metric_events.h"

using namespace ms::metrics;

namespace {

void outlier(MetricsStore& store, TimeMs t, double active, double total) {
  std::string c = "{cluster_name=\"outbound|9080|v1|reviews\"} ";
  store.ingest(
      "pp:15000", t,
      parsePrometheusText("# TYPE envoy_cluster_outlier_detection_ejections_active gauge\n"
                          "envoy_cluster_outlier_detection_ejections_active" +
                          c + std::to_string(active) +
                          "\n"
                          "# TYPE envoy_cluster_outlier_detection_ejections_total counter\n"
                          "envoy_cluster_outlier_detection_ejections_total" +
                          c + std::to_string(total) + "\n"));
}

void overflow(MetricsStore& store, TimeMs t, double uo) {
  std::string text = "# TYPE istio_requests_total counter\n";
  if (uo > 0)
    text +=
        "istio_requests_total{reporter=\"source\",source_workload=\"fortio\",destination_service="
        "\"httpbin\","
        "response_code=\"503\",response_flags=\"UO\"} " +
        std::to_string(uo) + "\n";
  store.ingest("fortio:15000", t, parsePrometheusText(text));
}

std::string kinds(const std::vector<MetricEvent>& events) {
  std::string s;
  for (const auto& e : events) s += std::string(s.empty() ? "" : ",") + toString(e.kind);
  return s;
}

}  // namespace

class TestMetricEvents : public QObject {
  Q_OBJECT

 private slots:
  void ejectionAndReturn() {
    MetricsStore store;
    MetricEventDetector detector;
    outlier(store, 0, 0, 0);
    QCOMPARE(kinds(detector.update(store)), std::string());
    outlier(store, 500, 1, 1);
    auto ejected = detector.update(store);
    QCOMPARE(kinds(ejected), std::string("endpoint ejected"));
    QCOMPARE(ejected[0].subject, std::string("outbound|9080|v1|reviews"));
    QCOMPARE(ejected[0].instance, std::string("pp:15000"));
    QCOMPARE(ejected[0].count, 1.0);
    QCOMPARE(ejected[0].time, TimeMs(500));
    outlier(store, 1000, 1, 1);
    QCOMPARE(kinds(detector.update(store)), std::string());
    outlier(store, 1500, 0, 1);
    QCOMPARE(kinds(detector.update(store)), std::string("endpoint returned"));
  }

  void ejectAndReturnBetweenTwoScrapesIsNotMissed() {
    MetricsStore store;
    MetricEventDetector detector;
    outlier(store, 0, 0, 2);
    detector.update(store);
    outlier(store, 500, 0, 3);  // ejected and back within one interval: only the total moved
    QCOMPARE(kinds(detector.update(store)), std::string("endpoint ejected,endpoint returned"));
  }

  void overflowBurstStartsAfterQuiet() {
    MetricsStore store;
    MetricEventDetector detector;
    const double uo[] = {0, 0, 5, 9, 9, 12};
    std::vector<std::string> seen;
    for (int i = 0; i < 6; ++i) {
      overflow(store, i * 500, uo[i]);
      seen.push_back(kinds(detector.update(store)));
    }
    // The UO series first appears at the third scrape: its 5 count from an implied zero.
    QCOMPARE(seen, (std::vector<std::string>{"", "", "overflow burst", "", "", "overflow burst"}));
  }

  void firstUpdateOnlyLearns() {
    MetricsStore store;
    MetricEventDetector detector;
    outlier(store, 0, 2, 2);
    QVERIFY(detector.update(store).empty());
    QVERIFY(detector.update(store).empty());  // no time passed
  }
};

QTEST_GUILESS_MAIN(TestMetricEvents)
#include "tst_metric_events.moc"
