#include "config/config_parser.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace mp {
namespace {

// Thrown only inside this file and caught in parseConfig: parsing is not on
// the data path, and unwinding keeps the walkers short.
struct ParseError {
  std::string message;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ParseError{path + ": " + what};
}

std::string str(const YAML::Node& n, const std::string& path) {
  if (!n.IsScalar()) fail(path, "expected a string");
  return n.Scalar();
}

std::string optStr(const YAML::Node& parent, const char* key, const std::string& path,
                   std::string def = {}) {
  auto n = parent[key];
  return n ? str(n, path + "." + key) : def;
}

int64_t integer(const YAML::Node& n, const std::string& path, int64_t lo, int64_t hi) {
  int64_t v = 0;
  if (!n.IsScalar() || !YAML::convert<int64_t>::decode(n, v) || v < lo || v > hi)
    fail(path, "expected an integer " + std::to_string(lo) + ".." + std::to_string(hi));
  return v;
}

template <class T>
void optInt(const YAML::Node& parent, const char* key, const std::string& path, T& out,
            int64_t lo = 0, int64_t hi = 4294967295) {
  if (auto n = parent[key]) out = T(integer(n, path + "." + key, lo, hi));
}

double number(const YAML::Node& n, const std::string& path, double lo, double hi) {
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || v < lo || v > hi)
    fail(path, "expected a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

bool boolean(const YAML::Node& n, const std::string& path) {
  bool v = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v)) fail(path, "expected true/false");
  return v;
}

// Durations: "250ms", "1.5s", "2m", "1h" (Istio's protobuf Duration forms) or a
// bare integer of milliseconds.
Millis duration(const YAML::Node& n, const std::string& path) {
  if (!n.IsScalar()) fail(path, "expected a duration like 250ms or 1.5s");
  const std::string s = n.Scalar();
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == 0) fail(path, "expected a duration like 250ms or 1.5s, got '" + s + "'");
  double v = std::atof(s.substr(0, i).c_str());
  const std::string unit = s.substr(i);
  double ms = 0;
  if (unit.empty() || unit == "ms") ms = v;
  else if (unit == "s") ms = v * 1000;
  else if (unit == "m") ms = v * 60000;
  else if (unit == "h") ms = v * 3600000;
  else fail(path, "unknown duration unit '" + unit + "'");
  return Millis(int64_t(ms + 0.5));
}

void optDuration(const YAML::Node& parent, const char* key, const std::string& path, Millis& out) {
  if (auto n = parent[key]) out = duration(n, path + "." + key);
}

template <class F>
void eachSeq(const YAML::Node& n, const std::string& path, F f) {
  if (!n) return;
  if (!n.IsSequence()) fail(path, "expected a list");
  for (size_t i = 0; i < n.size(); ++i) f(n[i], path + "[" + std::to_string(i) + "]");
}

std::vector<std::string> strList(const YAML::Node& parent, const char* key,
                                 const std::string& path) {
  std::vector<std::string> out;
  eachSeq(parent[key], path + "." + key,
          [&](const YAML::Node& n, const std::string& p) { out.push_back(str(n, p)); });
  return out;
}

Labels labels(const YAML::Node& n, const std::string& path) {
  Labels out;
  if (!n) return out;
  if (!n.IsMap()) fail(path, "expected a map of labels");
  for (auto it = n.begin(); it != n.end(); ++it)
    out[str(it->first, path)] = str(it->second, path + "." + it->first.Scalar());
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// ---- matches ----

StringMatch stringMatch(const YAML::Node& n, const std::string& path) {
  StringMatch m;
  if (!n || n.IsNull() || (n.IsMap() && n.size() == 0)) return m;  // presence
  if (!n.IsMap() || n.size() != 1) fail(path, "expected one of exact, prefix, regex");
  auto it = n.begin();
  const std::string kind = it->first.Scalar();
  m.value = str(it->second, path + "." + kind);
  if (kind == "exact") m.kind = StringMatch::Kind::Exact;
  else if (kind == "prefix") m.kind = StringMatch::Kind::Prefix;
  else if (kind == "regex") {
    m.kind = StringMatch::Kind::Regex;
    RE2::Options opts;
    opts.set_log_errors(false);
    auto re = std::make_shared<re2::RE2>(m.value, opts);
    if (!re->ok()) fail(path + ".regex", "invalid RE2 regex: " + re->error());
    m.regex = std::move(re);
  } else fail(path, "unknown match kind '" + kind + "' (exact, prefix, regex)");
  return m;
}

std::vector<std::pair<std::string, StringMatch>> namedMatches(const YAML::Node& n,
                                                              const std::string& path,
                                                              bool lowerNames) {
  std::vector<std::pair<std::string, StringMatch>> out;
  if (!n) return out;
  if (!n.IsMap()) fail(path, "expected a map of name: match");
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string name = str(it->first, path);
    out.emplace_back(lowerNames ? lower(name) : name, stringMatch(it->second, path + "." + name));
  }
  return out;
}

