#include <set>

#include "analysis/validation/field_checks.h"
#include "model/duration.h"
#include "analysis/validation/kind_rules.h"

namespace ms::analysis {

namespace {

void checkConnectionPool(const RuleReporter& r, const std::string& path,
                         const model::ConnectionPoolSettings& pool) {
  if (pool.tcp) {
    const auto& tcp = *pool.tcp;
    if (tcp.maxConnections && *tcp.maxConnections < 0)
      r.error(path + ".tcp.maxConnections", "maxConnections cannot be negative");
    r.checkDuration(path + ".tcp.connectTimeout", tcp.connectTimeout);
    r.checkDuration(path + ".tcp.idleTimeout", tcp.idleTimeout);
    r.checkDuration(path + ".tcp.maxConnectionDuration", tcp.maxConnectionDuration);
  }
  if (pool.http) {
    const auto& http = *pool.http;
    for (const auto& [name, value] :
         {std::pair{"http1MaxPendingRequests", http.http1MaxPendingRequests},
          std::pair{"http2MaxRequests", http.http2MaxRequests},
          std::pair{"maxRequestsPerConnection", http.maxRequestsPerConnection},
          std::pair{"maxRetries", http.maxRetries}})
      if (value && *value < 0) r.error(path + ".http." + name, std::string(name) + " cannot be negative");
    r.checkDuration(path + ".http.idleTimeout", http.idleTimeout);
  }
}

void checkOutlierDetection(const RuleReporter& r, const std::string& path,
                           const model::OutlierDetection& od) {
  for (const auto& [name, value] :
       {std::pair{"consecutive5xxErrors", od.consecutive5xxErrors},
        std::pair{"consecutiveGatewayErrors", od.consecutiveGatewayErrors},
        std::pair{"consecutiveErrors", od.consecutiveErrors}})
    if (value && *value < 0) r.error(path + "." + name, std::string(name) + " cannot be negative");
  r.checkDuration(path + ".interval", od.interval);
  r.checkDuration(path + ".baseEjectionTime", od.baseEjectionTime);
  if (od.maxEjectionPercent && (*od.maxEjectionPercent < 0 || *od.maxEjectionPercent > 100))
    r.error(path + ".maxEjectionPercent", "maxEjectionPercent must be between 0 and 100");
  if (od.minHealthPercent && (*od.minHealthPercent < 0 || *od.minHealthPercent > 100))
    r.error(path + ".minHealthPercent", "minHealthPercent must be between 0 and 100");
}

void checkLoadBalancer(const RuleReporter& r, const std::string& path,
                       const model::LoadBalancerSettings& lb) {
  checkOneOf(r, path, {{"simple", lb.simple.has_value()},
                       {"consistentHash", lb.consistentHash.has_value()},
                       {"backendUtilization", lb.backendUtilization.has_value()}});
  if (lb.consistentHash) {
    const auto& h = *lb.consistentHash;
    checkOneOf(r, path + ".consistentHash",
               {{"httpHeaderName", h.httpHeaderName.has_value()},
                {"httpCookie", h.httpCookie.has_value()},
                {"useSourceIp", h.useSourceIp.value_or(false)},
                {"httpQueryParameterName", h.httpQueryParameterName.has_value()}});
    // ttl 0 is a session cookie, so only the syntax is checked here.
    if (h.httpCookie && h.httpCookie->ttl && !model::parseDurationSeconds(*h.httpCookie->ttl))
      r.check(path + ".consistentHash.httpCookie.ttl", checkDuration(*h.httpCookie->ttl));
  }
  r.checkDuration(path + ".warmupDurationSecs", lb.warmupDurationSecs);
}

// MUTUAL needs a client certificate unless the credential comes from a secret.
void checkClientTls(const RuleReporter& r, const std::string& path, const model::ClientTlsSettings& tls) {
  if (tls.mode == "MUTUAL" && !tls.credentialName && (!tls.clientCertificate || !tls.privateKey))
    r.error(path, "client certificate and private key are required for MUTUAL mode (or set credentialName)");
  if ((tls.mode == "DISABLE" || tls.mode == "ISTIO_MUTUAL") &&
      (tls.clientCertificate || tls.privateKey || tls.caCertificates || tls.credentialName))
    r.error(path, "certificates and credentialName cannot be set with mode " + *tls.mode);
}

void checkTrafficPolicy(const RuleReporter& r, const std::string& path, const model::TrafficPolicy& tp) {
  if (tp.loadBalancer) checkLoadBalancer(r, path + ".loadBalancer", *tp.loadBalancer);
  if (tp.connectionPool) checkConnectionPool(r, path + ".connectionPool", *tp.connectionPool);
  if (tp.outlierDetection) checkOutlierDetection(r, path + ".outlierDetection", *tp.outlierDetection);
  if (tp.tls) checkClientTls(r, path + ".tls", *tp.tls);
  for (size_t i = 0; i < tp.portLevelSettings.size(); ++i) {
    const auto& pl = tp.portLevelSettings[i];
    const std::string p = at(path + ".portLevelSettings", i);
    if (!pl.port || !pl.port->number) r.error(p, "port level settings need a port number");
    else r.check(p + ".port.number", checkPort(*pl.port->number));
    if (pl.loadBalancer) checkLoadBalancer(r, p + ".loadBalancer", *pl.loadBalancer);
    if (pl.connectionPool) checkConnectionPool(r, p + ".connectionPool", *pl.connectionPool);
    if (pl.outlierDetection) checkOutlierDetection(r, p + ".outlierDetection", *pl.outlierDetection);
    if (pl.tls) checkClientTls(r, p + ".tls", *pl.tls);
  }
}

}  // namespace

void checkDestinationRule(const RuleReporter& r, const model::DestinationRule& dr) {
  if (dr.host) r.check("spec.host", checkWildcardDomain(*dr.host));
  if (dr.trafficPolicy) checkTrafficPolicy(r, "spec.trafficPolicy", *dr.trafficPolicy);
  std::set<std::string> names;
  for (size_t i = 0; i < dr.subsets.size(); ++i) {
    const auto& s = dr.subsets[i];
    const std::string p = at("spec.subsets", i);
    if (s.name) {
      r.check(p + ".name", checkDns1123Label(*s.name));
      if (!names.insert(*s.name).second) r.error(p + ".name", "duplicate subset name \"" + *s.name + "\"");
    }
    checkSelectorLabels(r, p + ".labels", s.labels);
    if (s.trafficPolicy) checkTrafficPolicy(r, p + ".trafficPolicy", *s.trafficPolicy);
  }
  if (dr.workloadSelector) checkSelectorLabels(r, "spec.workloadSelector.matchLabels", dr.workloadSelector->matchLabels);
}

}  // namespace ms::analysis
