// The dashboard panels on a known timeline (offscreen): what each series holds, the sliding
// window's bound, the report's PNGs and report.html.
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "dashboard.h"
#include "gapped_line.h"
#include "report_charts.h"
#include "runtime/report_writer.h"

using namespace ms;
using namespace ms::dashboard;
using runtime::EdgeRow;
using runtime::RunEvents;

namespace {

const QString kEntry = edgeKey("istio-ingressgateway", "productpage");
const QString kReviews = edgeKey("productpage-v1", "reviews");
const QString kDetails = edgeKey("productpage-v1", "details");

EdgeRow row(const std::string& source, const std::string& destination, double rps, double p50,
            std::map<std::string, double> split = {}) {
  EdgeRow r;
  r.source = source;
  r.destination = destination;
  r.rps = rps;
  r.successPercent = 100;
  r.p50 = p50;
  r.p95 = p50 * 2;
  r.p99 = p50 * 3;
  r.split = std::move(split);
  return r;
}

// Twenty seconds of bookinfo-like traffic. reviews is split 90/10 until a config push at 9.6 s
// makes it 50/50 (the shares as measured do not sum to exactly 100). productpage -> reviews
// overflows 5 UO/s in seconds 12..14 while one endpoint is ejected (ejected at 12.5 s, back at
// 15.5 s); productpage -> details retries 2/s in seconds 5..7. Second 17 has no request at all.
runtime::SimulationResult timeline() {
  runtime::SimulationResult r;
  for (int s = 1; s <= 20; ++s) {
    const double t = s + 0.02;
    std::vector<EdgeRow> rows;
    if (s != 17) {
      EdgeRow entry = row("istio-ingressgateway", "productpage", 50, 10 + s, {{"v1", 100}});
      entry.entry = true;
      EdgeRow details = row("productpage-v1", "details", 50, 2, {{"v1", 100}});
      if (s >= 5 && s <= 7) details.retriesPerSecond = 2;
      EdgeRow reviews = row("productpage-v1", "reviews", 50, 4,
                            s < 10 ? std::map<std::string, double>{{"v1", 89.9}, {"v2", 10.0}}
                                   : std::map<std::string, double>{{"v1", 50}, {"v2", 50}});
      if (s >= 12 && s <= 14) {
        reviews.overflows = 5;
        reviews.successPercent = 90;
      }
      if (s >= 13 && s <= 15) reviews.ejectedEndpoints = 1;
      if (s == 3) reviews.p50 = reviews.p95 = reviews.p99 = NAN;  // a histogram without data
      rows = {details, entry, reviews};
    }
    r.timeline.emplace_back(t, rows);
  }
  r.events = {
      {9.6, "config-applied", "pushed version 2 to 7 proxies"},
      {12.5, "endpoint ejected", "1 endpoint ejected from reviews.default.svc.cluster.local|v2"},
      {15.5, "endpoint returned", "1 endpoint returned to reviews.default.svc.cluster.local|v2"},
      {19.0, "load-ended", "the load generator stopped sending"},
      {20.5, "assertion", "reviews v1 share: passed"}};
  r.requests = 1000;
  r.seconds = 20.4;
  r.loadSeconds = 19;
  r.startupSeconds = 0.61;
  r.byStatus = {{200, 985}, {503, 15}};
  r.byFlag = {{"UO", 15}};
  r.byDestination = {{"reviews", {{"v1", 700}, {"v2", 285}}}, {"details", {{"v1", 985}}}};
  r.latencyMs = {21.5, 43.25, 64.75};
  r.edges = {row("productpage-v1", "reviews", 49.2, 4, {{"v1", 71.1}, {"v2", 28.9}})};
  r.assertions = {{"reviews v1 share", true, "share of v1 at reviews = 71.1, min 60"},
                  {"page p99", false, "p99 ms = 64.75, max 50"}};
  return r;
}

// Feeds a panel the way renderReportCharts does: each tick with the events up to its time.
void feed(ChartPanel& panel, const runtime::SimulationResult& r) {
  std::size_t next = 0;
  for (const auto& [t, rows] : r.timeline) {
    RunEvents due;
    while (next < r.events.size() && r.events[next].atSeconds <= t) due.push_back(r.events[next++]);
    panel.append(t, rows, due);
  }
}

QList<QPointF> points(const QXYSeries* s) { return s ? s->points() : QList<QPointF>(); }

double yAt(const QList<QPointF>& points, double x) {
  for (const QPointF& p : points)
    if (std::abs(p.x() - x) < 1e-9) return p.y();
  return NAN;
}

// Pixels within `tolerance` of a colour.
int pixelsNear(const QImage& image, QColor color, int tolerance = 12) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (std::abs(c.red() - color.red()) <= tolerance &&
          std::abs(c.green() - color.green()) <= tolerance &&
          std::abs(c.blue() - color.blue()) <= tolerance)
        ++n;
    }
  return n;
}

