#include <algorithm>

#include "analysis/validation/field_checks.h"
#include "analysis/validation/kind_rules.h"
#include "model/hosts.h"

namespace ms::analysis {

namespace {

using model::HttpRoute;

void checkHeaderOperations(const RuleReporter& r, const std::string& path,
                           const std::optional<model::Headers>& headers) {
  if (!headers) return;
  for (const auto& [side, ops] : {std::pair{"request", &headers->request},
                                  std::pair{"response", &headers->response}}) {
    if (!*ops) continue;
    const std::string p = path + ".headers." + side;
    for (const auto& [name, value] : (*ops)->set) r.check(p + ".set." + name, checkHeaderName(name));
    for (const auto& [name, value] : (*ops)->add) r.check(p + ".add." + name, checkHeaderName(name));
    for (size_t i = 0; i < (*ops)->remove.size(); ++i)
      r.check(at(p + ".remove", i), checkHeaderName((*ops)->remove[i]));
  }
}

// Weights are percentages; with more than one destination they must add up to 100.
template <class Destinations>
void checkWeights(const RuleReporter& r, const std::string& path, const Destinations& route) {
  std::int64_t total = 0;
  for (size_t i = 0; i < route.size(); ++i) {
    const std::int64_t w = route[i].weight.value_or(0);
    if (w < 0 || w > 100)
      r.error(at(path, i) + ".weight", "weight " + std::to_string(w) + " must be between 0 and 100");
    total += w;
    if (route[i].destination) checkDestination(r, at(path, i) + ".destination", *route[i].destination);
  }
  if (route.size() > 1 && total != 100)
    r.error(path, "total destination weight " + std::to_string(total) + " != 100");
}

void checkMatches(const RuleReporter& r, const std::string& path, const HttpRoute& http) {
  for (size_t i = 0; i < http.match.size(); ++i) {
    const auto& m = http.match[i];
    const std::string p = at(path + ".match", i);
    for (const auto& [field, match] : {std::pair{"uri", &m.uri}, std::pair{"scheme", &m.scheme},
                                       std::pair{"method", &m.method},
                                       std::pair{"authority", &m.authority}})
      if (*match) checkStringMatch(r, p + "." + field, **match);
    for (const auto* map : {&m.headers, &m.withoutHeaders})
      for (const auto& [name, match] : *map) {
        // "@request.auth.claims.NAME" matches a JWT claim at gateways.
        if (name.rfind("@request.auth.claims.", 0) != 0)
          r.check(p + ".headers." + name, checkHeaderName(name));
        checkStringMatch(r, p + ".headers." + name, match);
      }
    for (const auto& [name, match] : m.queryParams) checkStringMatch(r, p + ".queryParams." + name, match);
    if (m.port) r.check(p + ".port", checkPort(*m.port));
    checkSelectorLabels(r, p + ".sourceLabels", m.sourceLabels);
  }
}

void checkFault(const RuleReporter& r, const std::string& path, const model::HttpFaultInjection& f) {
  if (!f.delay && !f.abort) r.error(path, "fault must have at least a delay or an abort");
  if (f.delay) {
    const std::string p = path + ".delay";
    checkOneOf(r, p, {{"fixedDelay", f.delay->fixedDelay.has_value()},
                      {"exponentialDelay", f.delay->exponentialDelay.has_value()}});
    if (!f.delay->fixedDelay && !f.delay->exponentialDelay)
      r.error(p, "delay needs fixedDelay (e.g. fixedDelay: 7s)");
    r.checkDuration(p + ".fixedDelay", f.delay->fixedDelay);
    r.checkDuration(p + ".exponentialDelay", f.delay->exponentialDelay);
    if (f.delay->percentage && f.delay->percentage->value)
      r.check(p + ".percentage.value", checkPercent(*f.delay->percentage->value));
    if (f.delay->percent) r.check(p + ".percent", checkPercent(static_cast<double>(*f.delay->percent)));
  }
  if (f.abort) {
    const std::string p = path + ".abort";
    checkOneOf(r, p, {{"httpStatus", f.abort->httpStatus.has_value()},
                      {"grpcStatus", f.abort->grpcStatus.has_value()},
                      {"http2Error", f.abort->http2Error.has_value()}});
    if (f.abort->httpStatus && (*f.abort->httpStatus < 200 || *f.abort->httpStatus > 599))
      r.error(p + ".httpStatus", "httpStatus " + std::to_string(*f.abort->httpStatus) +
                                     " must be between 200 and 599");
    if (f.abort->percentage && f.abort->percentage->value)
      r.check(p + ".percentage.value", checkPercent(*f.abort->percentage->value));
  }
}

void checkRetries(const RuleReporter& r, const std::string& path, const model::HttpRetry& retry) {
  if (retry.attempts && *retry.attempts < 0) r.error(path + ".attempts", "attempts cannot be negative");
  r.checkDuration(path + ".perTryTimeout", retry.perTryTimeout);
  r.checkDuration(path + ".backoff", retry.backoff);
  if (!retry.retryOn) return;
  static const char* kPolicies[] = {"5xx", "gateway-error", "reset", "reset-before-request",
                                    "connect-failure", "envoy-ratelimited", "retriable-4xx",
                                    "refused-stream", "retriable-status-codes",
                                    "retriable-headers", "http3-post-connect-failure",
                                    "cancelled", "deadline-exceeded", "internal",
                                    "resource-exhausted", "unavailable"};
  std::string list = *retry.retryOn;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string item = list.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    const bool numeric = !item.empty() && std::all_of(item.begin(), item.end(), ::isdigit);
    const bool known = std::any_of(std::begin(kPolicies), std::end(kPolicies),
                                   [&](const char* k) { return item == k; });
    if (numeric ? (std::stoi(item) < 100 || std::stoi(item) > 599) : !known)
      r.error(path + ".retryOn", "\"" + item + "\" is not a retry policy (e.g. 5xx, "
                                               "gateway-error, connect-failure, 503)");
    start = comma + 1;
  }
}

void checkHttpRoute(const RuleReporter& r, const std::string& path, const HttpRoute& http) {
  if (http.redirect) {
    if (!http.route.empty()) r.error(path, "HTTP route cannot contain both route and redirect");
    if (http.fault) r.error(path, "HTTP route cannot contain both fault and redirect");
    if (http.rewrite) r.error(path, "HTTP route rule cannot contain both rewrite and redirect");
    if (http.directResponse) r.error(path, "HTTP route cannot contain both redirect and directResponse");
  } else if (http.directResponse) {
    if (!http.route.empty()) r.error(path, "HTTP route cannot contain both route and directResponse");
  } else if (http.route.empty() && !http.delegate) {
    r.error(path, "HTTP route, redirect or directResponse is required");
  }
  checkMatches(r, path, http);
  checkHeaderOperations(r, path, http.headers);
  checkWeights(r, path + ".route", http.route);
  for (size_t i = 0; i < http.route.size(); ++i)
    checkHeaderOperations(r, at(path + ".route", i), http.route[i].headers);
  if (http.fault) checkFault(r, path + ".fault", *http.fault);
  if (http.retries) checkRetries(r, path + ".retries", *http.retries);
  r.checkDuration(path + ".timeout", http.timeout);
  if (http.mirror) checkDestination(r, path + ".mirror", *http.mirror);
  if (http.mirrorPercentage && http.mirrorPercentage->value)
    r.check(path + ".mirrorPercentage.value", checkPercent(*http.mirrorPercentage->value));
  if (http.mirrorPercent && *http.mirrorPercent > 100)
    r.error(path + ".mirrorPercent", "mirrorPercent must be at most 100");
  if (http.redirect && http.redirect->redirectCode &&
      (*http.redirect->redirectCode < 300 || *http.redirect->redirectCode > 399))
    r.error(path + ".redirect.redirectCode", "redirectCode must be a 3xx status");
  if (http.directResponse && http.directResponse->status &&
      (*http.directResponse->status < 200 || *http.directResponse->status > 599))
    r.error(path + ".directResponse.status", "directResponse status must be between 200 and 599");
  if (http.rewrite && http.rewrite->uri && http.rewrite->uriRegexRewrite)
    r.error(path + ".rewrite", "rewrite may set uri or uriRegexRewrite, not both");
  if (http.rewrite && http.rewrite->uriRegexRewrite && http.rewrite->uriRegexRewrite->match)
    r.check(path + ".rewrite.uriRegexRewrite.match", checkRegex(*http.rewrite->uriRegexRewrite->match));
}

void checkHosts(const RuleReporter& r, const model::VirtualService& vs, bool appliesToMesh) {
  for (size_t i = 0; i < vs.hosts.size(); ++i) {
    const std::string& host = vs.hosts[i];
    if (!isIpAddress(host)) r.check(at("spec.hosts", i), checkWildcardDomain(host));
    if (host == "*" && appliesToMesh)
      r.error(at("spec.hosts", i), "wildcard host * is not allowed for virtual services bound to the mesh gateway");
    for (size_t j = i + 1; j < vs.hosts.size(); ++j)
      if (model::hostsOverlap(host, vs.hosts[j]))
        r.error(at("spec.hosts", j), "duplicate hosts in virtual service: " + host + " & " + vs.hosts[j]);
  }
}

void checkGatewayNames(const RuleReporter& r, const std::string& path, const model::Strings& names) {
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    const auto slash = name.find('/');
    if (slash == std::string::npos) continue;  // "name" or the deprecated FQDN form
    r.check(at(path, i), checkDns1123Label(name.substr(0, slash)));
    r.check(at(path, i), checkDns1123Label(name.substr(slash + 1)));
  }
}

}  // namespace

