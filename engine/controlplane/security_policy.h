#pragma once

// Which PeerAuthentication and AuthorizationPolicies apply to a workload, with Istio's
// precedence: workload selector > namespace-wide > mesh-wide (the root namespace).

#include <string>
#include <vector>

#include "controlplane/proxy_config.h"
#include "model/mesh.h"
#include "model/service_registry.h"

namespace ms::controlplane {

inline constexpr const char* kRootNamespace = "istio-system";

// STRICT | PERMISSIVE | DISABLE for traffic to `port` of the workload (PERMISSIVE by default).
std::string inboundMtlsMode(const model::Mesh& mesh, const model::RegistryWorkload& workload, std::int64_t port);

// ALLOW and DENY policies selecting the workload, as the inbound listener evaluates them.
std::vector<AuthorizationRules> authorizationFor(const model::Mesh& mesh, const model::RegistryWorkload& workload);

}  // namespace ms::controlplane