RouteMatch routeMatch(const YAML::Node& n, const std::string& path) {
  static const std::set<std::string> known = {"uri", "scheme", "method", "authority", "headers",
                                              "withoutHeaders", "queryParams", "ignoreUriCase",
                                              "sourceLabels", "port", "name"};
  if (!n.IsMap()) fail(path, "expected a match block");
  for (auto it = n.begin(); it != n.end(); ++it)
    if (!known.count(it->first.Scalar())) fail(path, "unknown match field '" + it->first.Scalar() + "'");
  RouteMatch m;
  for (const char* k : {"uri", "scheme", "method", "authority"}) {
    if (!n[k]) continue;
    auto sm = stringMatch(n[k], path + "." + k);
    if (std::string(k) == "uri") m.uri = sm;
    else if (std::string(k) == "scheme") m.scheme = sm;
    else if (std::string(k) == "method") m.method = sm;
    else m.authority = sm;
  }
  m.headers = namedMatches(n["headers"], path + ".headers", true);
  m.withoutHeaders = namedMatches(n["withoutHeaders"], path + ".withoutHeaders", true);
  m.queryParams = namedMatches(n["queryParams"], path + ".queryParams", false);
  if (n["ignoreUriCase"]) m.ignoreUriCase = boolean(n["ignoreUriCase"], path + ".ignoreUriCase");
  m.sourceLabels = labels(n["sourceLabels"], path + ".sourceLabels");
  optInt(n, "port", path, m.port, 0, 65535);
  return m;
}

// ---- route actions ----

HeaderOps headerOps(const YAML::Node& n, const std::string& path) {
  HeaderOps ops;
  if (!n) return ops;
  for (const char* k : {"set", "add"}) {
    auto m = n[k];
    if (!m) continue;
    if (!m.IsMap()) fail(path + "." + k, "expected a map of header: value");
    auto& dst = std::string(k) == "set" ? ops.set : ops.add;
    for (auto it = m.begin(); it != m.end(); ++it)
      dst.emplace_back(lower(str(it->first, path)), str(it->second, path + "." + k));
  }
  for (auto& h : strList(n, "remove", path)) ops.remove.push_back(lower(h));
  return ops;
}

HeaderRules headerRules(const YAML::Node& n, const std::string& path) {
  HeaderRules r;
  if (!n) return r;
  r.request = headerOps(n["request"], path + ".request");
  r.response = headerOps(n["response"], path + ".response");
  return r;
}

uint32_t retryOnBits(const std::string& spec, const std::string& path, std::vector<uint32_t>& codes) {
  uint32_t bits = 0;
  std::stringstream ss(spec);
  std::string tok;
  while (std::getline(ss, tok, ',')) {
    tok.erase(std::remove_if(tok.begin(), tok.end(), ::isspace), tok.end());
    if (tok.empty()) continue;
    if (std::all_of(tok.begin(), tok.end(), ::isdigit)) {  // Istio: numeric codes
      codes.push_back(uint32_t(std::stoul(tok)));
      bits |= kRetryRetriableStatusCodes;
    } else if (tok == "5xx") bits |= kRetry5xx;
    else if (tok == "gateway-error") bits |= kRetryGatewayError;
    else if (tok == "reset") bits |= kRetryReset;
    else if (tok == "connect-failure") bits |= kRetryConnectFailure;
    else if (tok == "retriable-4xx") bits |= kRetryRetriable4xx;
    else if (tok == "refused-stream") bits |= kRetryRefusedStream;
    else if (tok == "retriable-status-codes") bits |= kRetryRetriableStatusCodes;
    else if (tok == "unavailable") bits |= kRetryUnavailable;
    else if (tok == "cancelled") bits |= kRetryCancelled;
    else if (tok == "deadline-exceeded" || tok == "resource-exhausted" || tok == "internal") {
      // gRPC conditions: accepted, never true for HTTP/1.1 upstreams.
    } else fail(path, "unknown retryOn condition '" + tok + "'");
  }
  return bits;
}