void checkVirtualService(const RuleReporter& r, const model::VirtualService& vs) {
  const bool isDelegate = vs.hosts.empty();
  if (isDelegate && (!vs.tls.empty() || !vs.tcp.empty() || !vs.gateways.empty()))
    r.error("spec", "a virtual service without hosts is a delegate and may have only http routes, no gateways");
  const bool appliesToMesh =
      vs.gateways.empty() || std::count(vs.gateways.begin(), vs.gateways.end(), "mesh") > 0;
  checkHosts(r, vs, appliesToMesh);
  checkGatewayNames(r, "spec.gateways", vs.gateways);
  if (vs.http.empty() && vs.tcp.empty() && vs.tls.empty())
    r.error("spec", "http, tcp or tls must be provided in virtual service");
  for (size_t i = 0; i < vs.http.size(); ++i) checkHttpRoute(r, at("spec.http", i), vs.http[i]);
  for (size_t i = 0; i < vs.tls.size(); ++i) {
    const std::string p = at("spec.tls", i);
    if (vs.tls[i].route.empty()) r.error(p, "TLS route is required");
    checkWeights(r, p + ".route", vs.tls[i].route);
  }
  for (size_t i = 0; i < vs.tcp.size(); ++i) {
    const std::string p = at("spec.tcp", i);
    if (vs.tcp[i].route.empty()) r.error(p, "TCP route is required");
    checkWeights(r, p + ".route", vs.tcp[i].route);
  }
}

