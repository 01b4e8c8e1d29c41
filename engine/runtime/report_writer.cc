#include "runtime/report_writer.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sstream>

#include "controlplane/ca/atomic_file.h"

namespace ms::runtime {

namespace {

QJsonValue number(double v) { return std::isnan(v) ? QJsonValue() : QJsonValue(v); }

QJsonObject percentiles(const PercentileSet& p) {
  return {{"p50", number(p.p50)}, {"p95", number(p.p95)}, {"p99", number(p.p99)}};
}

QJsonObject edgeJson(const EdgeRow& e) {
  QJsonObject split;
  for (const auto& [version, share] : e.split) split[QString::fromStdString(version)] = share;
  return {{"source", QString::fromStdString(e.source)}, {"destination", QString::fromStdString(e.destination)},
          {"rps", e.rps}, {"success_percent", e.successPercent}, {"p50_ms", number(e.p50)},
          {"p99_ms", number(e.p99)}, {"split_percent", split}, {"overflows", e.overflows}};
}

std::string timeseriesCsv(const SimulationResult& r) {
  std::ostringstream out;
  out << "seconds,source,destination,rps,success_percent,p50_ms,p99_ms,overflows,split\n";
  for (const auto& [t, rows] : r.timeline)
    for (const auto& e : rows) {
      std::string split;
      for (const auto& [v, s] : e.split) split += (split.empty() ? "" : " ") + v + "=" + std::to_string(s);
      out << t << "," << e.source << "," << e.destination << "," << e.rps << "," << e.successPercent << ","
          << e.p50 << "," << e.p99 << "," << e.overflows << ",\"" << split << "\"\n";
    }
  return out.str();
}

}  // namespace

std::string summaryJson(const SimulationResult& r) {
  QJsonObject byStatus, byFlag, byDestination;
  for (const auto& [code, n] : r.byStatus) byStatus[QString::number(code)] = static_cast<double>(n);
  for (const auto& [flag, n] : r.byFlag) byFlag[QString::fromStdString(flag)] = static_cast<double>(n);
  for (const auto& [service, versions] : r.byDestination) {
    QJsonObject v;
    for (const auto& [version, n] : versions) v[QString::fromStdString(version)] = n;
    byDestination[QString::fromStdString(service)] = v;
  }
  QJsonArray edges, events, assertions;
  for (const auto& e : r.edges) edges.append(edgeJson(e));
  for (const auto& e : r.events)
    events.append(QJsonObject{{"at_seconds", e.atSeconds}, {"kind", QString::fromStdString(e.kind)},
                              {"detail", QString::fromStdString(e.detail)}});
  for (const auto& a : r.assertions)
    assertions.append(QJsonObject{{"name", QString::fromStdString(a.name)}, {"passed", a.passed},
                                  {"detail", QString::fromStdString(a.detail)}});
  const QJsonObject root{{"requests", static_cast<double>(r.requests)}, {"seconds", r.seconds},
                         {"startup_seconds", r.startupSeconds}, {"by_status", byStatus}, {"by_flag", byFlag},
                         {"by_destination", byDestination}, {"latency_ms", percentiles(r.latencyMs)},
                         {"edges", edges}, {"events", events}, {"assertions", assertions},
                         {"push_latency_ms", percentiles(r.pushLatencyMs)}};
  return QJsonDocument(root).toJson().toStdString();
}

bool writeReport(const SimulationResult& r, const std::string& dir, std::string* error) {
  if (!QDir().mkpath(QString::fromStdString(dir))) return *error = "cannot create " + dir, false;
  for (const auto& [name, text] : {std::pair{"summary.json", summaryJson(r)}, std::pair{"timeseries.csv", timeseriesCsv(r)}}) {
    const auto written = ca::writeFileAtomically(dir + "/" + name, text, 0644);
    if (!written) return *error = written.error(), false;
  }
  return true;
}

}  // namespace ms::runtime
