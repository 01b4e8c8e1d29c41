// PeerAuthentication, AuthorizationPolicy and RequestAuthentication admission rules.
#include <algorithm>
#include <cstdlib>

#include "analysis/validation/field_checks.h"
#include "analysis/validation/kind_rules.h"

namespace ms::analysis {

namespace {

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool isKnownConditionKey(const std::string& key) {
  static const char* exact[] = {"source.ip", "remote.ip", "source.namespace", "source.principal",
                                "source.serviceAccount", "request.auth.principal",
                                "request.auth.audiences", "request.auth.presenter",
                                "destination.ip", "destination.port", "connection.sni"};
  if (std::any_of(std::begin(exact), std::end(exact), [&](const char* k) { return key == k; }))
    return true;
  const bool bracketed = key.size() > 2 && key.back() == ']';
  return (startsWith(key, "request.headers[") && bracketed) ||
         (startsWith(key, "request.auth.claims[") && bracketed) ||
         startsWith(key, "experimental.envoy.filters.");
}

void checkPortList(const RuleReporter& r, const std::string& path, const model::Strings& ports) {
  for (size_t i = 0; i < ports.size(); ++i) {
    char* end = nullptr;
    const long n = std::strtol(ports[i].c_str(), &end, 10);
    if (ports[i].empty() || *end || n < 1 || n > 65535)
      r.error(at(path, i), "port \"" + ports[i] + "\" must be a number between 1 and 65535");
  }
}

void checkNoEmptyValues(const RuleReporter& r, const std::string& path, const model::Strings& values) {
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i].empty()) r.error(at(path, i), "empty value is not allowed");
}

void checkSource(const RuleReporter& r, const std::string& path, const model::Source& s, bool custom) {
  const bool anySet = !(s.principals.empty() && s.notPrincipals.empty() && s.requestPrincipals.empty() &&
                        s.notRequestPrincipals.empty() && s.namespaces.empty() && s.notNamespaces.empty() &&
                        s.ipBlocks.empty() && s.notIpBlocks.empty() && s.remoteIpBlocks.empty() &&
                        s.notRemoteIpBlocks.empty() && s.serviceAccounts.empty() &&
                        s.notServiceAccounts.empty() && s.trustDomains.empty() &&
                        s.notTrustDomains.empty());
  if (!anySet) r.error(path, "`from.source` must not be empty");
  if ((!s.serviceAccounts.empty() || !s.notServiceAccounts.empty()) &&
      (!s.principals.empty() || !s.notPrincipals.empty() || !s.namespaces.empty() || !s.notNamespaces.empty()))
    r.error(path, "Cannot set serviceAccounts with namespaces or principals");
  if (custom && (!s.requestPrincipals.empty() || !s.notRequestPrincipals.empty()))
    r.error(path, "requestPrincipals are not supported with the CUSTOM action");
  for (const auto* blocks : {&s.ipBlocks, &s.notIpBlocks, &s.remoteIpBlocks, &s.notRemoteIpBlocks})
    for (size_t i = 0; i < blocks->size(); ++i) r.check(at(path, i), checkCidr((*blocks)[i]));
  for (const auto* values : {&s.principals, &s.notPrincipals, &s.namespaces, &s.notNamespaces})
    checkNoEmptyValues(r, path, *values);
}

void checkOperation(const RuleReporter& r, const std::string& path, const model::Operation& op) {
  if (op.hosts.empty() && op.notHosts.empty() && op.ports.empty() && op.notPorts.empty() &&
      op.methods.empty() && op.notMethods.empty() && op.paths.empty() && op.notPaths.empty())
    r.error(path, "`to.operation` must not be empty");
  checkPortList(r, path + ".ports", op.ports);
  checkPortList(r, path + ".notPorts", op.notPorts);
  for (const auto* values : {&op.hosts, &op.notHosts, &op.methods, &op.notMethods, &op.paths, &op.notPaths})
    checkNoEmptyValues(r, path, *values);
}

