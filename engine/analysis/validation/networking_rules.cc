// Gateway, ServiceEntry and Sidecar admission rules.
#include <set>

#include "analysis/validation/field_checks.h"
#include "analysis/validation/kind_rules.h"

namespace ms::analysis {

namespace {

const std::set<std::string> kProtocols = {"HTTP", "HTTPS", "GRPC", "GRPC-WEB", "HTTP2", "MONGO",
                                          "REDIS", "MYSQL", "TCP", "TLS", "UDP", "HBONE"};

bool isKnownProtocol(const std::string& p) {
  std::string upper;
  for (char c : p) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return kProtocols.count(upper) > 0;
}

void checkPortSpec(const RuleReporter& r, const std::string& path, const model::Port& port,
                   bool nameRequired) {
  if (!port.number) r.error(path, "port number is required");
  else r.check(path + ".number", checkPort(*port.number));
  if (port.targetPort) r.check(path + ".targetPort", checkPort(*port.targetPort));
  if (port.protocol && !isKnownProtocol(*port.protocol))
    r.error(path + ".protocol", "unknown protocol \"" + *port.protocol + "\" (HTTP, HTTPS, HTTP2, GRPC, TCP, TLS, ...)");
  if (nameRequired && !port.name) r.error(path, "port name is required");
}

// Gateway hosts are "host" or "namespace/host".
void checkNamespacedHost(const RuleReporter& r, const std::string& path, const std::string& host) {
  const auto slash = host.find('/');
  std::string name = host;
  if (slash != std::string::npos) {
    const std::string ns = host.substr(0, slash);
    // "*": any namespace, ".": the resource's own, "~": none; "~ns" excludes ns (Sidecar).
    const std::string bare = ns.rfind('~', 0) == 0 ? ns.substr(1) : ns;
    if (bare != "*" && bare != "." && !bare.empty()) r.check(path, checkDns1123Label(bare));
    name = host.substr(slash + 1);
  }
  if (!isIpAddress(name)) r.check(path, checkWildcardDomain(name));
}

}  // namespace

void checkGateway(const RuleReporter& r, const model::Gateway& gw) {
  if (gw.servers.empty()) r.error("spec", "gateway must have at least one server");
  std::set<std::string> names;
  for (size_t i = 0; i < gw.servers.size(); ++i) {
    const auto& s = gw.servers[i];
    const std::string p = at("spec.servers", i);
    if (s.port) checkPortSpec(r, p + ".port", *s.port, true);
    for (size_t h = 0; h < s.hosts.size(); ++h) checkNamespacedHost(r, at(p + ".hosts", h), s.hosts[h]);
    if (s.name && !names.insert(*s.name).second) r.error(p + ".name", "server names must be unique");
    const std::string protocol = s.port && s.port->protocol ? *s.port->protocol : "";
    if ((protocol == "HTTPS" || protocol == "TLS") && !s.tls)
      r.error(p, "server config must contain TLS settings for HTTPS/TLS protocols");
    if (!s.tls) continue;
    const auto& tls = *s.tls;
    const std::string mode = tls.mode.value_or("PASSTHROUGH");
    const bool hasCert = tls.credentialName || !tls.credentialNames.empty() || !tls.tlsCertificates.empty() ||
                         (tls.serverCertificate && tls.privateKey);
    if ((mode == "SIMPLE" || mode == "MUTUAL" || mode == "OPTIONAL_MUTUAL") && !hasCert &&
        !tls.httpsRedirect.value_or(false))
      r.error(p + ".tls", mode + " mode needs credentialName, or serverCertificate and privateKey");
    if (tls.credentialName && !tls.credentialNames.empty())
      r.error(p + ".tls", "only one of credentialName or credentialNames can be set");
    if (!tls.tlsCertificates.empty() && (tls.credentialName || !tls.credentialNames.empty()))
      r.error(p + ".tls", "tlsCertificates cannot be set with credentialName(s)");
  }
}

void checkServiceEntry(const RuleReporter& r, const model::ServiceEntry& se) {
  const std::string resolution = se.resolution.value_or("NONE");
  for (size_t i = 0; i < se.hosts.size(); ++i) {
    if (se.hosts[i] == "*") r.error(at("spec.hosts", i), "hostname cannot be wildcard");
    else r.check(at("spec.hosts", i), checkWildcardDomain(se.hosts[i]));
    if (resolution == "DNS" && se.endpoints.empty() && se.hosts[i].rfind("*", 0) == 0)
      r.error(at("spec.hosts", i), "DNS resolution cannot resolve wildcard hosts; list the endpoints or use NONE");
  }
  for (size_t i = 0; i < se.addresses.size(); ++i) {
    r.check(at("spec.addresses", i), checkCidr(se.addresses[i]));
    if (se.addresses[i].find('/') != std::string::npos && resolution != "NONE" && resolution != "STATIC")
      r.error(at("spec.addresses", i), "CIDR addresses are allowed only for NONE/STATIC resolution types");
  }
  std::set<std::int64_t> numbers;
  for (size_t i = 0; i < se.ports.size(); ++i) {
    checkPortSpec(r, at("spec.ports", i), se.ports[i], true);
    if (se.ports[i].number && !numbers.insert(*se.ports[i].number).second)
      r.error(at("spec.ports", i), "port number cannot be duplicated");
  }
  if (se.workloadSelector && !se.endpoints.empty())
    r.error("spec", "only one of workloadSelector or endpoints can be set");
  if (resolution == "NONE" && !se.endpoints.empty())
    r.error("spec.endpoints", "NONE mode cannot set endpoints");
  if (resolution == "DNS_ROUND_ROBIN" && se.endpoints.size() > 1)
    r.error("spec.endpoints", "DNS_ROUND_ROBIN mode cannot have multiple endpoints");
  if (resolution == "STATIC" && se.endpoints.empty() && !se.workloadSelector)
    r.error("spec", "STATIC resolution needs endpoints or a workloadSelector");
  for (size_t i = 0; i < se.endpoints.size(); ++i) {
    const auto& e = se.endpoints[i];
    if (!e.address && !e.network) r.error(at("spec.endpoints", i), "Address is required");
    if (resolution == "STATIC" && e.address && !isIpAddress(*e.address) && e.address->rfind("unix://", 0) != 0)
      r.error(at("spec.endpoints", i) + ".address", "STATIC endpoints must be IP addresses or unix sockets");
    for (const auto& [name, port] : e.ports) r.check(at("spec.endpoints", i) + ".ports." + name, checkPort(port));
  }
}

void checkSidecar(const RuleReporter& r, const model::Sidecar& sc) {
  if (sc.egress.empty() && sc.ingress.empty() && !sc.outboundTrafficPolicy && !sc.inboundConnectionPool)
    r.error("spec", "sidecar: empty configuration provided");
  for (size_t i = 0; i < sc.ingress.size(); ++i)
    if (sc.ingress[i].port) checkPortSpec(r, at("spec.ingress", i) + ".port", *sc.ingress[i].port, false);
  for (size_t i = 0; i < sc.egress.size(); ++i) {
    const auto& e = sc.egress[i];
    const std::string p = at("spec.egress", i);
    if (e.port) checkPortSpec(r, p + ".port", *e.port, false);
    if (!e.port && i + 1 < sc.egress.size())
      r.error(p, "sidecar: the egress listener with no port must be the last one");
    for (size_t h = 0; h < e.hosts.size(); ++h) {
      if (e.hosts[h].find('/') == std::string::npos)
        r.error(at(p + ".hosts", h), "sidecar: egress host must be of the form namespace/dnsName");
      else checkNamespacedHost(r, at(p + ".hosts", h), e.hosts[h]);
    }
  }
  if (sc.workloadSelector) checkSelectorLabels(r, "spec.workloadSelector.labels", sc.workloadSelector->labels);
}

}  // namespace ms::analysis
