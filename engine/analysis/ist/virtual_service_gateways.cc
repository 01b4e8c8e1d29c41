// IST0101 (gateway) and IST0132, as Istio's virtualservice.GatewayAnalyzer.
#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

// resource.NewShortOrFullName: "ns/name", or a name in the VirtualService's namespace.
std::pair<std::string, std::string> gatewayName(const std::string& vsNs, const std::string& ref) {
  const auto slash = ref.find('/');
  if (slash == std::string::npos) return {vsNs, ref};
  return {ref.substr(0, slash), ref.substr(slash + 1)};
}

// sanitizeServerHostNamespace + host.NamesForNamespace: the hosts a server offers to a
// VirtualService in `vsNs` ("./h" is the gateway's namespace, "*/h" any namespace).
std::vector<std::string> hostsFor(const model::Server& server, const std::string& gatewayNs,
                                  const std::string& vsNs) {
  std::vector<std::string> out;
  for (const std::string& h : server.hosts) {
    const auto slash = h.find('/');
    if (slash == std::string::npos) {
      out.push_back(h);
      continue;
    }
    std::string ns = h.substr(0, slash);
    if (ns == ".") ns = gatewayNs;
    if (ns != "*" && ns != vsNs) continue;
    out.push_back(h.substr(slash + 1));
  }
  return out;
}

// vsHostInGateway: some VirtualService host matches some host of the gateway's servers; a
// gateway that does not exist offers no host.
bool hostInGateway(const model::Resource* gateway, const model::Strings& vsHosts,
                   const std::string& vsNs) {
  if (!gateway) return false;
  for (const model::Server& server : gateway->as<model::Gateway>()->servers)
    for (const std::string& gh : hostsFor(server, gateway->meta.namespace_, vsNs))
      for (const std::string& vh : vsHosts)
        if (hostNamesMatch(gh, vh)) return true;
  return false;
}

void analyzeVirtualService(const Context& ctx, const model::Resource& r) {
  const auto& vs = *r.as<model::VirtualService>();
  for (size_t i = 0; i < vs.gateways.size(); ++i) {
    const std::string& ref = vs.gateways[i];
    if (ref == "mesh") continue;  // the sidecars, not a Gateway resource
    const auto [ns, name] = gatewayName(r.meta.namespace_, ref);
    const model::Resource* gateway = ctx.mesh.find(model::Kind::Gateway, ns, name);
    const std::string path = "spec.gateways[" + std::to_string(i) + "]";
    if (!gateway)
      ctx.report("IST0101", Level::Error, r, path, "Referenced gateway not found: \"" + ref + "\"");
    // Istio checks the hosts even when the gateway is missing, so both messages appear.
    if (!hostInGateway(gateway, vs.hosts, r.meta.namespace_))
      ctx.report("IST0132", Level::Warning, r, path,
                 "one or more host [" + join(vs.hosts, " ") + "] defined in VirtualService " +
                     r.namespacedName() + " not found in Gateway " + ns + "/" + name + ".");
  }
}

}  // namespace

void analyzeVirtualServiceGateways(const Context& ctx) {
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::VirtualService))
    analyzeVirtualService(ctx, *r);
}

}  // namespace ms::analysis::ist