RetryPolicy retryPolicy(const YAML::Node& n, const std::string& path) {
  RetryPolicy r;  // Istio's default when unset
  if (!n) return r;
  optInt(n, "attempts", path, r.attempts, 0, 100);
  if (n["perTryTimeout"]) r.perTryTimeout = duration(n["perTryTimeout"], path + ".perTryTimeout");
  if (n["retryOn"]) {
    r.retriableStatusCodes.clear();
    r.retryOn = retryOnBits(str(n["retryOn"], path + ".retryOn"), path + ".retryOn",
                            r.retriableStatusCodes);
  }
  eachSeq(n["retriableStatusCodes"], path + ".retriableStatusCodes",
          [&](const YAML::Node& c, const std::string& p) {
            r.retriableStatusCodes.push_back(uint32_t(integer(c, p, 100, 599)));
          });
  return r;
}

double percent(const YAML::Node& n, const char* key, const std::string& path) {
  return n[key] ? number(n[key], path + "." + key, 0, 100) : 100.0;
}

Fault fault(const YAML::Node& n, const std::string& path) {
  Fault f;
  if (auto d = n["delay"]) {
    FaultDelay fd;
    if (!d["fixedDelay"]) fail(path + ".delay", "fixedDelay is required");
    fd.delay = duration(d["fixedDelay"], path + ".delay.fixedDelay");
    fd.percent = percent(d, "percentage", path + ".delay");
    f.delay = fd;
  }
  if (auto a = n["abort"]) {
    FaultAbort fa;
    fa.status = uint32_t(integer(a["httpStatus"], path + ".abort.httpStatus", 200, 599));
    fa.percent = percent(a, "percentage", path + ".abort");
    f.abort = fa;
  }
  return f;
}

Route route(const YAML::Node& n, const std::string& path) {
  Route r;
  r.name = optStr(n, "name", path);
  eachSeq(n["match"], path + ".match",
          [&](const YAML::Node& m, const std::string& p) { r.matches.push_back(routeMatch(m, p)); });
  eachSeq(n["route"], path + ".route", [&](const YAML::Node& d, const std::string& p) {
    Destination dst;
    dst.cluster = str(d["cluster"], p + ".cluster");
    dst.subset = optStr(d, "subset", p);
    optInt(d, "weight", p, dst.weight, 0, 100000);
    dst.headers = headerRules(d["headers"], p + ".headers");
    r.destinations.push_back(std::move(dst));
  });
  if (auto rd = n["redirect"]) {
    Redirect red;
    red.uri = optStr(rd, "uri", path + ".redirect");
    red.authority = optStr(rd, "authority", path + ".redirect");
    red.scheme = optStr(rd, "scheme", path + ".redirect");
    optInt(rd, "redirectCode", path + ".redirect", red.code, 300, 399);
    r.redirect = red;
  }
  if (auto dr = n["directResponse"]) {
    DirectResponse d;
    d.status = uint32_t(integer(dr["status"], path + ".directResponse.status", 200, 599));
    if (dr["body"]) d.body = optStr(dr["body"], "string", path + ".directResponse.body");
    r.directResponse = d;
  }
  int actions = !r.destinations.empty() + bool(r.redirect) + bool(r.directResponse);
  if (actions != 1) fail(path, "needs exactly one of route, redirect, directResponse");
  uint64_t total = 0;
  for (auto& d : r.destinations) total += d.weight;
  if (!r.destinations.empty() && total == 0) fail(path + ".route", "weights sum to zero");
  if (auto rw = n["rewrite"]) {
    r.rewriteUri = optStr(rw, "uri", path + ".rewrite");
    r.rewriteAuthority = optStr(rw, "authority", path + ".rewrite");
  }
  if (n["timeout"]) r.timeout = duration(n["timeout"], path + ".timeout");
  r.retries = retryPolicy(n["retries"], path + ".retries");
  if (n["fault"]) r.fault = fault(n["fault"], path + ".fault");
  if (auto m = n["mirror"]) {
    Mirror mi;
    mi.cluster = str(m["cluster"], path + ".mirror.cluster");
    mi.subset = optStr(m, "subset", path + ".mirror");
    if (n["mirrorPercentage"]) mi.percent = number(n["mirrorPercentage"], path + ".mirrorPercentage", 0, 100);
    r.mirror = mi;
  }
  r.headers = headerRules(n["headers"], path + ".headers");
  return r;
}

