// IST0138 as Istio's gateway.CertificateAnalyzer and IST0145 as its
// gateway.ConflictingGatewayAnalyzer.
#include <algorithm>
#include <map>
#include <set>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

const model::Gateway& gatewayOf(const model::Resource* r) { return *r->as<model::Gateway>(); }

bool given(const model::OptString& s) { return s && !s->empty(); }

// haveSameCertificate, as a key: the same credentialName, or (without credentials) the same
// serverCertificate and privateKey files. Empty when the server's TLS names no certificate.
std::string certificateKey(const model::ServerTlsSettings& tls) {
  if (given(tls.credentialName)) return "credential " + *tls.credentialName;
  if (given(tls.serverCertificate) && given(tls.privateKey))
    return "files " + *tls.serverCertificate + " " + *tls.privateKey;
  return "";
}

// getGatewaysWithSelector: an empty selector shares workloads with every gateway, otherwise
// the other gateway's selector must include ours. (PILOT_SCOPE_GATEWAY_TO_NAMESPACE is off by
// default, so gateways of all namespaces count.)
bool mayShareWorkloads(const model::Gateway& current, const model::Gateway& other) {
  return selects(current.selector, other.selector);
}

// Gateways by the certificates their servers use.
std::map<std::string, std::vector<const model::Resource*>> gatewaysByCertificate(
    const std::vector<const model::Resource*>& gws) {
  std::map<std::string, std::vector<const model::Resource*>> out;
  for (const model::Resource* r : gws)
    for (const model::Server& s : gatewayOf(r).servers)
      if (s.tls && !certificateKey(*s.tls).empty()) out[certificateKey(*s.tls)].push_back(r);
  return out;
}

void checkDuplicateCertificates(const Context& ctx,
                                const std::vector<const model::Resource*>& gws) {
  const auto byCertificate = gatewaysByCertificate(gws);
  for (const model::Resource* current : gws) {
    std::set<const model::Resource*> others;  // in input order (resources live in one vector)
    for (const model::Server& s : gatewayOf(current).servers) {
      if (!s.tls || certificateKey(*s.tls).empty()) continue;
      for (const model::Resource* other : byCertificate.at(certificateKey(*s.tls)))
        if (other != current && mayShareWorkloads(gatewayOf(current), gatewayOf(other)))
          others.insert(other);
    }
    for (const model::Resource* other : others)
      ctx.report("IST0138", Level::Warning, *current, "metadata.name",
                 "Duplicate certificate in multiple gateways [" + current->namespacedName() + " " +
                     other->namespacedName() +
                     "] may cause 404s if clients re-use HTTP2 connections.");
  }
}

// Two selectors reach the same workload: equal, or (when one's text contains the other's)
// some pod matches both.
bool sameWorkload(const Context& ctx, const model::Gateway& a, const model::Gateway& b) {
  const std::string sa = selectorString(a.selector), sb = selectorString(b.selector);
  if (sa == sb) return true;
  if (sa.find(sb) == std::string::npos && sb.find(sa) == std::string::npos) return false;
  for (const model::RegistryWorkload& pod : ctx.registry.workloads())
    if (selects(a.selector, pod.labels) && selects(b.selector, pod.labels)) return true;
  return false;
}

std::int64_t portOf(const model::Server& s) { return s.port ? s.port->number.value_or(0) : 0; }

// model.CheckDuplicates: servers clash on a port when they share a host written identically
// and the same bind address. The key of that: port, bind, host.
std::string clashKey(const model::Server& s, const std::string& host) {
  return std::to_string(portOf(s)) + " " + s.bind.value_or("") + " " + host;
}

// Every gateway by the clash keys of its servers.
using GatewaysByKey = std::map<std::string, std::vector<const model::Resource*>>;

GatewaysByKey gatewaysByKey(const std::vector<const model::Resource*>& gws) {
  GatewaysByKey out;
  for (const model::Resource* r : gws)
    for (const model::Server& s : gatewayOf(r).servers)
      for (const std::string& h : s.hosts) out[clashKey(s, h)].push_back(r);
  return out;
}

void checkConflicts(const Context& ctx, const GatewaysByKey& byKey, const model::Resource& r) {
  const auto& gw = gatewayOf(&r);
  for (size_t i = 0; i < gw.servers.size(); ++i) {
    const model::Server& server = gw.servers[i];
    std::set<std::string> conflicting;
    for (const std::string& h : server.hosts)
      for (const model::Resource* other : byKey.at(clashKey(server, h)))
        if (other != &r && sameWorkload(ctx, gw, gatewayOf(other)))
          conflicting.insert(other->namespacedName());
    if (conflicting.empty()) continue;
    ctx.report("IST0145", Level::Error, r, "spec.servers[" + std::to_string(i) + "]",
               "Conflict with gateways " + join({conflicting.begin(), conflicting.end()}, ",") +
                   " (workload selector " + selectorString(gw.selector) + ", port " +
                   std::to_string(portOf(server)) + ", hosts " + join(server.hosts, ",") + ").");
  }
}

}  // namespace

void analyzeGatewayConflicts(const Context& ctx) {
  const auto gateways = ctx.mesh.ofKind(model::Kind::Gateway);
  checkDuplicateCertificates(ctx, gateways);
  const GatewaysByKey byKey = gatewaysByKey(gateways);
  for (const model::Resource* r : gateways) checkConflicts(ctx, byKey, *r);
}

}  // namespace ms::analysis::ist
