// IST0138 as Istio's gateway.CertificateAnalyzer and IST0145 as its
// gateway.ConflictingGatewayAnalyzer.
#include <algorithm>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

const model::Gateway& gatewayOf(const model::Resource* r) { return *r->as<model::Gateway>(); }

bool given(const model::OptString& s) { return s && !s->empty(); }

// haveSameCertificate: the same credentialName, or (without credentials) the same
// serverCertificate and privateKey files.
bool sameCertificate(const model::ServerTlsSettings& a, const model::ServerTlsSettings& b) {
  if (given(a.credentialName) && given(b.credentialName)) return *a.credentialName == *b.credentialName;
  if (given(a.credentialName) || given(b.credentialName)) return false;
  if (!given(a.serverCertificate) || !given(b.serverCertificate)) return false;
  if (*a.serverCertificate != *b.serverCertificate) return false;
  return given(a.privateKey) && given(b.privateKey) && *a.privateKey == *b.privateKey;
}

bool shareCertificate(const model::Gateway& a, const model::Gateway& b) {
  for (const model::Server& x : a.servers)
    for (const model::Server& y : b.servers)
      if (x.tls && y.tls && sameCertificate(*x.tls, *y.tls)) return true;
  return false;
}

// getGatewaysWithSelector: an empty selector shares workloads with every gateway, otherwise
// the other gateway's selector must include ours. (PILOT_SCOPE_GATEWAY_TO_NAMESPACE is off by
// default, so gateways of all namespaces count.)
bool mayShareWorkloads(const model::Gateway& current, const model::Gateway& other) {
  return selects(current.selector, other.selector);
}

void checkDuplicateCertificates(const Context& ctx, const std::vector<const model::Resource*>& gws) {
  for (const model::Resource* current : gws)
    for (const model::Resource* other : gws) {
      if (other == current || !mayShareWorkloads(gatewayOf(current), gatewayOf(other))) continue;
      if (!shareCertificate(gatewayOf(current), gatewayOf(other))) continue;
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

// model.CheckDuplicates: a host written identically on a server with the same bind.
bool hostsClash(const model::Server& a, const model::Server& b) {
  if (a.bind.value_or("") != b.bind.value_or("")) return false;
  return std::any_of(a.hosts.begin(), a.hosts.end(), [&](const std::string& h) {
    return std::find(b.hosts.begin(), b.hosts.end(), h) != b.hosts.end();
  });
}

std::int64_t portOf(const model::Server& s) { return s.port ? s.port->number.value_or(0) : 0; }

bool clashesOnPort(const model::Server& server, const model::Gateway& other) {
  return std::any_of(other.servers.begin(), other.servers.end(), [&](const model::Server& s) {
    return portOf(s) == portOf(server) && hostsClash(server, s);
  });
}

void checkConflicts(const Context& ctx, const std::vector<const model::Resource*>& gws,
                    const model::Resource& r) {
  const auto& gw = *r.as<model::Gateway>();
  for (size_t i = 0; i < gw.servers.size(); ++i) {
    std::vector<std::string> conflicting;
    for (const model::Resource* other : gws)
      if (other != &r && sameWorkload(ctx, gw, gatewayOf(other)) &&
          clashesOnPort(gw.servers[i], gatewayOf(other)))
        conflicting.push_back(other->namespacedName());
    if (conflicting.empty()) continue;
    std::sort(conflicting.begin(), conflicting.end());
    ctx.report("IST0145", Level::Error, r, "spec.servers[" + std::to_string(i) + "]",
               "Conflict with gateways " + join(conflicting, ",") + " (workload selector " +
                   selectorString(gw.selector) + ", port " + std::to_string(portOf(gw.servers[i])) +
                   ", hosts " + join(gw.servers[i].hosts, ",") + ").");
  }
}

}  // namespace

void analyzeGatewayConflicts(const Context& ctx) {
  const auto gateways = ctx.mesh.ofKind(model::Kind::Gateway);
  checkDuplicateCertificates(ctx, gateways);
  for (const model::Resource* r : gateways) checkConflicts(ctx, gateways, *r);
}

}  // namespace ms::analysis::ist
