// IST0109, as Istio's virtualservice.ConflictingMeshGatewayHostsAnalyzer: VirtualServices bound
// to the mesh gateway that define the same host for the same namespaces.
#include <algorithm>
#include <map>
#include <set>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using Resources = std::vector<const model::Resource*>;

// No gateways means "mesh".
bool boundToMesh(const model::VirtualService& vs) {
  return vs.gateways.empty() ||
         std::find(vs.gateways.begin(), vs.gateways.end(), "mesh") != vs.gateways.end();
}

// The namespaces the VirtualService's hosts are visible in: "*" for all, else its exportTo.
std::set<std::string> hostScopes(const model::VirtualService& vs, const std::string& ns) {
  const auto& e = vs.exportTo;
  if (e.empty() || std::find(e.begin(), e.end(), "*") != e.end()) return {"*"};
  std::set<std::string> scopes;
  for (const std::string& s : e) scopes.insert(s == "." ? ns : s);
  return scopes;
}

// initMeshGatewayHosts: "scope/fqdn" -> the VirtualServices defining that host.
std::map<std::string, Resources> meshGatewayHosts(const Context& ctx) {
  std::map<std::string, Resources> out;
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::VirtualService)) {
    const auto& vs = *r->as<model::VirtualService>();
    if (!boundToMesh(vs)) continue;
    for (const std::string& scope : hostScopes(vs, r->meta.namespace_))
      for (const std::string& h : vs.hosts)
        out[scope + "/" + toFqdn(h, r->meta.namespace_)].push_back(r);
  }
  return out;
}

std::string hostOf(const std::string& scopedFqdn) {
  return scopedFqdn.substr(scopedFqdn.find('/') + 1);
}

// A host visible in one namespace also clashes with hosts exported to all that match it.
Resources withExportedToAll(const std::string& key, Resources list,
                            const std::map<std::string, Resources>& hosts) {
  if (key.rfind("*/", 0) == 0) return list;
  for (const auto& [other, resources] : hosts)
    if (other.rfind("*/", 0) == 0 && hostNamesMatch(hostOf(key), hostOf(other)))
      list.insert(list.end(), resources.begin(), resources.end());
  return list;
}

}  // namespace

void analyzeConflictingMeshGatewayHosts(const Context& ctx) {
  const auto hosts = meshGatewayHosts(ctx);
  std::set<const model::Resource*> reported;  // one message per VirtualService, as Istio
  for (const auto& [key, resources] : hosts) {
    const Resources list = withExportedToAll(key, resources, hosts);
    if (list.size() < 2) continue;
    std::vector<std::string> names;
    for (const model::Resource* r : list) names.push_back(r->namespacedName());
    for (const model::Resource* r : list) {
      if (!reported.insert(r).second) continue;
      ctx.report("IST0109", model::Level::Error, *r, "metadata.name",
                 "The VirtualServices " + join(names, ",") +
                     " associated with mesh gateway define the same host " + key +
                     " which can lead to undefined behavior. This can be fixed by merging the "
                     "conflicting VirtualServices into a single resource.");
    }
  }
}

}  // namespace ms::analysis::ist
