#pragma once

#include <vector>

#include "controlplane/placement.h"
#include "controlplane/proxy_config.h"
#include "model/mesh.h"

namespace ms::controlplane {

// One cluster per mesh service that has pods: endpoints from the placement, traffic policy and
// subsets from its DestinationRule, and Istio's auto mTLS where the rule sets no TLS.
std::vector<Cluster> compileClusters(const model::Mesh& mesh, const model::ServiceRegistry& registry,
                                     const Placement& placement);

// The name a service's cluster has in every proxy config.
std::string clusterName(const model::RegistryService& service);

std::string spiffeIdentity(const std::string& trustDomain, const model::RegistryWorkload& workload);

}  // namespace ms::controlplane
