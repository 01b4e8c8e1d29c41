#pragma once

// A run's report charts: SimulationResult::timeline replayed through the dashboard's panels
// (whole run, no sliding window) and each panel saved as a PNG. Needs a QApplication (panels
// are widgets); without a display, use the offscreen platform (QT_QPA_PLATFORM=offscreen).

#include <string>
#include <vector>

#include "runtime/report_writer.h"
#include "runtime/simulation_result.h"

namespace ms::dashboard {

// Writes into dir: split-SERVICE.png per service split between versions (split.png with a
// note when none was), latency-SOURCE-to-DESTINATION.png per edge (entry edges first),
// success.png, trips.png, retries.png; each ChartPanel::kReportSize. `charts` (optional) gets
// them in report order.
bool renderReportCharts(const runtime::SimulationResult& result, const std::string& dir,
                        std::vector<runtime::ReportChart>* charts, std::string* error);

// The events the charts mark, in time order: the run's, and "load-ended" at loadSeconds when
// the run did not record it as an event.
runtime::RunEvents chartEvents(const runtime::SimulationResult& result);

// The whole report: summary.json, timeseries.csv, the charts and report.html (docs/report.md).
bool writeReportWithCharts(const runtime::SimulationResult& result, const std::string& designName,
                           const std::string& dir, std::string* error);

}  // namespace ms::dashboard