// ---- clusters ----

void trafficPolicy(const YAML::Node& n, const std::string& path, TrafficPolicy& tp) {
  if (!n) return;
  if (auto lb = n["loadBalancer"]) {
    const std::string p = path + ".loadBalancer";
    if (lb["simple"]) {
      const std::string s = str(lb["simple"], p + ".simple");
      if (s == "LEAST_REQUEST" || s == "LEAST_CONN" || s == "UNSPECIFIED") tp.lb.kind = LbPolicy::Kind::LeastRequest;
      else if (s == "ROUND_ROBIN") tp.lb.kind = LbPolicy::Kind::RoundRobin;
      else if (s == "RANDOM") tp.lb.kind = LbPolicy::Kind::Random;
      else fail(p + ".simple", "unknown policy '" + s + "'");
    } else if (auto ch = lb["consistentHash"]) {
      tp.lb.kind = LbPolicy::Kind::ConsistentHash;
      const std::string q = p + ".consistentHash";
      if (ch["httpHeaderName"]) { tp.lb.hashOn = LbPolicy::HashOn::Header; tp.lb.hashKey = lower(str(ch["httpHeaderName"], q)); }
      else if (ch["httpCookie"]) { tp.lb.hashOn = LbPolicy::HashOn::Cookie; tp.lb.hashKey = str(ch["httpCookie"]["name"], q + ".httpCookie.name"); }
      else if (ch["useSourceIp"]) tp.lb.hashOn = LbPolicy::HashOn::SourceIp;
      else if (ch["httpQueryParameterName"]) { tp.lb.hashOn = LbPolicy::HashOn::QueryParam; tp.lb.hashKey = str(ch["httpQueryParameterName"], q); }
      else fail(q, "needs httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName");
      if (ch["ringHash"]) optInt(ch["ringHash"], "minimumRingSize", q + ".ringHash", tp.lb.ringSize, 1, 1 << 20);
      optInt(ch, "minimumRingSize", q, tp.lb.ringSize, 1, 1 << 20);
    } else fail(p, "needs simple or consistentHash");
  }
  if (auto cp = n["connectionPool"]) {
    const std::string p = path + ".connectionPool";
    if (auto tcp = cp["tcp"]) {
      optInt(tcp, "maxConnections", p + ".tcp", tp.pool.maxConnections, 1);
      optDuration(tcp, "connectTimeout", p + ".tcp", tp.pool.connectTimeout);
    }
    if (auto h = cp["http"]) {
      optInt(h, "http1MaxPendingRequests", p + ".http", tp.pool.maxPendingRequests, 1);
      optInt(h, "http2MaxRequests", p + ".http", tp.pool.maxRequests, 1);
      optInt(h, "maxRequestsPerConnection", p + ".http", tp.pool.maxRequestsPerConnection);
      optInt(h, "maxRetries", p + ".http", tp.pool.maxRetries);
      optDuration(h, "idleTimeout", p + ".http", tp.pool.idleTimeout);
    }
  }
  if (auto od = n["outlierDetection"]) {
    const std::string p = path + ".outlierDetection";
    tp.outlier.enabled = true;
    optInt(od, "consecutive5xxErrors", p, tp.outlier.consecutive5xx);
    optInt(od, "consecutiveGatewayErrors", p, tp.outlier.consecutiveGatewayErrors);
    optDuration(od, "interval", p, tp.outlier.interval);
    optDuration(od, "baseEjectionTime", p, tp.outlier.baseEjectionTime);
    optInt(od, "maxEjectionPercent", p, tp.outlier.maxEjectionPercent, 0, 100);
    if (tp.outlier.interval.count() <= 0) fail(p + ".interval", "must be positive");
  }
  if (auto t = n["tls"]) {
    const std::string p = path + ".tls";
    const std::string mode = optStr(t, "mode", p, "DISABLE");
    if (mode == "DISABLE") tp.tls.mode = UpstreamTls::Mode::Disable;
    else if (mode == "SIMPLE") tp.tls.mode = UpstreamTls::Mode::Simple;
    else if (mode == "MUTUAL") tp.tls.mode = UpstreamTls::Mode::Mutual;
    else if (mode == "ISTIO_MUTUAL") tp.tls.mode = UpstreamTls::Mode::IstioMutual;
    else fail(p + ".mode", "unknown mode '" + mode + "'");
    tp.tls.sni = optStr(t, "sni", p);
    tp.tls.subjectAltNames = strList(t, "subjectAltNames", p);
    tp.tls.certFile = optStr(t, "clientCertificate", p);
    tp.tls.keyFile = optStr(t, "privateKey", p);
    tp.tls.caFile = optStr(t, "caCertificates", p);
  }
}