double greyVariance(const QImage& image) {
  double sum = 0, squares = 0;
  const double n = double(image.width()) * image.height();
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const double g = qGray(image.pixel(x, y));
      sum += g;
      squares += g * g;
    }
  return squares / n - (sum / n) * (sum / n);
}

QString read(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

}  // namespace

class TestDashboard : public QObject {
  Q_OBJECT

 private slots:
  void splitStacksVersionsToOneHundred() {
    SplitChart split;
    feed(split, timeline());
    QCOMPARE(split.service(), QString("reviews"));  // the one split service, followed by default
    QCOMPARE(split.services().front(), QString("reviews"));
    QCOMPARE(split.versions("reviews"), QStringList({"v1", "v2"}));
    QVERIFY(!split.isSplit("details"));
    QCOMPARE(split.upper("v1").size(), 19);  // second 17 had no request to reviews:
    QCOMPARE(split.runs(), 2);               // a gap, not a dip to 0
    QVERIFY(split.area(0, "v1") && split.area(1, "v2"));
    QCOMPARE(split.area(1, "v1")->upperSeries()->at(0).x(), 18.02);
    for (const QPointF& p : split.lower("v1")) QCOMPARE(p.y(), 0.0);
    for (const QPointF& p : split.upper("v2"))
      QVERIFY2(std::abs(p.y() - 100) < 1e-9, qPrintable(QString("%1 at %2").arg(p.y()).arg(p.x())));
    // v2's band starts where v1's ends; the shares are normalised (89.9 + 10.0 measured).
    QCOMPARE(split.lower("v2"), split.upper("v1"));
    QVERIFY(std::abs(yAt(split.upper("v1"), 5.02) - 89.9 * 100 / 99.9) < 1e-9);
    QCOMPARE(yAt(split.upper("v1"), 12.02), 50.0);
    QCOMPARE(split.valueAxis()->max(), 100.0);
    QVERIFY(split.chart()->title().contains("reviews"));
    QVERIFY(!split.noDataNoteVisible());

    split.setService("details");
    QCOMPARE(split.versions("details"), QStringList({"v1"}));
    QVERIFY(split.upper("v2").isEmpty());
    QCOMPARE(yAt(split.upper("v1"), 4.02), 100.0);
  }

  void splitWithoutCanarySaysSo() {
    SplitChart split;
    split.append(1, {row("istio-ingressgateway", "productpage", 10, 5, {{"v1", 100}})}, {});
    QVERIFY(split.service().isEmpty());
    QVERIFY(!split.hasData());
    QVERIFY(split.noDataNoteVisible());
    QVERIFY(split.noDataNote().contains("more than one version"));
  }

  void latencyShowsTheEntryEdgeByDefault() {
    LatencyChart latency;
    feed(latency, timeline());
    QCOMPARE(latency.edge(), kEntry);
    QCOMPARE(latency.edges().front(), kEntry);
    QCOMPARE(latency.edges().size(), 3);
    QVERIFY(latency.chart()->title().contains("(entry)"));
    QCOMPARE(latency.points(50).size(), 19);  // second 17 had no requests:
    QCOMPARE(latency.line(50)->runs(), 2);    // the line breaks there
    QCOMPARE(latency.line(50)->run(1)->points().front().x(), 18.02);
    QCOMPARE(yAt(latency.points(50), 4.02), 14.0);
    QCOMPARE(yAt(latency.points(95), 4.02), 28.0);
    QCOMPARE(yAt(latency.points(99), 4.02), 42.0);
    QVERIFY(latency.valueAxis()->max() >= 30 * 3);  // p99 peaks at 90 ms
    latency.setEdge(kReviews);
    QCOMPARE(latency.edge(), kReviews);
    QCOMPARE(latency.points(99).size(), 18);  // and second 3's histogram had no data
    QCOMPARE(latency.line(99)->runs(), 3);
    QVERIFY(std::isnan(yAt(latency.points(99), 3.02)));
    QCOMPARE(yAt(latency.points(99), 5.02), 12.0);
  }

