#pragma once

// The istioctl analyze analyzers, one family per file. Each mirrors Istio's analyzer of the same
// name under pkg/config/analysis/analyzers (which resources it reads, what it exempts, the level
// and message template of messages.yaml).

#include "analysis/context.h"

namespace ms::analysis::ist {

// virtual_service_destinations.cc: IST0101 host / host:port / host+subset, IST0112.
void analyzeVirtualServiceDestinations(const Context& ctx);
// virtual_service_gateways.cc: IST0101 gateway, IST0132.
void analyzeVirtualServiceGateways(const Context& ctx);
// virtual_service_conflicts.cc: IST0109.
void analyzeConflictingMeshGatewayHosts(const Context& ctx);
// virtual_service_rules.cc: IST0130, IST0131.
void analyzeUnreachableRules(const Context& ctx);
// destination_rule_analyzers.cc: IST0128, IST0129, IST0173, IST0174.
void analyzeDestinationRules(const Context& ctx);
// gateway_analyzers.cc: IST0101 selector, IST0162.
void analyzeGatewayPorts(const Context& ctx);
// gateway_conflicts.cc: IST0138, IST0145.
void analyzeGatewayConflicts(const Context& ctx);
// sidecar_analyzers.cc: IST0101 selector, IST0110, IST0111.
void analyzeSidecars(const Context& ctx);
// workload_port_analyzers.cc: IST0116, IST0118, IST0137.
void analyzeWorkloadPorts(const Context& ctx);
// authorization_policy_analyzers.cc: IST0127, IST0101 namespace.
void analyzeAuthorizationPolicies(const Context& ctx);
// selector_analyzers.cc: IST0166.
void analyzeIneffectiveSelectors(const Context& ctx);
// service_entry_analyzers.cc: IST0134.
void analyzeServiceEntries(const Context& ctx);

}  // namespace ms::analysis::ist