void checkRule(const RuleReporter& r, const std::string& path, const model::Rule& rule, bool custom) {
  for (size_t i = 0; i < rule.from.size(); ++i) {
    if (!rule.from[i].source) r.error(at(path + ".from", i), "`from.source` must not be nil");
    else checkSource(r, at(path + ".from", i) + ".source", *rule.from[i].source, custom);
  }
  for (size_t i = 0; i < rule.to.size(); ++i) {
    if (!rule.to[i].operation) r.error(at(path + ".to", i), "`to.operation` must not be nil");
    else checkOperation(r, at(path + ".to", i) + ".operation", *rule.to[i].operation);
  }
  for (size_t i = 0; i < rule.when.size(); ++i) {
    const auto& c = rule.when[i];
    const std::string p = at(path + ".when", i);
    const std::string key = c.key.value_or("");
    if (key.empty()) {
      r.error(p, "`key` must not be empty");
      continue;
    }
    if (!isKnownConditionKey(key)) r.error(p + ".key", "unknown attribute \"" + key + "\"");
    if (custom && startsWith(key, "request.auth."))
      r.error(p + ".key", key + " is not supported with the CUSTOM action");
    if (c.values.empty() && c.notValues.empty())
      r.error(p, "at least one of `values` or `notValues` must be set for key " + key);
    if (key == "destination.port") {
      checkPortList(r, p + ".values", c.values);
      checkPortList(r, p + ".notValues", c.notValues);
    }
  }
}

void checkTargets(const RuleReporter& r, const std::optional<model::WorkloadSelector>& selector,
                  const std::optional<model::PolicyTargetReference>& targetRef,
                  const std::vector<model::PolicyTargetReference>& targetRefs) {
  const int set = (selector ? 1 : 0) + (targetRef ? 1 : 0) + (targetRefs.empty() ? 0 : 1);
  if (set > 1) r.error("spec", "only one of selector, targetRef or targetRefs can be set");
  if (selector) checkSelectorLabels(r, "spec.selector.matchLabels", selector->matchLabels);
  auto checkRef = [&](const std::string& path, const model::PolicyTargetReference& ref) {
    if (ref.namespace_ && !ref.namespace_->empty() && *ref.namespace_ != r.resource().meta.namespace_)
      r.error(path + ".namespace", "cross namespace referencing is not currently supported");
  };
  if (targetRef) checkRef("spec.targetRef", *targetRef);
  for (size_t i = 0; i < targetRefs.size(); ++i) checkRef(at("spec.targetRefs", i), targetRefs[i]);
}

}  // namespace

void checkPeerAuthentication(const RuleReporter& r, const model::PeerAuthentication& pa) {
  const bool emptySelector = !pa.selector || pa.selector->matchLabels.empty();
  if (emptySelector && !pa.portLevelMtls.empty())
    r.error("spec.portLevelMtls", "mesh/namespace peer authentication cannot have port level mTLS");
  for (const auto& [port, mtls] : pa.portLevelMtls) {
    char* end = nullptr;
    const long n = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end || n < 1 || n > 65535)
      r.error("spec.portLevelMtls." + port, "port must be between 1-65535");
  }
  if (pa.selector) checkSelectorLabels(r, "spec.selector.matchLabels", pa.selector->matchLabels);
}

void checkAuthorizationPolicy(const RuleReporter& r, const model::AuthorizationPolicy& ap) {
  const std::string action = ap.action.value_or("ALLOW");
  const bool custom = action == "CUSTOM";
  if (custom && (!ap.provider || !ap.provider->name || ap.provider->name->empty()))
    r.error("spec.action", "must specify a provider for the CUSTOM action");
  if (!custom && ap.provider)
    r.error("spec.provider", "provider is only allowed with the CUSTOM action");
  if (action == "AUDIT" && ap.rules.empty())
    r.error("spec", "an AUDIT policy needs at least one rule");
  checkTargets(r, ap.selector, ap.targetRef, ap.targetRefs);
  for (size_t i = 0; i < ap.rules.size(); ++i) checkRule(r, at("spec.rules", i), ap.rules[i], custom);
}

void checkRequestAuthentication(const RuleReporter& r, const model::RequestAuthentication& ra) {
  checkTargets(r, ra.selector, ra.targetRef, ra.targetRefs);
  for (size_t i = 0; i < ra.jwtRules.size(); ++i) {
    const auto& rule = ra.jwtRules[i];
    const std::string p = at("spec.jwtRules", i);
    if (!rule.issuer || rule.issuer->empty()) r.error(p, "issuer must be set");
    const int sources = (rule.jwks ? 1 : 0) + (rule.jwksUri ? 1 : 0) + (rule.jwksUriSnake ? 1 : 0);
    if (sources > 1) r.error(p, "only one of jwks or jwksUri can be set");
    for (const auto& uri : {rule.jwksUri, rule.jwksUriSnake})
      if (uri && !startsWith(*uri, "http://") && !startsWith(*uri, "https://"))
        r.error(p + ".jwksUri", "url must have scheme http:// or https://");
    checkNoEmptyValues(r, p + ".audiences", rule.audiences);
    r.checkDuration(p + ".timeout", rule.timeout);
  }
}

}  // namespace ms::analysis
