#include "model/traffic_rules.h"

#include <algorithm>

#include "model/hosts.h"

namespace ms::model {

bool appliesToMesh(const VirtualService& vs) {
  return vs.gateways.empty() || std::count(vs.gateways.begin(), vs.gateways.end(), "mesh") > 0;
}

const Resource* meshVirtualServiceFor(const Mesh& mesh, const std::string& fqdn) {
  for (const Resource& r : mesh.resources) {
    const auto* vs = r.as<VirtualService>();
    if (!vs || vs->http.empty() || !appliesToMesh(*vs)) continue;
    const bool covers = std::any_of(vs->hosts.begin(), vs->hosts.end(), [&](const std::string& h) {
      return hostMatches(resolveHost(h, r.meta.namespace_), fqdn) || hostMatches(h, fqdn);  // httpbin.org as written
    });
    if (covers) return &r;
  }
  return nullptr;
}

const Resource* destinationRuleFor(const Mesh& mesh, const std::string& fqdn) {
  for (const Resource& r : mesh.resources) {
    const auto* dr = r.as<DestinationRule>();
    if (dr && dr->host && (hostMatches(resolveHost(*dr->host, r.meta.namespace_), fqdn) || hostMatches(*dr->host, fqdn)))
      return &r;
  }
  return nullptr;
}

}  // namespace ms::model
