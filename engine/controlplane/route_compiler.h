#pragma once

#include <vector>

#include "controlplane/proxy_config.h"
#include "model/mesh.h"
#include "model/service_registry.h"

namespace ms::controlplane {

// The outbound route table of a sidecar in `ns`: a virtual host per port of each service that
// has a cluster, routed by the mesh-bound VirtualService for that host, else to its cluster.
RouteTable compileOutboundRoutes(const model::Mesh& mesh, const model::ServiceRegistry& registry,
                                 const model::RegistryWorkload& workload, const std::vector<Cluster>& clusters);

// The route table of one Gateway server: the VirtualServices bound to that Gateway.
RouteTable compileGatewayRoutes(const model::Mesh& mesh, const model::ServiceRegistry& registry,
                                const model::Resource& gateway, const model::Server& server,
                                const std::string& tableName);

// An Istio http route in the data plane's form; `from` is the VirtualService's namespace.
Route compileRoute(const model::HttpRoute& in, const std::string& name, const model::ServiceRegistry& registry,
                   const std::string& from);

}  // namespace ms::controlplane
