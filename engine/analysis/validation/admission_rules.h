#pragma once

#include "analysis/context.h"

namespace ms::analysis {

// Istio's admission-time validation for the modeled kinds (what `kubectl apply` would reject
// beyond the CRD schema), reported as IST0106 SchemaValidationError as istioctl does.
void runAdmissionRules(const Context& ctx);

}  // namespace ms::analysis
