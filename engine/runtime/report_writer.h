#pragma once

#include <string>
#include <vector>

#include "runtime/simulation_result.h"

namespace ms::runtime {

// summary.json (docs/report.md) and timeseries.csv of a run, written into `dir`.
bool writeReport(const SimulationResult& result, const std::string& dir, std::string* error);
std::string summaryJson(const SimulationResult& result);
std::string timeseriesCsv(const SimulationResult& result);

// A chart image in the report's folder (the dashboard library renders them).
struct ReportChart {
  std::string file;     // relative to the report's folder: "success.png"
  std::string title;    // "Success rate per edge"
  std::string caption;  // one sentence on what it shows
  int width = 0, height = 0;
};

// report.html: a self-contained page (no scripts, no external files but the charts, which it
// references by relative path) with the run's figures, assertions, events and charts.
std::string reportHtml(const SimulationResult& result, const std::string& designName,
                       const std::vector<ReportChart>& charts);
bool writeReportHtml(const SimulationResult& result, const std::string& designName,
                     const std::vector<ReportChart>& charts, const std::string& dir, std::string* error);

}  // namespace ms::runtime
