#pragma once

// What a run measured, read from the proxies' metrics (and the load generator at the entry):
// the live table's edges and the scenario's assertions.

#include <vector>

#include "load/load_stats.h"
#include "metrics/mesh_queries.h"
#include "model/mesh_design.h"
#include "model/service_registry.h"
#include "runtime/simulation_result.h"

namespace ms::runtime {

std::vector<EdgeRow> edgeRows(const metrics::MetricsStore& store, metrics::Window window);

// Requests per destination service and version over the window.
std::map<std::string, std::map<std::string, double>> requestsByDestination(const metrics::MetricsStore& store,
                                                                          metrics::Window window);

AssertionResult evaluate(const model::Assertion& assertion, const metrics::MetricsStore& store,
                         metrics::Window window, const LoadCounts& load, const model::ServiceRegistry& registry);

}  // namespace ms::runtime
