// The store keeps bounded memory and does counter arithmetic that survives proxy restarts.
#include <QtTest>
#include <cmath>

#include "metrics/metrics_store.h"

using namespace ms::metrics;

namespace {

ParseResult scrape(const std::string& text) {
  ParseResult r = parsePrometheusText(text);
  if (!r.ok()) qFatal("bad test exposition: %s", r.errors[0].message.c_str());
  return r;
}

ParseResult counter(double value, const std::string& labels = "") {
  return scrape("# TYPE requests counter\nrequests{" + labels + "} " + std::to_string(value) +
                "\n");
}

const Series* find(const MetricsStore& store, const std::string& name) {
  const Series* found = nullptr;
  store.forEach(name, [&](const Series& s) { found = &s; });  // test only: single-threaded
  return found;
}

}  // namespace

class TestMetricsStore : public QObject {
  Q_OBJECT

 private slots:
  void ringKeepsOnlyTheNewestPoints() {
    MetricsStore::Options o;
    o.pointsPerSeries = 5;
    MetricsStore store(o);
    for (int i = 0; i < 20; ++i) store.ingest("p:15000", i * 500, counter(i));
    const Series* s = find(store, "requests");
    QVERIFY(s);
    QCOMPARE(s->points.size(), size_t(5));
    QCOMPARE(s->points[0].t, TimeMs(15 * 500));  // the oldest left is the 16th
    QCOMPARE(s->points.back().v, 19.0);
    QCOMPARE(s->points[2].v, 17.0);
  }

  void constantSeriesCostOnePoint() {
    MetricsStore store;
    for (int i = 0; i < 100; ++i) store.ingest("p:15000", i * 500, counter(i < 50 ? 7 : 8));
    const Series* s = find(store, "requests");
    QCOMPARE(s->points.size(), size_t(2));
    QCOMPARE(s->lastSeen, TimeMs(99 * 500));
    QCOMPARE(counterIncrease(s->points, 0, 99 * 500), 1.0);
    QCOMPARE(valueAt(s->points, 20000), 7.0);
    QCOMPARE(valueAt(s->points, 30000), 8.0);
  }

  void gaugeOfAGoneProxyExpires() {
    MetricsStore store;
    store.ingest("p:15000", 0, scrape("# TYPE g gauge\ng 3\n"));
    const Series* g = find(store, "g");
    QCOMPARE(gaugeAt(*g, 1000, 2000), 3.0);
    QVERIFY(std::isnan(gaugeAt(*g, 2001, 2000)));  // not seen for longer than the lookback
    QVERIFY(std::isnan(gaugeAt(*g, -1, 2000)));    // nothing yet at that time
  }

  void seriesCountIsCapped() {
    MetricsStore::Options o;
    o.maxSeries = 4;
    MetricsStore store(o);
    std::string text = "# TYPE requests counter\n";
    for (int i = 0; i < 10; ++i) text += "requests{n=\"" + std::to_string(i) + "\"} 1\n";
    store.ingest("p:15000", 0, scrape(text));
    QCOMPARE(store.seriesCount(), size_t(4));
    QVERIFY(store.droppedSeries() >= 6);
  }

  void increaseSurvivesCounterReset() {
    MetricsStore store;
    const double values[] = {10, 20, 30, 5, 15};  // the proxy restarted after 30
    for (int i = 0; i < 5; ++i) store.ingest("p:15000", 1000 + i * 500, counter(values[i]));
    const Series* s = find(store, "requests");
    QCOMPARE(counterIncrease(s->points, 1000, 3000), 10 + 10 + 5 + 10.0);
    QCOMPARE(counterIncrease(s->points, 2000, 2500), 5.0);  // from 30 to 5: all of 5 is new
    QCOMPARE(counterIncrease(s->points, 2500, 3000), 10.0);
    QCOMPARE(counterIncrease(s->points, 0, 500), 0.0);  // before any point
    QCOMPARE(counterIncrease(s->points, 1200, 1700),
             10.0);  // from the last point at or before 1200
    for (TimeMs from = 0; from < 3000; from += 250)
      QVERIFY(counterIncrease(s->points, from, from + 500) >= 0);
  }

  void newCounterSeriesStartsFromImpliedZero() {
    MetricsStore store;
    store.ingest("p:15000", 0, counter(1, "code=\"200\""));
    // The first 503s appear in the second scrape: all 3 happened since the first.
    store.ingest(
        "p:15000", 500,
        scrape("# TYPE requests counter\nrequests{code=\"200\"} 1\nrequests{code=\"503\"} 3\n"));
    double increase503 = 0;
    store.forEach("requests", [&](const Series& s) {
      if (labelValue(s.labels, "code") == "503") increase503 = counterIncrease(s.points, 0, 500);
    });
    QCOMPARE(increase503, 3.0);
  }

  void gaugesGetNoImpliedZero() {
    MetricsStore store;
    store.ingest("p:15000", 0, scrape("x 1\n"));
    store.ingest("p:15000", 500, scrape("x 1\n# TYPE g gauge\ng 7\n"));
    QCOMPARE(find(store, "g")->points.size(), size_t(1));
  }

  void instanceLabelAndUp() {
    MetricsStore store;
    store.ingest("10.0.0.1:15000", 0, scrape("m{instance=\"mine\"} 1\n"));
    store.ingestDown("10.0.0.2:15000", 0);
    const Series* m = find(store, "m");
    QCOMPARE(labelValue(m->labels, "instance"), std::string("10.0.0.1:15000"));
    QCOMPARE(labelValue(m->labels, "exported_instance"), std::string("mine"));
    std::map<std::string, double> up;
    store.forEach(
        "up", [&](const Series& s) { up[labelValue(s.labels, "instance")] = s.points.back().v; });
    QCOMPARE(up["10.0.0.1:15000"], 1.0);
    QCOMPARE(up["10.0.0.2:15000"], 0.0);
  }

  void sameLabelsFromTwoProxiesStayApart() {
    MetricsStore store;
    store.ingest("a:1", 0, counter(5));
    store.ingest("b:1", 0, counter(7));
    int n = 0;
    store.forEach("requests", [&](const Series&) { ++n; });
    QCOMPARE(n, 2);
  }

  void ignoredFamiliesAndStaleSeriesAreDropped() {
    MetricsStore::Options o;
    o.staleAfterMs = 1000;
    MetricsStore store(o);
    store.ingest(
        "gone:1", 0,
        scrape("# TYPE istio_request_bytes histogram\nistio_request_bytes_count 1\nold 1\n"));
    QVERIFY(!find(store, "istio_request_bytes_count"));
    QVERIFY(find(store, "old"));
    for (TimeMs t = 500; t <= 3000; t += 500) store.ingest("alive:1", t, scrape("new 1\n"));
    QVERIFY(!find(store, "old"));
    QVERIFY(find(store, "new"));
  }

  void outOfOrderPointsAreDropped() {
    MetricsStore store;
    store.ingest("p:1", 1000, counter(5));
    store.ingest("p:1", 500, counter(1));
    QCOMPARE(find(store, "requests")->points.size(), size_t(1));
    QVERIFY(std::isnan(valueAt(find(store, "requests")->points, 999)));
    QCOMPARE(valueAt(find(store, "requests")->points, 1500), 5.0);
  }
};

QTEST_GUILESS_MAIN(TestMetricsStore)
#include "tst_metrics_store.moc"
