#include "analysis/ist/istio_analyzers.h"

namespace ms::analysis {

void runIstioAnalyzers(const Context&) {}

}  // namespace ms::analysis
