#include "analysis/graph/graph_checks.h"

namespace ms::analysis {

void runGraphChecks(const Context&) {}

}  // namespace ms::analysis
