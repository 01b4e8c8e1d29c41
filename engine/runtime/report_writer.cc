#include "runtime/report_writer.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
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
  return {{"source", QString::fromStdString(e.source)},
          {"destination", QString::fromStdString(e.destination)},
          {"rps", e.rps},
          {"success_percent", e.successPercent},
          {"p50_ms", number(e.p50)},
          {"p95_ms", number(e.p95)},
          {"p99_ms", number(e.p99)},
          {"split_percent", split},
          {"overflows", e.overflows},
          {"retries_per_second", e.retriesPerSecond},
          {"ejected_endpoints", e.ejectedEndpoints},
          {"entry", e.entry}};
}

}  // namespace

// Columns are only ever added at the end, so readers of older reports keep working.
std::string timeseriesCsv(const SimulationResult& r) {
  std::ostringstream out;
  out << "seconds,source,destination,rps,success_percent,p50_ms,p99_ms,overflows,split,p95_ms,"
         "retries_per_second,ejected_endpoints\n";
  for (const auto& [t, rows] : r.timeline)
    for (const auto& e : rows) {
      std::string split;
      for (const auto& [v, s] : e.split) split += (split.empty() ? "" : " ") + v + "=" + std::to_string(s);
      out << t << "," << e.source << "," << e.destination << "," << e.rps << "," << e.successPercent << ","
          << e.p50 << "," << e.p99 << "," << e.overflows << ",\"" << split << "\"," << e.p95 << ","
          << e.retriesPerSecond << "," << e.ejectedEndpoints << "\n";
    }
  return out.str();
}

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
  QJsonObject root{{"requests", static_cast<double>(r.requests)}, {"seconds", r.seconds},
                         {"startup_seconds", r.startupSeconds}, {"by_status", byStatus}, {"by_flag", byFlag},
                         {"by_destination", byDestination}, {"latency_ms", percentiles(r.latencyMs)},
                         {"edges", edges}, {"events", events}, {"assertions", assertions},
                         {"push_latency_ms", percentiles(r.pushLatencyMs)}};
  if (r.loadSeconds > 0) root["load_seconds"] = r.loadSeconds;
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

