#pragma once

// security.istio.io kinds: PeerAuthentication, AuthorizationPolicy, RequestAuthentication.

#include "model/istio_common.h"

namespace ms::model {

struct MutualTls {
  OptString mode;  // UNSET | DISABLE | PERMISSIVE | STRICT
  template <class V> void fields(V& v) { v("mode", mode); }
  bool operator==(const MutualTls&) const = default;
};

struct PeerAuthentication {
  std::optional<WorkloadSelector> selector;
  std::optional<MutualTls> mtls;
  std::map<std::string, MutualTls> portLevelMtls;  // key: workload port number
  template <class V> void fields(V& v) {
    v("selector", selector);
    v("mtls", mtls);
    v("portLevelMtls", portLevelMtls);
  }
  bool operator==(const PeerAuthentication&) const = default;
};

struct Source {
  Strings principals, notPrincipals, requestPrincipals, notRequestPrincipals, namespaces,
      notNamespaces, ipBlocks, notIpBlocks, remoteIpBlocks, notRemoteIpBlocks, serviceAccounts,
      notServiceAccounts, trustDomains, notTrustDomains;
  template <class V> void fields(V& v) {
    v("principals", principals);
    v("notPrincipals", notPrincipals);
    v("requestPrincipals", requestPrincipals);
    v("notRequestPrincipals", notRequestPrincipals);
    v("namespaces", namespaces);
    v("notNamespaces", notNamespaces);
    v("serviceAccounts", serviceAccounts);
    v("notServiceAccounts", notServiceAccounts);
    v("ipBlocks", ipBlocks);
    v("notIpBlocks", notIpBlocks);
    v("remoteIpBlocks", remoteIpBlocks);
    v("notRemoteIpBlocks", notRemoteIpBlocks);
    v("trustDomains", trustDomains);
    v("notTrustDomains", notTrustDomains);
  }
  bool operator==(const Source&) const = default;
};

struct Operation {
  Strings hosts, notHosts, ports, notPorts, methods, notMethods, paths, notPaths;
  template <class V> void fields(V& v) {
    v("hosts", hosts);
    v("notHosts", notHosts);
    v("ports", ports);
    v("notPorts", notPorts);
    v("methods", methods);
    v("notMethods", notMethods);
    v("paths", paths);
    v("notPaths", notPaths);
  }
  bool operator==(const Operation&) const = default;
};

struct RuleFrom {
  std::optional<Source> source;
  template <class V> void fields(V& v) { v("source", source); }
  bool operator==(const RuleFrom&) const = default;
};

struct RuleTo {
  std::optional<Operation> operation;
  template <class V> void fields(V& v) { v("operation", operation); }
  bool operator==(const RuleTo&) const = default;
};

struct Condition {
  OptString key;
  Strings values, notValues;
  template <class V> void fields(V& v) {
    v("key", key, Required);
    v("values", values);
    v("notValues", notValues);
  }
  bool operator==(const Condition&) const = default;
};

struct Rule {
  std::vector<RuleFrom> from;
  std::vector<RuleTo> to;
  std::vector<Condition> when;
  template <class V> void fields(V& v) {
    v("from", from);
    v("to", to);
    v("when", when);
  }
  bool operator==(const Rule&) const = default;
};

struct ExtensionProvider {
  OptString name;
  template <class V> void fields(V& v) { v("name", name); }
  bool operator==(const ExtensionProvider&) const = default;
};

struct AuthorizationPolicy {
  std::optional<WorkloadSelector> selector;
  std::optional<PolicyTargetReference> targetRef;
  std::vector<PolicyTargetReference> targetRefs;
  std::vector<Rule> rules;
  OptString action;  // ALLOW (default) | DENY | AUDIT | CUSTOM
  std::optional<ExtensionProvider> provider;
  template <class V> void fields(V& v) {
    v("selector", selector);
    v("targetRef", targetRef);
    v("targetRefs", targetRefs);
    v("action", action);
    v("provider", provider);
    v("rules", rules);
  }
  bool operator==(const AuthorizationPolicy&) const = default;
};

struct JwtHeader {
  OptString name, prefix;
  template <class V> void fields(V& v) {
    v("name", name, Required);
    v("prefix", prefix);
  }
  bool operator==(const JwtHeader&) const = default;
};

struct ClaimToHeader {
  OptString header, claim;
  template <class V> void fields(V& v) {
    v("header", header, Required);
    v("claim", claim, Required);
  }
  bool operator==(const ClaimToHeader&) const = default;
};

struct JwtRule {
  OptString issuer, jwksUri, jwksUriSnake, jwks, outputPayloadToHeader, timeout, presence;
  Strings audiences, fromParams, fromCookies, spaceDelimitedClaims;
  std::vector<JwtHeader> fromHeaders;
  std::vector<ClaimToHeader> outputClaimToHeaders;
  OptBool forwardOriginalToken;
  template <class V> void fields(V& v) {
    v("issuer", issuer);
    v("audiences", audiences);
    v("jwksUri", jwksUri);
    v("jwks_uri", jwksUriSnake);
    v("jwks", jwks);
    v("fromHeaders", fromHeaders);
    v("fromParams", fromParams);
    v("fromCookies", fromCookies);
    v("outputPayloadToHeader", outputPayloadToHeader);
    v("forwardOriginalToken", forwardOriginalToken);
    v("outputClaimToHeaders", outputClaimToHeaders);
    v("spaceDelimitedClaims", spaceDelimitedClaims);
    v("timeout", timeout);
    v("presence", presence);
  }
  bool operator==(const JwtRule&) const = default;
};

struct RequestAuthentication {
  std::optional<WorkloadSelector> selector;
  std::optional<PolicyTargetReference> targetRef;
  std::vector<PolicyTargetReference> targetRefs;
  std::vector<JwtRule> jwtRules;
  template <class V> void fields(V& v) {
    v("selector", selector);
    v("targetRef", targetRef);
    v("targetRefs", targetRefs);
    v("jwtRules", jwtRules);
  }
  bool operator==(const RequestAuthentication&) const = default;
};

}  // namespace ms::model