Cluster cluster(const YAML::Node& n, const std::string& path) {
  Cluster c;
  c.name = str(n["name"], path + ".name");
  c.service = optStr(n, "service", path, c.name);
  c.serviceName = optStr(n, "serviceName", path, c.service.substr(0, c.service.find('.')));
  c.ns = optStr(n, "namespace", path);
  trafficPolicy(n["trafficPolicy"], path + ".trafficPolicy", c.policy);
  eachSeq(n["endpoints"], path + ".endpoints", [&](const YAML::Node& e, const std::string& p) {
    Endpoint ep;
    ep.address = str(e["address"], p + ".address");
    ep.port = uint16_t(integer(e["port"], p + ".port", 1, 65535));
    ep.labels = labels(e["labels"], p + ".labels");
    ep.workload = optStr(e, "workload", p);
    ep.ns = optStr(e, "namespace", p, c.ns);
    ep.identity = optStr(e, "identity", p);
    c.endpoints.push_back(std::move(ep));
  });
  eachSeq(n["subsets"], path + ".subsets", [&](const YAML::Node& s, const std::string& p) {
    Subset sub;
    sub.name = str(s["name"], p + ".name");
    sub.labels = labels(s["labels"], p + ".labels");
    sub.policy = c.policy;  // Istio: subset policy overrides the service-level one
    trafficPolicy(s["trafficPolicy"], p + ".trafficPolicy", sub.policy);
    c.subsets.push_back(std::move(sub));
  });
  return c;
}

// ---- authorization ----

AuthzPolicy authzPolicy(const YAML::Node& n, const std::string& path) {
  AuthzPolicy a;
  a.name = optStr(n, "name", path);
  const std::string action = optStr(n, "action", path, "ALLOW");
  if (action == "ALLOW") a.action = AuthzPolicy::Action::Allow;
  else if (action == "DENY") a.action = AuthzPolicy::Action::Deny;
  else fail(path + ".action", "only ALLOW and DENY are supported, got '" + action + "'");
  eachSeq(n["rules"], path + ".rules", [&](const YAML::Node& r, const std::string& p) {
    AuthzRule rule;
    eachSeq(r["from"], p + ".from", [&](const YAML::Node& f, const std::string& q) {
      auto s = f["source"];
      AuthzSource src;
      src.principals = strList(s, "principals", q + ".source");
      src.notPrincipals = strList(s, "notPrincipals", q + ".source");
      src.namespaces = strList(s, "namespaces", q + ".source");
      src.notNamespaces = strList(s, "notNamespaces", q + ".source");
      rule.from.push_back(std::move(src));
    });
    eachSeq(r["to"], p + ".to", [&](const YAML::Node& t, const std::string& q) {
      auto o = t["operation"];
      AuthzOperation op;
      const std::string oq = q + ".operation";
      op.hosts = strList(o, "hosts", oq);
      op.notHosts = strList(o, "notHosts", oq);
      op.methods = strList(o, "methods", oq);
      op.notMethods = strList(o, "notMethods", oq);
      op.paths = strList(o, "paths", oq);
      op.notPaths = strList(o, "notPaths", oq);
      op.ports = strList(o, "ports", oq);
      op.notPorts = strList(o, "notPorts", oq);
      rule.to.push_back(std::move(op));
    });
    eachSeq(r["when"], p + ".when", [&](const YAML::Node& w, const std::string& q) {
      AuthzCondition c;
      c.key = str(w["key"], q + ".key");
      c.values = strList(w, "values", q);
      c.notValues = strList(w, "notValues", q);
      rule.when.push_back(std::move(c));
    });
    a.rules.push_back(std::move(rule));
  });
  return a;
}