namespace ms::runtime {

namespace {

std::string escapeHtml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  return out;
}

std::string fixed(double v, int decimals, const std::string& unit = "") {
  if (std::isnan(v)) return "&ndash;";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer + unit;
}

std::string whole(double v) { return fixed(v, 0); }

std::string percentilesText(const PercentileSet& p) {
  if (std::isnan(p.p50) && std::isnan(p.p95) && std::isnan(p.p99)) return "not measured";
  return "p50 " + fixed(p.p50, 1, " ms") + " &middot; p95 " + fixed(p.p95, 1, " ms") + " &middot; p99 " +
         fixed(p.p99, 1, " ms");
}

const char* kStyle = R"(body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:#1f2937;margin:2em auto;max-width:960px;padding:0 1em}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.8em 0 .5em;border-bottom:1px solid #e5e7eb}
.meta{color:#6b7280;margin:0 0 1em}
table{border-collapse:collapse;margin:.3em 0}th,td{padding:.25em .8em;text-align:left;vertical-align:top}
table.data th{background:#f3f4f6;border-bottom:1px solid #d1d5db}table.data td{border-bottom:1px solid #f3f4f6}
table.figures th{color:#4b5563;font-weight:600;padding-left:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#15803d;font-weight:700}.fail{color:#b91c1c;font-weight:700}
figure{margin:1.2em 0}figure img{max-width:100%;height:auto;border:1px solid #e5e7eb}
figcaption{color:#4b5563;font-size:.92em}
)";

}  // namespace

std::string reportHtml(const SimulationResult& r, const std::string& designName, const std::vector<ReportChart>& charts) {
  std::ostringstream h;
  const std::string name = designName.empty() ? "design" : designName;
  int passed = 0;
  for (const auto& a : r.assertions) passed += a.passed ? 1 : 0;

  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>MeshStudio run report: " << escapeHtml(name) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n"
    << "<h1>Run report: " << escapeHtml(name) << "</h1>\n<p class=\"meta\">MeshStudio simulation of the design <b>"
    << escapeHtml(name) << "</b>: " << r.requests << " requests in " << fixed(r.seconds, 1, " s");
  if (!r.assertions.empty())
    h << "; " << (passed == static_cast<int>(r.assertions.size()) ? "<span class=\"pass\">" : "<span class=\"fail\">")
      << passed << " of " << r.assertions.size() << " assertions passed</span>";
  h << ". Every figure is measured from real requests (docs/report.md).</p>\n";

  // The run's figures, as in summary.json.
  std::string statuses, flags;
  for (const auto& [code, n] : r.byStatus)
    statuses += (statuses.empty() ? "" : " &middot; ") + (code == 0 ? std::string("no answer") : std::to_string(code)) +
                ": " + std::to_string(n);
  for (const auto& [flag, n] : r.byFlag) flags += (flags.empty() ? "" : " &middot; ") + escapeHtml(flag) + ": " + std::to_string(n);
  h << "<h2>Run</h2>\n<table class=\"figures\">\n"
    << "<tr><th>Requests</th><td>" << r.requests << "</td></tr>\n"
    << "<tr><th>Measured for</th><td>" << fixed(r.seconds, 1, " s")
    << (r.loadSeconds > 0 ? " (load sent for " + fixed(r.loadSeconds, 1, " s") + ")" : std::string()) << "</td></tr>\n"
    << "<tr><th>Pods ready after</th><td>" << fixed(r.startupSeconds, 2, " s") << "</td></tr>\n"
    << "<tr><th>Responses by status</th><td>" << (statuses.empty() ? "none" : statuses) << "</td></tr>\n"
    << "<tr><th>Response flags</th><td>" << (flags.empty() ? "none" : flags) << "</td></tr>\n"
    << "<tr><th>Latency at the entry</th><td>" << percentilesText(r.latencyMs) << "</td></tr>\n"
    << "<tr><th>Config push latency</th><td>" << percentilesText(r.pushLatencyMs) << "</td></tr>\n"
    << "</table>\n";

  h << "<h2>Assertions</h2>\n";
  if (r.assertions.empty()) {
    h << "<p>The scenario declares no assertions.</p>\n";
  } else {
    h << "<table class=\"data\">\n<tr><th>Assertion</th><th>Result</th><th>Measured</th></tr>\n";
    for (const auto& a : r.assertions)
      h << "<tr><td>" << escapeHtml(a.name) << "</td><td class=\"" << (a.passed ? "pass\">PASS" : "fail\">FAIL")
        << "</td><td>" << escapeHtml(a.detail) << "</td></tr>\n";
    h << "</table>\n";
  }

  h << "<h2>Split per destination</h2>\n";
  if (r.byDestination.empty()) {
    h << "<p>No requests reached a destination service.</p>\n";
  } else {
    h << "<table class=\"data\">\n<tr><th>Service</th><th>Version</th><th>Requests</th><th>Share</th></tr>\n";
    for (const auto& [service, versions] : r.byDestination) {
      double total = 0;
      for (const auto& [version, n] : versions) total += n;
      for (const auto& [version, n] : versions)
        h << "<tr><td>" << escapeHtml(service) << "</td><td>" << escapeHtml(version) << "</td><td class=\"num\">"
          << whole(n) << "</td><td class=\"num\">" << fixed(total > 0 ? n * 100 / total : NAN, 1, " %") << "</td></tr>\n";
    }
    h << "</table>\n";
    bool unknown = false;
    for (const auto& [service, versions] : r.byDestination) unknown = unknown || versions.count("unknown");
    if (unknown)
      h << "<p class=\"meta\">Version <i>unknown</i>: requests that reached no version (refused by the client's "
           "own proxy: 503 UO, UH, UF) or a workload without a version label.</p>\n";
  }

  h << "<h2>Charts</h2>\n";
  if (charts.empty()) h << "<p>No charts were rendered.</p>\n";
  for (const auto& c : charts) {
    h << "<figure><img src=\"" << escapeHtml(c.file) << "\" alt=\"" << escapeHtml(c.title) << "\"";
    if (c.width > 0 && c.height > 0) h << " width=\"" << c.width << "\" height=\"" << c.height << "\"";
    h << "><figcaption>" << escapeHtml(c.caption) << "</figcaption></figure>\n";
  }

  h << "<h2>Edges over the whole run</h2>\n";
  if (r.edges.empty()) {
    h << "<p>No traffic between workloads was measured.</p>\n";
  } else {
    h << "<table class=\"data\">\n<tr><th>Source</th><th>Destination</th><th>req/s</th><th>Success</th>"
         "<th>p50</th><th>p95</th><th>p99</th><th>503 UO</th><th>Retries/s</th></tr>\n";
    for (const auto& e : r.edges)
      h << "<tr><td>" << escapeHtml(e.source) << (e.entry ? " (entry)" : "") << "</td><td>" << escapeHtml(e.destination)
        << "</td><td class=\"num\">" << fixed(e.rps, 1) << "</td><td class=\"num\">" << fixed(e.successPercent, 2, " %")
        << "</td><td class=\"num\">" << fixed(e.p50, 1, " ms") << "</td><td class=\"num\">" << fixed(e.p95, 1, " ms")
        << "</td><td class=\"num\">" << fixed(e.p99, 1, " ms") << "</td><td class=\"num\">" << whole(e.overflows)
        << "</td><td class=\"num\">" << fixed(e.retriesPerSecond, 2) << "</td></tr>\n";
    h << "</table>\n";
  }

  h << "<h2>Events</h2>\n";
  if (r.events.empty()) {
    h << "<p>No events.</p>\n";
  } else {
    h << "<table class=\"data\">\n<tr><th>At</th><th>Kind</th><th>Detail</th></tr>\n";
    for (const auto& e : r.events)
      h << "<tr><td class=\"num\">" << fixed(e.atSeconds, 1, " s") << "</td><td>" << escapeHtml(e.kind) << "</td><td>"
        << escapeHtml(e.detail) << "</td></tr>\n";
    h << "</table>\n";
  }
  h << "</body>\n</html>\n";
  return h.str();
}

bool writeReportHtml(const SimulationResult& r, const std::string& designName, const std::vector<ReportChart>& charts,
                     const std::string& dir, std::string* error) {
  if (!QDir().mkpath(QString::fromStdString(dir))) return *error = "cannot create " + dir, false;
  const auto written = ca::writeFileAtomically(dir + "/report.html", reportHtml(r, designName, charts), 0644);
  if (!written) return *error = written.error(), false;
  return true;
}

}  // namespace ms::runtime
