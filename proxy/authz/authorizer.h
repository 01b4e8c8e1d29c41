#pragma once
// Istio AuthorizationPolicy evaluation without CUSTOM: DENY policies first,
// then, when any ALLOW policy applies to the workload, one must match.
#include <boost/beast/http/fields.hpp>
#include <string>
#include <vector>

#include "config/config.h"
#include "http/message.h"

namespace mp {

struct AuthzRequest {
  std::string principal;  // "cluster.local/ns/NS/sa/SA"; empty for plaintext
  std::string sourceNamespace;
  std::string sourceIp;
  std::string method, path, host;
  uint16_t port = 0;
  const Fields* headers = nullptr;
};

struct AuthzDecision {
  bool allowed = true;
  std::string policy;  // the deciding policy, for the access log
};

// Istio string patterns: exact, "prefix*", "*suffix", "*" (any non-empty).
bool authzValueMatches(const std::string& pattern, const std::string& value);
bool authzRuleMatches(const AuthzRule& rule, const AuthzRequest& req);
AuthzDecision authorize(const std::vector<AuthzPolicy>& policies, const AuthzRequest& req);

}  // namespace mp
