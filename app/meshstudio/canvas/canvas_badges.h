#pragma once
// The policy badges of the canvas, each with a tooltip that says what the policy does and
// which resource sets it. Pure functions of the model.
#include <optional>
#include <vector>

#include "canvas/canvas_graph.h"
#include "model/service_registry.h"

namespace ms::studio {

// Kind/namespace/name, as DesignDocument::refOf spells it.
std::string resourceRef(const model::Resource& r);

// Server side, from PeerAuthentications with Istio's precedence (workload > namespace > mesh).
std::optional<Badge> peerAuthenticationBadge(const model::Mesh& mesh,
                                             const std::vector<const model::RegistryWorkload*>& workloads);
// AuthorizationPolicies selecting any of the workloads; also lists them in `refs`.
std::optional<Badge> authorizationBadge(const model::Mesh& mesh,
                                        const std::vector<const model::RegistryWorkload*>& workloads,
                                        std::vector<std::string>& refs);
// Connection pool limits and outlier detection of a DestinationRule (or its subsets).
std::optional<Badge> circuitBreakerBadge(const model::Resource* destinationRule);
// Client side TLS a DestinationRule asks for (ISTIO_MUTUAL, SIMPLE, ...).
std::optional<Badge> clientTlsBadge(const model::Resource* destinationRule);
// TLS of a Gateway's servers.
std::optional<Badge> gatewayTlsBadge(const model::Resource& gateway);
// Retries, timeout and fault of one http route of a VirtualService.
std::vector<Badge> routeBadges(const model::HttpRoute& route, const model::Resource& virtualService);

}  // namespace ms::studio