  void gappedLineBreaksAndShowsLonePoints() {
    QChart chart;
    GappedLine line("p99", QPen(Qt::red), [&](QLineSeries* s) { chart.addSeries(s); });
    line.add(1, 5);
    line.add(2, NAN);
    line.add(3, 7);
    line.add(4, 8);
    QCOMPARE(line.runs(), 2);
    QCOMPARE(line.points(), QList<QPointF>({{1, 5}, {3, 7}, {4, 8}}));
    QVERIFY(chart.series().isEmpty());  // not shown yet
    line.show();
    QCOMPARE(chart.series().size(), 2);
    QVERIFY(line.run(0)->pointsVisible());  // a lone point is drawn as a dot
    QVERIFY(!line.run(1)->pointsVisible());
    QCOMPARE(line.run(1)->name(), QString("p99"));
    line.trim(3.5);
    QCOMPARE(line.runs(), 1);
    QCOMPARE(chart.series().size(), 1);
    QVERIFY(line.run(0)->pointsVisible());
    line.add(5, 9);  // goes on from 4
    QCOMPARE(line.runs(), 1);
    QVERIFY(!line.run(0)->pointsVisible());
    line.clear();
    QVERIFY(chart.series().isEmpty());
  }

  void successHasNoPointForIdleSeconds() {
    SuccessChart success;
    feed(success, timeline());
    QCOMPARE(success.edges().size(), 3);
    const QList<QPointF> reviews = success.points(kReviews);
    QCOMPARE(reviews.size(), 19);
    QCOMPARE(success.line(kReviews)->runs(), 2);  // no line drawn across second 17
    QCOMPARE(yAt(reviews, 13.02), 90.0);
    QCOMPARE(yAt(reviews, 11.02), 100.0);
    QVERIFY(success.valueAxis()->max() > 100 &&
            success.valueAxis()->max() <= 110);  // room above 100 %
    QVERIFY(success.valueAxis()->min() <= 90);
    // Edges keep their colour: the reviews line is the same colour in every panel of a board.
    Dashboard board;
    const auto r = timeline();
    for (const auto& [t, rows] : r.timeline) board.append(t, rows, {});
    QCOMPARE(board.successChart()->line(kReviews)->pen().color(),
             board.tripsChart()->overflowLine(kReviews)->pen().color());
    QVERIFY(board.successChart()->line(kReviews)->pen().color() !=
            board.successChart()->line(kDetails)->pen().color());
  }

  void tripsShowOverflowsEjectedEndpointsAndEjectionMarkers() {
    TripsChart trips;
    feed(trips, timeline());
    QVERIFY(trips.hasData());
    QVERIFY(!trips.noDataNoteVisible());
    const QList<QPointF> uo = trips.overflowPoints(kReviews);
    QVERIFY(trips.overflowLine(kReviews)->shown());  // on the chart: it overflowed
    QCOMPARE(uo.size(), 20);                         // second 17 had no request: 0 UO, not a gap
    QCOMPARE(trips.overflowLine(kReviews)->runs(), 1);
    QCOMPARE(yAt(uo, 13.02), 5.0);
    QCOMPARE(yAt(uo, 11.02), 0.0);
    QCOMPARE(yAt(uo, 17.02), 0.0);
    QVERIFY(!trips.overflowLine(kDetails)->shown());  // never overflowed: not drawn
    QVERIFY(trips.ejectedLine(kReviews)->shown());
    const QList<QPointF> ejected = trips.ejectedPoints(kReviews);
    QCOMPARE(yAt(ejected, 14.02), 1.0);
    // A gauge steps: 0 until second 13, then 1 (two points at 13.02).
    QCOMPARE(ejected.count(QPointF(13.02, 0)), 1);
    QCOMPARE(ejected.count(QPointF(13.02, 1)), 1);
    // Every entry in full: no elided names.
    const QString legend = trips.legendText();
    for (const char* entry :
         {"productpage-v1 → reviews 503 UO/s", "productpage-v1 → reviews ejected",
          "endpoint ejected", "endpoint returned", "config applied", "load ended"})
      QVERIFY2(legend.contains(entry), qPrintable(legend));
    QVERIFY(!legend.contains("details"));
    QVERIFY(trips.ejectedAxis()->isVisible());
    QScatterSeries* out = trips.eventMarkers("endpoint ejected");
    QScatterSeries* back = trips.eventMarkers("endpoint returned");
    QVERIFY(out && back);
    QCOMPARE(points(out).size(), 1);
    QCOMPARE(points(out)[0].x(), 12.5);
    QCOMPARE(points(back)[0].x(), 15.5);
    QVERIFY(!trips.eventMarkers("assertion"));
    QVERIFY(trips.valueAxis()->max() >= 5);
  }

