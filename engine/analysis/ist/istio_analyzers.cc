#include "analysis/ist/istio_analyzers.h"

#include "analysis/ist/analyzer_families.h"

namespace ms::analysis {

void runIstioAnalyzers(const Context& ctx) {
  ist::analyzeVirtualServiceDestinations(ctx);
  ist::analyzeVirtualServiceGateways(ctx);
  ist::analyzeConflictingMeshGatewayHosts(ctx);
  ist::analyzeUnreachableRules(ctx);
  ist::analyzeDestinationRules(ctx);
  ist::analyzeGatewayPorts(ctx);
  ist::analyzeGatewayConflicts(ctx);
  ist::analyzeSidecars(ctx);
  ist::analyzeWorkloadPorts(ctx);
  ist::analyzeAuthorizationPolicies(ctx);
  ist::analyzeIneffectiveSelectors(ctx);
  ist::analyzeServiceEntries(ctx);
}

}  // namespace ms::analysis