// ---- listeners ----

Listener listener(const YAML::Node& n, const std::string& path) {
  Listener l;
  l.name = str(n["name"], path + ".name");
  const std::string kind = str(n["kind"], path + ".kind");
  if (kind == "outbound") l.kind = ListenerKind::Outbound;
  else if (kind == "inbound") l.kind = ListenerKind::Inbound;
  else if (kind == "gateway") l.kind = ListenerKind::Gateway;
  else fail(path + ".kind", "expected outbound, inbound or gateway, got '" + kind + "'");
  l.address = optStr(n, "address", path, "127.0.0.1");
  l.port = uint16_t(integer(n["port"], path + ".port", 1, 65535));
  l.routeTable = optStr(n, "routeTable", path);
  if (l.kind != ListenerKind::Inbound && l.routeTable.empty())
    fail(path + ".routeTable", "required for outbound and gateway listeners");
  const std::string mode = optStr(n, "mtls", path, "DISABLE");
  if (mode == "STRICT") l.tlsMode = PeerAuthMode::Strict;
  else if (mode == "PERMISSIVE") l.tlsMode = PeerAuthMode::Permissive;
  else if (mode == "DISABLE") l.tlsMode = PeerAuthMode::Disable;
  else fail(path + ".mtls", "expected STRICT, PERMISSIVE or DISABLE, got '" + mode + "'");
  if (auto f = n["forwardTo"]) {
    l.forwardAddress = optStr(f, "address", path + ".forwardTo", "127.0.0.1");
    l.forwardPort = uint16_t(integer(f["port"], path + ".forwardTo.port", 1, 65535));
  } else if (l.kind == ListenerKind::Inbound) fail(path + ".forwardTo", "required for inbound listeners");
  eachSeq(n["authorization"], path + ".authorization", [&](const YAML::Node& a, const std::string& p) {
    l.authorization.push_back(authzPolicy(a, p));
  });
  l.gatewayHosts = strList(n, "hosts", path);
  const std::string policy = optStr(n, "outboundTrafficPolicy", path, "REGISTRY_ONLY");
  if (policy != "REGISTRY_ONLY" && policy != "ALLOW_ANY")
    fail(path + ".outboundTrafficPolicy", "expected REGISTRY_ONLY or ALLOW_ANY, got '" + policy + "'");
  l.allowAny = policy == "ALLOW_ANY";
  return l;
}

void checkReferences(const Snapshot& s) {
  std::set<std::pair<std::string, uint16_t>> binds;
  for (size_t i = 0; i < s.listeners.size(); ++i) {
    const auto& l = s.listeners[i];
    const std::string p = "listeners[" + std::to_string(i) + "]";
    if (!binds.insert({l.address, l.port}).second) fail(p, "address and port already used by another listener");
    if (!l.routeTable.empty() && !s.routeTable(l.routeTable)) fail(p + ".routeTable", "no route table named '" + l.routeTable + "'");
  }
  for (size_t t = 0; t < s.routeTables.size(); ++t)
    for (size_t v = 0; v < s.routeTables[t].virtualHosts.size(); ++v)
      for (size_t r = 0; r < s.routeTables[t].virtualHosts[v].routes.size(); ++r) {
        const auto& route = s.routeTables[t].virtualHosts[v].routes[r];
        const std::string p = "routeTables[" + std::to_string(t) + "].virtualHosts[" + std::to_string(v) + "].routes[" + std::to_string(r) + "]";
        auto check = [&](const std::string& cl, const std::string& sub, const std::string& where) {
          const Cluster* c = s.cluster(cl);
          if (!c) fail(where, "no cluster named '" + cl + "'");
          if (!sub.empty() && std::none_of(c->subsets.begin(), c->subsets.end(), [&](auto& x) { return x.name == sub; }))
            fail(where, "cluster '" + cl + "' has no subset '" + sub + "'");
        };
        for (size_t d = 0; d < route.destinations.size(); ++d)
          check(route.destinations[d].cluster, route.destinations[d].subset, p + ".route[" + std::to_string(d) + "]");
        if (route.mirror) check(route.mirror->cluster, route.mirror->subset, p + ".mirror");
      }
}