  void retriesOnlyForEdgesThatRetried() {
    RetriesChart retries;
    feed(retries, timeline());
    QVERIFY(retries.shown(kDetails));
    QVERIFY(!retries.shown(kReviews));
    QCOMPARE(yAt(retries.points(kDetails), 6.02), 2.0);
    QCOMPARE(yAt(retries.points(kDetails), 8.02), 0.0);
    QCOMPARE(retries.points(kDetails).size(), 20);

    RetriesChart none;
    none.append(1, {row("a", "b", 10, 1)}, {});
    QVERIFY(!none.hasData());
    QVERIFY(none.noDataNoteVisible());
    QCOMPARE(none.noDataNote(), QString("No retries measured"));
  }

  void scenarioStepsAreMarkedOnEveryPanel() {
    Dashboard board;
    const auto r = timeline();
    std::size_t next = 0;
    for (const auto& [t, rows] : r.timeline) {
      RunEvents due;
      while (next < r.events.size() && r.events[next].atSeconds <= t)
        due.push_back(r.events[next++]);
      board.append(t, rows, due);
    }
    for (ChartPanel* p : board.panels()) {
      QScatterSeries* pushed = p->eventMarkers("config-applied");
      QVERIFY(pushed);
      QCOMPARE(points(pushed).size(), 1);
      QCOMPARE(points(pushed)[0].x(), 9.6);
      QCOMPARE(points(p->eventMarkers("load-ended")).front().x(), 19.0);
      QVERIFY(!p->eventMarkers("assertion"));
    }
    QVERIFY(!board.successChart()->eventMarkers("endpoint ejected"));  // trips' own markers
    QCOMPARE(board.eventList()->count(), 4);                           // not the assertion
    QVERIFY(board.eventList()->item(0)->text().contains("9.6 s  config-applied: pushed version 2"));
  }

  void slidingWindowBoundsEveryPanel() {
    Dashboard board;  // live: the last 300 s
    const auto r = timeline();
    const auto& rows = r.timeline[12].second;  // splits, overflows, ejections
    RunEvents ejected{{0, "endpoint ejected", "x"}};
    for (int s = 1; s <= 1000; ++s) {
      ejected[0].atSeconds = s;
      board.append(s, rows, ejected);
    }
    for (ChartPanel* p : board.panels()) {
      QCOMPARE(p->timeAxis()->min(), 700.0);
      QCOMPARE(p->timeAxis()->max(), 1000.0);
    }
    // 301 ticks in the window, a handful of points per tick and series.
    QVERIFY(board.splitChart()->pointCount() <= 301 * (2 * 2 + 3));
    QVERIFY(board.latencyChart()->pointCount() <= 301 * (3 + 3));
    QVERIFY(board.successChart()->pointCount() <= 301 * 3);
    QVERIFY(board.tripsChart()->pointCount() <= 301 * (3 + 3 * 2 + 1));
    QVERIFY(board.retriesChart()->pointCount() <= 301 * 3);
    QCOMPARE(board.tripsChart()->eventMarkers("endpoint ejected")->count(), 301);
    QCOMPARE(board.successChart()->points(kReviews).front().x(), 700.0);

    // The whole run for reports.
    SuccessChart all;
    all.setWindowSeconds(0);
    for (int s = 1; s <= 1000; ++s) all.append(s, rows, {});
    QCOMPARE(all.points(kReviews).size(), 1000);
    QCOMPARE(all.timeAxis()->min(), 0.0);
  }

