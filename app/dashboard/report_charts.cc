#include "report_charts.h"

#include <QApplication>
#include <QDir>
#include <QRegularExpression>
#include <algorithm>

#include "latency_chart.h"
#include "retries_chart.h"
#include "split_chart.h"
#include "success_chart.h"
#include "trips_chart.h"

namespace ms::dashboard {

namespace {

std::string fileSafe(const QString& text) {
  static const QRegularExpression unsafe("[^A-Za-z0-9._-]+");
  return QString(text).replace(unsafe, "_").toStdString();
}

}  // namespace

runtime::RunEvents chartEvents(const runtime::SimulationResult& result) {
  runtime::RunEvents events = result.events;
  // The seconds after the load stopped measure requests still in flight: mark where they start.
  const bool ended = std::any_of(events.begin(), events.end(),
                                 [](const auto& e) { return e.kind == "load-ended"; });
  if (result.loadSeconds > 0 && !ended)
    events.push_back({result.loadSeconds, "load-ended", "the load generator stopped sending"});
  std::stable_sort(events.begin(), events.end(),
                   [](const runtime::RunEvent& a, const runtime::RunEvent& b) {
                     return a.atSeconds < b.atSeconds;
                   });
  return events;
}

bool renderReportCharts(const runtime::SimulationResult& result, const std::string& dir,
                        std::vector<runtime::ReportChart>* charts, std::string* error) {
  if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
    return *error =
               "rendering charts needs a QApplication (QT_QPA_PLATFORM=offscreen without a "
               "display)",
           false;
  const QString folder = QString::fromStdString(dir);
  if (!QDir().mkpath(folder)) return *error = "cannot create " + dir, false;

  // One colour per edge throughout, entry edges first.
  auto colors = std::make_shared<SeriesColors>();
  for (bool entry : {true, false})
    for (const auto& [t, rows] : result.timeline)
      for (const auto& row : rows)
        if (row.entry == entry) colors->edge(edgeKey(row.source, row.destination));

  SplitChart split(colors);
  LatencyChart latency(colors);
  SuccessChart success(colors);
  TripsChart trips(colors);
  RetriesChart retries(colors);
  const std::vector<ChartPanel*> panels{&split, &latency, &success, &trips, &retries};
  for (ChartPanel* p : panels) p->setWindowSeconds(0);

  // Each tick gets the events up to its time; later ones (the verdicts at the end) with the last.
  const runtime::RunEvents events = chartEvents(result);
  std::size_t next = 0;
  for (std::size_t i = 0; i < result.timeline.size(); ++i) {
    const auto& [t, rows] = result.timeline[i];
    runtime::RunEvents due;
    const bool last = i + 1 == result.timeline.size();
    while (next < events.size() && (last || events[next].atSeconds <= t))
      due.push_back(events[next++]);
    for (ChartPanel* p : panels) p->append(t, rows, due);
  }

  std::vector<runtime::ReportChart> out;
  auto save = [&](ChartPanel& panel, const std::string& file, const std::string& caption) {
    QString failure;
    if (!panel.savePng(folder + "/" + QString::fromStdString(file), ChartPanel::kReportSize,
                       &failure)) {
      *error = failure.toStdString();
      return false;
    }
    out.push_back({file, panel.chart()->title().toStdString(), caption,
                   ChartPanel::kReportSize.width(), ChartPanel::kReportSize.height()});
    return true;
  };

  QStringList splitServices;
  for (const QString& s : split.services())
    if (split.isSplit(s)) splitServices << s;
  if (splitServices.isEmpty()) {
    if (!save(split, "split.png", "No destination service was split between versions in this run."))
      return false;
  }
  for (const QString& s : splitServices) {
    split.setService(s);
    if (!save(split, "split-" + fileSafe(s) + ".png",
              "Share of " + s.toStdString() + "'s requests each version served, per second."))
      return false;
  }
  const QStringList edges = latency.edges();
  if (edges.isEmpty() && !save(latency, "latency.png", "No requests were measured.")) return false;
  for (const QString& e : edges) {
    latency.setEdge(e);
    const QStringList ends = e.split(QStringLiteral(" → "));
    const std::string file =
        "latency-" + fileSafe(ends.value(0)) + "-to-" + fileSafe(ends.value(1)) + ".png";
    if (!save(latency, file,
              "p50, p95 and p99 latency of " + e.toStdString() +
                  (latency.isEntry(e) ? " (where the load enters)" : "") +
                  ", per second, from the destination proxy's request-duration histogram."))
      return false;
  }
  if (!save(success, "success.png",
            "Share of each edge's requests answered without a 5xx or a reset, per second.") ||
      !save(trips, "trips.png",
            "Requests the client's proxy refused with 503 UO (connection pool overflow) per "
            "second, endpoints held "
            "ejected by outlier detection, and ejection events.") ||
      !save(retries, "retries.png",
            "Retries per second at each edge's client proxies (Envoy upstream_rq_retry)."))
    return false;
  if (charts) *charts = std::move(out);
  return true;
}

bool writeReportWithCharts(const runtime::SimulationResult& result, const std::string& designName,
                           const std::string& dir, std::string* error) {
  std::vector<runtime::ReportChart> charts;
  return runtime::writeReport(result, dir, error) &&
         renderReportCharts(result, dir, &charts, error) &&
         runtime::writeReportHtml(result, designName, charts, dir, error);
}

}  // namespace ms::dashboard
