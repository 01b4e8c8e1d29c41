#pragma once

// The Istio rules a sidecar applies to traffic for a host, looked up the same way by the
// analysis (what will happen) and the control plane (what the proxies are told).

#include <string>

#include "model/mesh.h"

namespace ms::model {

// A VirtualService without gateways, or listing "mesh", applies to sidecars.
bool appliesToMesh(const VirtualService& vs);

// The first mesh-bound VirtualService with http routes whose hosts cover `fqdn`.
const Resource* meshVirtualServiceFor(const Mesh& mesh, const std::string& fqdn);

// The first DestinationRule whose host (possibly a wildcard) covers `fqdn`.
const Resource* destinationRuleFor(const Mesh& mesh, const std::string& fqdn);

}  // namespace ms::model
