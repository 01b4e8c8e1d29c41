#include "analysis/graph/graph_checks.h"

#include "analysis/graph/call_graph.h"
#include "analysis/graph/path_checks.h"

namespace ms::analysis {

void runGraphChecks(const Context& ctx) {
  checkSubsetWeights(ctx);
  if (!designResource(ctx.mesh)) return;  // the other checks need the design's calls
  const CallGraph graph(ctx.mesh, ctx.registry);
  checkRetryAmplification(ctx, graph);
  checkTimeoutBudgets(ctx, graph);
  checkCallCycles(ctx, graph);
  checkReachability(ctx, graph);
  checkCircuitBreakerLoad(ctx, graph);
}

}  // namespace ms::analysis
