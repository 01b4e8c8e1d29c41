#pragma once

#include "analysis/context.h"
#include "analysis/graph/call_graph.h"

namespace ms::analysis {

void checkRetryAmplification(const Context& ctx, const CallGraph& graph);  // MS0001
void checkTimeoutBudgets(const Context& ctx, const CallGraph& graph);      // MS0002, MS0003
void checkCallCycles(const Context& ctx, const CallGraph& graph);          // MS0004
void checkReachability(const Context& ctx, const CallGraph& graph);        // MS0005
void checkSubsetWeights(const Context& ctx);                               // MS0006
void checkCircuitBreakerLoad(const Context& ctx, const CallGraph& graph);  // MS0007

// The resource a call edge is reported on: the MeshDesign that declares the call.
const model::Resource* designResource(const model::Mesh& mesh);

}  // namespace ms::analysis