  // Two ticks a second into a full 300 s window of a 20-edge mesh, every panel on screen: an append
  // and its repaint must leave most of the 500 ms between ticks to the rest of the GUI. (Round pen
  // caps made it 190 ms on the 2-core CI box under load, 65 ms without.)
  void appendKeepsUpWithLiveTicks() {
    Dashboard board;
    board.resize(1400, 900);
    board.show();
    std::vector<EdgeRow> rows;
    for (int i = 0; i < 20; ++i) {
      EdgeRow r = row("client-" + std::to_string(i), "svc-" + std::to_string(i % 5), 40, 5,
                      {{"v1", 80}, {"v2", 20}});
      r.overflows = i % 3;
      r.retriesPerSecond = i % 2;
      rows.push_back(r);
    }
    for (int tick = 1; tick <= 600; ++tick) board.append(tick * 0.5, rows, {});  // a full window
    QElapsedTimer clock;
    clock.start();
    qint64 worst = 0, appendNs = 0;
    const int ticks = 120;
    for (int tick = 601; tick <= 600 + ticks; ++tick) {
      QElapsedTimer one;
      one.start();
      board.append(tick * 0.5, rows, {});
      appendNs += one.nsecsElapsed();
      QCoreApplication::processEvents();  // lets the views repaint
      worst = std::max(worst, one.elapsed());
    }
    qInfo("append %.1f ms, with repaint %.1f ms", appendNs / 1e6 / ticks,
          double(clock.elapsed()) / ticks);
    const double average = double(clock.elapsed()) / ticks;
    QVERIFY2(average < 150, qPrintable(QString("average %1 ms per tick").arg(average)));
    QVERIFY2(worst < 500, qPrintable(QString("worst %1 ms").arg(worst)));
  }

  void reportChartsArePngsWithContent() {
    QTemporaryDir dir;
    std::vector<runtime::ReportChart> charts;
    std::string error;
    QVERIFY2(renderReportCharts(timeline(), dir.path().toStdString(), &charts, &error),
             error.c_str());
    QStringList files;
    for (const auto& c : charts) files << QString::fromStdString(c.file);
    QCOMPARE(files,
             QStringList({"split-reviews.png", "latency-istio-ingressgateway-to-productpage.png",
                          "latency-productpage-v1-to-details.png",
                          "latency-productpage-v1-to-reviews.png", "success.png", "trips.png",
                          "retries.png"}));
    for (const auto& c : charts) {
      const QString path = dir.filePath(QString::fromStdString(c.file));
      QVERIFY2(QFileInfo(path).size() > 5000, qPrintable(path));
      QImage image(path);
      QVERIFY2(!image.isNull(), qPrintable(path));
      QCOMPARE(image.size(), QSize(900, 420));
      QCOMPARE(QSize(c.width, c.height), QSize(900, 420));
      QVERIFY2(greyVariance(image) > 100, qPrintable(path));  // not a blank page
      QVERIFY(!c.title.empty() && !c.caption.empty());
    }
    // The areas are drawn in the versions' colours, the lines in the edges'.
    const QImage split(dir.filePath("split-reviews.png"));
    QVERIFY(pixelsNear(split, SeriesColors::version("v1")) > 20000);
    QVERIFY(pixelsNear(split, SeriesColors::version("v2")) > 10000);
    const QImage trips(dir.filePath("trips.png"));
    QVERIFY(pixelsNear(trips, QColor(0xdc2626), 30) > 20);  // the ejection marker
  }

  void chartsMarkWhereTheLoadEnded() {
    runtime::SimulationResult r;
    r.loadSeconds = 15;
    r.events = {{16, "assertion", "a: passed"}, {3, "pod-killed", "reviews-v1-0"}};
    const RunEvents marked = chartEvents(r);
    QCOMPARE(marked.size(), std::size_t(3));
    QCOMPARE(marked[0].kind, std::string("pod-killed"));
    QCOMPARE(marked[1].kind, std::string("load-ended"));
    QCOMPARE(marked[1].atSeconds, 15.0);
    r.events.push_back({14.9, "load-ended", "recorded by the run"});
    QCOMPARE(chartEvents(r).size(), std::size_t(3));  // not twice
    r.loadSeconds = 0;
    r.events.pop_back();
    QCOMPARE(chartEvents(r).size(), std::size_t(2));  // unknown: no mark
  }

