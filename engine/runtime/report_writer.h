#pragma once

#include <string>

#include "runtime/simulation_result.h"

namespace ms::runtime {

// summary.json (docs/report.md) and timeseries.csv of a run, written into `dir`.
bool writeReport(const SimulationResult& result, const std::string& dir, std::string* error);
std::string summaryJson(const SimulationResult& result);

}  // namespace ms::runtime