Snapshot snapshot(const YAML::Node& root) {
  if (!root.IsMap()) fail("<root>", "expected a map");
  Snapshot s;
  s.version = optStr(root, "version", "", "0");
  if (auto n = root["node"]) {
    s.node.id = optStr(n, "id", "node");
    s.node.workload = optStr(n, "workload", "node");
    s.node.ns = optStr(n, "namespace", "node", "default");
    s.node.service = optStr(n, "service", "node");
    s.node.labels = labels(n["labels"], "node.labels");
    auto v = s.node.labels.find("version");
    s.node.version = v == s.node.labels.end() ? "unknown" : v->second;
  }
  if (auto n = root["identity"]) {
    s.identity.certFile = optStr(n, "cert", "identity");
    s.identity.keyFile = optStr(n, "key", "identity");
    s.identity.caFile = optStr(n, "ca", "identity");
    s.identity.trustDomain = optStr(n, "trustDomain", "identity", "cluster.local");
  }
  if (auto n = root["admin"]) {
    s.adminAddress = optStr(n, "address", "admin", "127.0.0.1");
    optInt(n, "port", "admin", s.adminPort, 0, 65535);
  }
  if (root["accessLog"]) s.accessLog = boolean(root["accessLog"], "accessLog");
  if (auto n = root["limits"]) {
    optInt(n, "maxHeaderBytes", "limits", s.limits.maxHeaderBytes, 1024, 1 << 20);
    optInt(n, "maxBodyBytes", "limits", s.limits.maxBodyBytes, 0, 1 << 30);
    optDuration(n, "headerTimeout", "limits", s.limits.headerTimeout);
    optDuration(n, "idleTimeout", "limits", s.limits.idleTimeout);
    optDuration(n, "streamIdleTimeout", "limits", s.limits.streamIdleTimeout);
  }
  eachSeq(root["listeners"], "listeners",
          [&](const YAML::Node& n, const std::string& p) { s.listeners.push_back(listener(n, p)); });
  eachSeq(root["routeTables"], "routeTables", [&](const YAML::Node& n, const std::string& p) {
    RouteTable t;
    t.name = str(n["name"], p + ".name");
    eachSeq(n["virtualHosts"], p + ".virtualHosts", [&](const YAML::Node& v, const std::string& q) {
      VirtualHost vh;
      vh.name = optStr(v, "name", q);
      for (auto& d : strList(v, "domains", q)) vh.domains.push_back(lower(d));
      if (vh.domains.empty()) fail(q + ".domains", "at least one domain is required");
      eachSeq(v["routes"], q + ".routes",
              [&](const YAML::Node& r, const std::string& rp) { vh.routes.push_back(route(r, rp)); });
      t.virtualHosts.push_back(std::move(vh));
    });
    s.routeTables.push_back(std::move(t));
  });
  eachSeq(root["clusters"], "clusters",
          [&](const YAML::Node& n, const std::string& p) { s.clusters.push_back(cluster(n, p)); });
  checkReferences(s);
  return s;
}

}  // namespace

Result<SnapshotPtr> parseConfig(const std::string& yamlText) {
  try {
    YAML::Node root = YAML::Load(yamlText);
    auto s = std::make_shared<Snapshot>(snapshot(root));
    s->rawYaml = yamlText;
    return SnapshotPtr(std::move(s));
  } catch (const ParseError& e) {
    return Error{e.message};
  } catch (const YAML::Exception& e) {
    return Error{"line " + std::to_string(e.mark.line + 1) + ": " + e.msg};
  }
}

Result<SnapshotPtr> loadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open"};
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = parseConfig(ss.str());
  if (!r) return Error{path + ": " + r.error()};
  return r;
}

}  // namespace mp