  void reportOfAnEmptyRunSaysThereIsNoData() {
    QTemporaryDir dir;
    runtime::SimulationResult empty;
    std::vector<runtime::ReportChart> charts;
    std::string error;
    QVERIFY2(renderReportCharts(empty, dir.path().toStdString(), &charts, &error), error.c_str());
    QCOMPARE(charts.size(), std::size_t(5));  // split, latency, success, trips, retries
    for (const auto& c : charts) {
      QImage image(dir.filePath(QString::fromStdString(c.file)));
      QCOMPARE(image.size(), QSize(900, 420));
      QVERIFY(greyVariance(image) > 10);  // axes, title and the note
    }
    SuccessChart success;
    QVERIFY(success.noDataNoteVisible());
  }

  void reportHtmlShowsFiguresAndEveryChart() {
    QTemporaryDir dir;
    std::string error;
    const auto r = timeline();
    QVERIFY2(writeReportWithCharts(r, "bookinfo", dir.path().toStdString(), &error), error.c_str());
    for (const char* file : {"summary.json", "timeseries.csv", "report.html"})
      QVERIFY(QFile::exists(dir.filePath(file)));
    const QString html = read(dir.filePath("report.html"));
    QVERIFY(html.startsWith("<!DOCTYPE html>"));
    QVERIFY(html.contains("<title>MeshStudio run report: bookinfo</title>"));
    const QStringList pngs = QDir(dir.path()).entryList({"*.png"});
    QCOMPARE(pngs.size(), 7);
    for (const QString& png : pngs)
      QVERIFY2(html.contains("<img src=\"" + png + "\""), qPrintable(png));
    QVERIFY(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"));
    for (const char* figure :
         {"<th>Requests</th><td>1000</td>", "20.4 s (load sent for 19.0 s)", "200: 985", "503: 15",
          "UO: 15", "p50 21.5 ms &middot; p95 43.2 ms &middot; p99 64.8 ms",
          "Config push latency</th><td>not measured",
          "<td>reviews</td><td>v2</td><td class=\"num\">285</td><td class=\"num\">28.9 %</td>",
          "<td>reviews v1 share</td><td class=\"pass\">PASS</td>",
          "<td>page p99</td><td class=\"fail\">FAIL</td>", "1 of 2 assertions passed",
          "endpoint ejected</td><td>1 endpoint ejected from reviews", "12.5 s"})
      QVERIFY2(html.contains(figure), figure);
  }

  void timeseriesAndSummaryCarryTheNewFigures() {
    auto r = timeline();
    r.edges[0].retriesPerSecond = 1.5;
    r.edges[0].ejectedEndpoints = 1;
    r.edges[0].p95 = 7.5;
    const QString csv = QString::fromStdString(runtime::timeseriesCsv(r));
    const QStringList lines = csv.split('\n');
    // The columns of earlier reports stay where they were; new ones follow.
    QCOMPARE(
        lines[0],
        QString(
            "seconds,source,destination,rps,success_percent,p50_ms,p99_ms,overflows,split,p95_ms,"
            "retries_per_second,ejected_endpoints"));
    QVERIFY2(csv.contains("6.02,productpage-v1,details,50,100,2,6,0,\"v1=100.000000\",4,2,0"),
             qPrintable(csv));
    const QString json = QString::fromStdString(runtime::summaryJson(r));
    for (const char* field :
         {"\"load_seconds\": 19", "\"p95_ms\": 7.5", "\"retries_per_second\": 1.5",
          "\"ejected_endpoints\": 1", "\"p99_ms\": 12"})
      QVERIFY2(json.contains(field), field);
  }

  void dashboardPickersFollowTheData() {
    Dashboard board;
    const auto r = timeline();
    for (const auto& [t, rows] : r.timeline) board.append(t, rows, {});
    QComboBox* services = board.servicePicker();
    QCOMPARE(services->itemData(1).toString(), QString("reviews"));
    QVERIFY(services->findData("details") > 0);
    services->setCurrentIndex(services->findData("details"));
    emit services->activated(services->currentIndex());
    QCOMPARE(board.splitChart()->service(), QString("details"));
    QComboBox* edges = board.edgePicker();
    QCOMPARE(edges->count(), 4);  // "entry edge" and the three edges
    edges->setCurrentIndex(edges->findData(kReviews));
    emit edges->activated(edges->currentIndex());
    QCOMPARE(board.latencyChart()->edge(), kReviews);
    board.clear();
    QCOMPARE(board.latencyChart()->pointCount(), std::size_t(0));
    QVERIFY(board.successChart()->noDataNoteVisible());
  }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
