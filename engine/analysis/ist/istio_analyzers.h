#pragma once

#include "analysis/context.h"

namespace ms::analysis {

// istioctl analyze's analyzers for the kinds MeshStudio models, with the same codes, levels
// and meaning (IST0101, IST0109, ...), as `istioctl analyze --use-kube=false` runs them.
void runIstioAnalyzers(const Context& ctx);

}  // namespace ms::analysis