void checkDestination(const RuleReporter& r, const std::string& path, const model::Destination& d) {
  if (d.host) {
    if (!isIpAddress(*d.host)) r.check(path + ".host", checkWildcardDomain(*d.host));
  }
  if (d.subset) r.check(path + ".subset", checkDns1123Label(*d.subset));
  if (d.port && d.port->number) r.check(path + ".port.number", checkPort(*d.port->number));
}

void checkStringMatch(const RuleReporter& r, const std::string& path, const model::StringMatch& m) {
  checkOneOf(r, path, {{"exact", m.exact.has_value()}, {"prefix", m.prefix.has_value()},
                       {"regex", m.regex.has_value()}});
  if (m.regex) r.check(path + ".regex", checkRegex(*m.regex));
}

void checkOneOf(const RuleReporter& r, const std::string& path,
                std::initializer_list<std::pair<const char*, bool>> fields) {
  std::string set;
  int count = 0;
  for (const auto& [name, present] : fields)
    if (present) set += (count++ ? " and " : "") + std::string(name);
  if (count > 1) r.error(path, "only one of these may be set: " + set);
}

void checkSelectorLabels(const RuleReporter& r, const std::string& path, const model::Labels& labels) {
  for (const auto& [key, value] : labels) {
    if (key.empty()) r.error(path, "label key must not be empty");
    if (key.find('*') != std::string::npos || value.find('*') != std::string::npos)
      r.error(path + "." + key, "wildcard not allowed in label selectors");
  }
}

}  // namespace ms::analysis
