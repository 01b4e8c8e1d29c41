#include "authz/authorizer.h"

#include <algorithm>

namespace mp {
namespace {

bool anyMatches(const std::vector<std::string>& patterns, const std::string& v) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return authzValueMatches(p, v); });
}

// A field with values must match one of them; a "not" field must match none.
bool field(const std::vector<std::string>& in, const std::vector<std::string>& notIn, const std::string& v) {
  if (!in.empty() && !anyMatches(in, v)) return false;
  return notIn.empty() || !anyMatches(notIn, v);
}

bool sourceMatches(const AuthzSource& s, const AuthzRequest& r) {
  // Without a peer identity (plaintext) principals and namespaces cannot match.
  if ((!s.principals.empty() || !s.namespaces.empty()) && r.principal.empty()) return false;
  return field(s.principals, s.notPrincipals, r.principal) &&
         field(s.namespaces, s.notNamespaces, r.sourceNamespace);
}

bool operationMatches(const AuthzOperation& o, const AuthzRequest& r) {
  std::string host = r.host.substr(0, r.host.rfind(':') == std::string::npos ? r.host.size() : r.host.rfind(':'));
  return field(o.hosts, o.notHosts, host) && field(o.methods, o.notMethods, r.method) &&
         field(o.paths, o.notPaths, r.path) && field(o.ports, o.notPorts, std::to_string(r.port));
}

// Condition keys that have a meaning on a loopback mesh; others never match.
bool conditionMatches(const AuthzCondition& c, const AuthzRequest& r) {
  std::string v;
  const std::string hdr = "request.headers[";
  if (c.key.rfind(hdr, 0) == 0 && c.key.back() == ']') {
    std::string name = c.key.substr(hdr.size(), c.key.size() - hdr.size() - 1);
    auto joined = r.headers ? joinedHeader(*r.headers, name) : std::nullopt;
    if (!joined) return false;
    v = std::move(*joined);
  } else if (c.key == "source.principal") v = r.principal;
  else if (c.key == "source.namespace") v = r.sourceNamespace;
  else if (c.key == "source.ip" || c.key == "remote.ip") v = r.sourceIp;
  else if (c.key == "destination.port") v = std::to_string(r.port);
  else if (c.key == "request.method") v = r.method;
  else return false;
  return field(c.values, c.notValues, v);
}

}  // namespace

bool authzValueMatches(const std::string& p, const std::string& v) {
  if (p == "*") return !v.empty();
  if (p.size() > 1 && p.back() == '*') return v.compare(0, p.size() - 1, p, 0, p.size() - 1) == 0;
  if (p.size() > 1 && p.front() == '*')
    return v.size() >= p.size() - 1 && v.compare(v.size() - (p.size() - 1), p.size() - 1, p, 1) == 0;
  return p == v;
}

bool authzRuleMatches(const AuthzRule& rule, const AuthzRequest& r) {
  auto anyOf = [&](const auto& v, auto pred) { return v.empty() || std::any_of(v.begin(), v.end(), pred); };
  return anyOf(rule.from, [&](const AuthzSource& s) { return sourceMatches(s, r); }) &&
         anyOf(rule.to, [&](const AuthzOperation& o) { return operationMatches(o, r); }) &&
         std::all_of(rule.when.begin(), rule.when.end(), [&](const AuthzCondition& c) { return conditionMatches(c, r); });
}

AuthzDecision authorize(const std::vector<AuthzPolicy>& policies, const AuthzRequest& r) {
  auto matches = [&](const AuthzPolicy& p) {
    return std::any_of(p.rules.begin(), p.rules.end(), [&](const AuthzRule& rule) { return authzRuleMatches(rule, r); });
  };
  for (const auto& p : policies)
    if (p.action == AuthzPolicy::Action::Deny && matches(p)) return {false, p.name};
  bool anyAllow = false;
  for (const auto& p : policies) {
    if (p.action != AuthzPolicy::Action::Allow) continue;
    anyAllow = true;
    if (matches(p)) return {true, p.name};
  }
  return {!anyAllow, anyAllow ? "no-allow-match" : ""};
}

}  // namespace mp
