#pragma once

#include "analysis/context.h"

namespace ms::analysis {

// MeshStudio's checks over the call graph (workloads' downstream calls plus routes), beyond
// istioctl: MS0001 and up, documented in docs/diagnostics.md.
void runGraphChecks(const Context& ctx);

}  // namespace ms::analysis
