#include "http/connection_manager.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/field.hpp>
#include <chrono>
#include <ctime>

#include "authz/authorizer.h"
#include "common/recycling_allocator.h"
#include "common/log.h"
#include "http/trace_headers.h"
#include "router/forwarder.h"
#include "router/route_matcher.h"
#include "router/weighted_choice.h"

namespace mp {
namespace {

void applyOps(Fields& h, const HeaderOps& ops) {
  for (auto& name : ops.remove) h.erase(name);
  for (auto& [k, v] : ops.set) h.set(k, v);
  for (auto& [k, v] : ops.add) h.insert(k, v);
}

bool draw(std::mt19937_64& rng, double percent) {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  return double(rng() % 1000000) / 10000.0 < percent;
}

std::string hostPart(std::string_view authority) {
  auto c = authority.rfind(':');
  return std::string(c == std::string_view::npos ? authority : authority.substr(0, c));
}

// Hop-by-hop headers never travel upstream; the body was read in full so the
// upstream framing is always a fresh Content-Length.
// One pass comparing field codes: cheaper than seven keyed erases per message.
void stripHopByHop(Fields& h) {
  for (auto it = h.begin(); it != h.end();) {
    switch (it->name()) {
      case http::field::connection:
      case http::field::keep_alive:
      case http::field::proxy_connection:
      case http::field::te:
      case http::field::transfer_encoding:
      case http::field::upgrade:
      case http::field::trailer: it = h.erase(it); break;
      default: ++it;
    }
  }
}

class ActiveRequest : public std::enable_shared_from_this<ActiveRequest> {
 public:
  ActiveRequest(ProxyRuntime& rt, const DownstreamInfo& info, Request&& req, Respond respond)
      : rt_(rt), info_(info), snap_(rt.snapshot()), req_(std::move(req)), respond_(std::move(respond)),
        start_(std::chrono::steady_clock::now()), faultTimer_(rt.io()) {}

  void run();
  void cancel();

 private:
  void runInbound(const Listener& l);
  void runRouted(const Listener& l);
  void localAnswer(const Listener& l, const Route& route, const std::string& authority);
  void labelFromAuthority(const Listener& l, const std::string& authority);
  void noRoute(const Listener& l, const std::string& authority);
  void labelDestinationService(const Cluster& c);
  void afterFault(const Route& route, const Destination& dest, const RouteMatch* matched);
  void forward(UpstreamClusterPtr cluster, const RetryPolicy& retry, std::optional<Millis> timeout,
               const Route* route, const Destination* dest);
  void mirror(const Mirror& m);
  void addSourceMetadata(Request& r) const;
  void passthrough(const Listener& l, const std::string& authority);
  std::optional<std::string> hashKey(const UpstreamCluster& c) const;
  void finish(Response&& res, const std::string& flags);
  void report(uint32_t status, const std::string& flags, uint64_t responseBytes);
  void accessLog(uint32_t status, const std::string& flags, uint64_t responseBytes, double ms) const;

  ProxyRuntime& rt_;
  DownstreamInfo info_;
  SnapshotPtr snap_;
  Request req_;
  Respond respond_;
  std::chrono::steady_clock::time_point start_;
  asio::steady_timer faultTimer_;
  std::shared_ptr<Forwarder> fwd_;
  RequestLabels labels_;
  std::string faultFlags_;
  std::string upstreamHost_ = "-", upstreamCluster_ = "-", routeName_ = "-";
  uint64_t requestBytes_ = 0;
  bool head_ = false;
  std::string requestId_, logLine_, authority_, userAgent_;
};

void ActiveRequest::run() {
  requestBytes_ = req_.body().size();
  head_ = req_.method() == http::verb::head;
  ensureTraceHeaders(req_.base(), rt_.rng());
  // Kept for the response and the access log: the request itself moves upstream.
  requestId_ = std::string(req_["x-request-id"]);
  if (snap_->accessLog) {
    logLine_ = std::string(req_.method_string()) + " " + std::string(req_.target());
    authority_ = std::string(req_[http::field::host]);
    userAgent_ = std::string(req_[http::field::user_agent]);
  }
  const Listener* l = snap_->listener(info_.listenerName);
  if (!l) return finish(localResponse(404, "listener removed"), "NR");
  if (l->kind == ListenerKind::Inbound) return runInbound(*l);
  runRouted(*l);
}

void ActiveRequest::runInbound(const Listener& l) {
  const Node& n = snap_->node;
  labels_.reporter = "destination";
  labels_.destinationWorkload = n.workload;
  labels_.destinationNamespace = n.ns;
  labels_.destinationService = n.service;  // empty: unknown
  labels_.destinationServiceName = hostPart(labels_.destinationService).substr(0, labels_.destinationService.find('.'));
  labels_.destinationVersion = n.version;
  labels_.connectionSecurityPolicy = info_.tls ? "mutual_tls" : "none";
  const std::string principal = principalOf(info_.peerSpiffe);
  if (!principal.empty()) labels_.sourcePrincipal = "spiffe://" + principal;
  // Source workload travels in the peer metadata headers our outbound side adds.
  auto peer = [&](const char* h, std::string& out) {
    auto it = req_.find(h);
    if (it != req_.end()) out = std::string(it->value());
  };
  peer("x-ms-source-workload", labels_.sourceWorkload);
  peer("x-ms-source-namespace", labels_.sourceNamespace);
  peer("x-ms-source-version", labels_.sourceVersion);

  AuthzRequest az;
  az.principal = principal;
  az.sourceNamespace = namespaceOf(principal);
  az.sourceIp = info_.remoteIp;
  az.method = std::string(req_.method_string());
  az.path = std::string(pathOf(req_.target()));
  az.host = std::string(req_[http::field::host]);
  az.port = l.forwardPort;  // Istio's ports mean the workload's port, not the proxy's
  az.headers = &req_.base();
  auto decision = authorize(l.authorization, az);
  if (!decision.allowed) {
    routeName_ = "rbac:" + decision.policy;
    return finish(localResponse(403, "RBAC: access denied"), "-");
  }
  upstreamCluster_ = "inbound|" + std::to_string(l.port) + "||";
  RetryPolicy none;
  none.attempts = 0;
  forward(rt_.inboundCluster(l), none, std::nullopt, nullptr, nullptr);
}

void ActiveRequest::runRouted(const Listener& l) {
  const Node& n = snap_->node;
  labels_.reporter = "source";
  labels_.sourceWorkload = n.workload;
  labels_.sourceNamespace = n.ns;
  labels_.sourceVersion = n.version;
  if (!rt_.identity().spiffe().empty()) labels_.sourcePrincipal = rt_.identity().spiffe();
  const std::string authority(req_[http::field::host]);
  if (l.kind == ListenerKind::Gateway && !l.gatewayHosts.empty()) {
    const std::string h = hostPart(authority);
    bool ok = false;
    for (auto& g : l.gatewayHosts)
      ok = ok || g == "*" || g == h || (g.size() > 1 && g[0] == '*' && h.size() >= g.size() - 1 &&
                                        h.compare(h.size() - (g.size() - 1), g.size() - 1, g, 1) == 0);
    if (!ok) return noRoute(l, authority);
  }
  const RouteTable* table = snap_->routeTable(l.routeTable);
  const VirtualHost* vh = table ? findVirtualHost(*table, authority) : nullptr;
  if (!vh && l.allowAny) return passthrough(l, authority);
  if (!vh) return noRoute(l, authority);
  RequestView view{req_.method_string(), req_.target(), authority, "http", &req_.base(), l.port, &n.labels};
  const RouteMatch* matched = nullptr;
  const Route* route = findRoute(*vh, view, &matched);
  if (!route) return noRoute(l, authority);
  routeName_ = route->name.empty() ? "-" : route->name;

  if (route->directResponse || route->redirect) return localAnswer(l, *route, authority);
  // Envoy picks the weighted cluster when it resolves the route, before the
  // fault filter runs, so a fault-aborted request is still reported against
  // the route's destination service.
  const Destination* dest = &route->destinations[pickWeighted(route->destinations, rt_.rng()())];
  if (const Cluster* c = snap_->cluster(dest->cluster)) labelDestinationService(*c);
  if (route->fault && route->fault->delay && draw(rt_.rng(), route->fault->delay->percent)) {
    faultFlags_ = "DI";
    faultTimer_.expires_after(route->fault->delay->delay);
    faultTimer_.async_wait([self = shared_from_this(), route, dest, matched](beast::error_code ec) {
      if (!ec) self->afterFault(*route, *dest, matched);
    });
    return;
  }
  afterFault(*route, *dest, matched);
}

// A request answered without a cluster (direct response, redirect, no
// route). Istio's stats filter then falls back to the Host header (port
// stripped) for destination_service on sidecars; gateways disable that
// fallback, so "unknown" stays there.
void ActiveRequest::labelFromAuthority(const Listener& l, const std::string& authority) {
  if (l.kind != ListenerKind::Outbound || authority.empty()) return;
  labels_.destinationService = hostPart(authority);
  labels_.destinationServiceName = labels_.destinationService;
}

void ActiveRequest::noRoute(const Listener& l, const std::string& authority) {
  labelFromAuthority(l, authority);
  finish(localResponse(404, ""), "NR");
}

void ActiveRequest::localAnswer(const Listener& l, const Route& route, const std::string& authority) {
  labelFromAuthority(l, authority);
  if (route.directResponse) return finish(localResponse(route.directResponse->status, route.directResponse->body), "-");
  const auto& r = *route.redirect;
  Response res = localResponse(r.code, "");
  std::string target = r.uri.empty() ? std::string(req_.target()) : r.uri;
  res.set(http::field::location, (r.scheme.empty() ? "http" : r.scheme) + "://" +
                                     (r.authority.empty() ? authority : r.authority) + target);
  finish(std::move(res), "-");
}

// The source side's destination_service labels come from the cluster's
// service (Istio's cluster metadata), whether or not a host answers.
void ActiveRequest::labelDestinationService(const Cluster& c) {
  labels_.destinationService = c.service;
  labels_.destinationServiceName = c.serviceName;
}

void ActiveRequest::afterFault(const Route& route, const Destination& dest, const RouteMatch* matched) {
  if (route.fault && route.fault->abort && draw(rt_.rng(), route.fault->abort->percent)) {
    faultFlags_ += faultFlags_.empty() ? "FI" : ",FI";
    return finish(localResponse(route.fault->abort->status, "fault filter abort"), faultFlags_);
  }
  auto cluster = rt_.cluster(dest.cluster, dest.subset);
  if (!cluster) return finish(localResponse(503, "no cluster"), "NC");
  upstreamCluster_ = cluster->statName();

  // Istio rewrite: a prefix match has only its matched prefix replaced.
  if (!route.rewriteUri.empty()) {
    std::string target(req_.target());
    if (matched && matched->uri && matched->uri->kind == StringMatch::Kind::Prefix)
      target = route.rewriteUri + target.substr(matched->uri->value.size());
    else target = route.rewriteUri + std::string(queryOf(target).empty() ? "" : "?" + std::string(queryOf(target)));
    req_.target(target);
  }
  if (!route.rewriteAuthority.empty()) req_.set(http::field::host, route.rewriteAuthority);
  applyOps(req_.base(), route.headers.request);
  applyOps(req_.base(), dest.headers.request);
  if (route.mirror && draw(rt_.rng(), route.mirror->percent)) mirror(*route.mirror);
  // With a fault configured, Istio turns retries and the route timeout off.
  RetryPolicy retry = route.retries;
  std::optional<Millis> timeout = route.timeout;
  if (route.fault) {
    retry.attempts = 0;
    timeout.reset();
  }
  forward(std::move(cluster), retry, timeout, &route, &dest);
}

// ALLOW_ANY: an unknown destination given as a literal ip:port goes straight
// there; names that are not in the registry still get 404 NR.
void ActiveRequest::passthrough(const Listener& l, const std::string& authority) {
  auto colon = authority.rfind(':');
  beast::error_code ec;
  if (colon == std::string::npos) return noRoute(l, authority);
  auto addr = asio::ip::make_address(authority.substr(0, colon), ec);
  const int port = std::atoi(authority.c_str() + colon + 1);
  if (ec || port <= 0 || port > 65535) return noRoute(l, authority);
  upstreamCluster_ = "PassthroughCluster";
  RetryPolicy none;
  none.attempts = 0;
  forward(rt_.passthroughCluster(addr.to_string(), uint16_t(port)), none, std::nullopt, nullptr, nullptr);
}

std::optional<std::string> ActiveRequest::hashKey(const UpstreamCluster& c) const {
  const LbPolicy& lb = c.policy().lb;
  if (lb.kind != LbPolicy::Kind::ConsistentHash) return std::nullopt;
  switch (lb.hashOn) {
    case LbPolicy::HashOn::SourceIp: return info_.remoteIp;
    case LbPolicy::HashOn::Header: {
      auto it = req_.find(lb.hashKey);
      return it == req_.end() ? std::nullopt : std::optional<std::string>(std::string(it->value()));
    }
    case LbPolicy::HashOn::QueryParam: {
      auto v = queryParam(queryOf(req_.target()), lb.hashKey);
      return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
    }
    case LbPolicy::HashOn::Cookie: {
      std::string_view cookies = req_[http::field::cookie];
      const std::string key = lb.hashKey + "=";
      for (size_t p = 0; (p = cookies.find(key, p)) != std::string_view::npos; ++p)
        if (p == 0 || cookies[p - 1] == ' ' || cookies[p - 1] == ';') {
          auto v = cookies.substr(p + key.size());
          return std::string(v.substr(0, v.find(';')));
        }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void ActiveRequest::mirror(const Mirror& m) {
  auto cluster = rt_.cluster(m.cluster, m.subset);
  if (!cluster) return;
  Request copy = req_;
  // The shadow comes from the same workload as the original, so it carries
  // the same peer metadata; without it the receiving sidecar reports
  // source_workload "unknown".
  addSourceMetadata(copy);
  std::string host(copy[http::field::host]);
  auto colon = host.rfind(':');
  copy.set(http::field::host, colon == std::string::npos ? host + "-shadow" : host.substr(0, colon) + "-shadow" + host.substr(colon));
  stripHopByHop(copy.base());
  copy.keep_alive(true);
  copy.prepare_payload();
  RetryPolicy none;
  none.attempts = 0;
  auto f = std::make_shared<Forwarder>(rt_.io(), cluster, std::move(copy), none, std::nullopt,
                                       snap_->limits.streamIdleTimeout, hashKey(*cluster), [](ForwardResult&&) {});
  f->start();  // fire and forget: the response is dropped
}

// Istio's metadata exchange, our way: the inbound sidecar reads the source
// labels from these headers.
void ActiveRequest::addSourceMetadata(Request& r) const {
  setCustomField(r.base(), "x-ms-source-workload", snap_->node.workload);
  setCustomField(r.base(), "x-ms-source-namespace", snap_->node.ns);
  setCustomField(r.base(), "x-ms-source-version", snap_->node.version);
}

void ActiveRequest::forward(UpstreamClusterPtr cluster, const RetryPolicy& retry, std::optional<Millis> timeout,
                            const Route* route, const Destination* dest) {
  if (labels_.reporter == "source") {
    labelDestinationService(cluster->config());  // connection_security_policy stays unknown
    addSourceMetadata(req_);
  }
  auto key = hashKey(*cluster);
  Request up = std::move(req_);
  stripHopByHop(up.base());
  setCustomField(up.base(), "x-forwarded-proto", "http");
  up.keep_alive(true);
  up.prepare_payload();
  fwd_ = std::make_shared<Forwarder>(
      rt_.io(), cluster, std::move(up), retry, timeout, snap_->limits.streamIdleTimeout, std::move(key),
      [self = shared_from_this(), cluster, route, dest](ForwardResult&& r) {
        if (r.host) {
          const Endpoint& ep = cluster->endpoint(*r.host);
          if (self->snap_->accessLog) self->upstreamHost_ = ep.address + ":" + std::to_string(ep.port);
          if (self->labels_.reporter == "source") {
            self->labels_.destinationWorkload = ep.workload;  // empty: unknown
            self->labels_.destinationNamespace = ep.ns;
            auto v = ep.labels.find("version");
            self->labels_.destinationVersion = v == ep.labels.end() ? std::string() : v->second;
            if (!ep.identity.empty()) self->labels_.destinationPrincipal = ep.identity;
          }
        }
        Response res = std::move(r.response);
        if (route) applyOps(res.base(), route->headers.response);
        if (dest) applyOps(res.base(), dest->headers.response);
        std::string flags = r.flags;
        if (!self->faultFlags_.empty()) flags = flags == "-" ? self->faultFlags_ : self->faultFlags_ + "," + flags;
        self->finish(std::move(res), flags);
      });
  fwd_->start();
}

// The client went away before its response (Envoy's DC): the upstream
// request is reset (its connection closed, not pooled) and the request is
// reported with response code 0, as Envoy and Istio do.
void ActiveRequest::cancel() {
  if (!respond_) return;  // answered already
  respond_ = nullptr;
  faultTimer_.cancel();
  if (fwd_) fwd_->abandon();
  fwd_.reset();
  report(0, faultFlags_.empty() ? "DC" : faultFlags_ + ",DC", 0);
}

void ActiveRequest::finish(Response&& res, const std::string& flags) {
  if (!respond_) return;
  stripHopByHop(res.base());
  if (flags != "-") setCustomField(res.base(), "x-ms-response-flags", flags);
  if (!requestId_.empty()) setCustomField(res.base(), "x-request-id", requestId_);
  // A HEAD response keeps the length its GET would have; it has no body to measure.
  if (!head_) res.prepare_payload();
  report(res.result_int(), flags, res.body().size());
  auto respond = std::move(respond_);
  respond_ = nullptr;
  fwd_.reset();
  respond(std::move(res));
}

void ActiveRequest::report(uint32_t status, const std::string& flags, uint64_t responseBytes) {
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  labels_.responseCode = status;
  labels_.responseFlags = flags;
  rt_.stats().record(labels_, ms, requestBytes_, responseBytes);
  if (snap_->accessLog) accessLog(status, flags, responseBytes, ms);
}

// Istio's default TEXT access log format, fields we know filled, others "-".
void ActiveRequest::accessLog(uint32_t status, const std::string& flags, uint64_t responseBytes, double ms) const {
  char when[40];
  std::time_t t = std::time(nullptr);
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  auto dash = [](const std::string& v) { return v.empty() ? std::string("-") : v; };
  std::string line = std::string("[") + when + "] \"" + logLine_ + " HTTP/1.1\" " + std::to_string(status) +
                     " " + flags + " - - \"-\" " + std::to_string(requestBytes_) + " " +
                     std::to_string(responseBytes) + " " + std::to_string(int64_t(ms)) + " - \"-\" \"" +
                     dash(userAgent_) + "\" \"" + dash(requestId_) + "\" \"" + dash(authority_) + "\" \"" +
                     upstreamHost_ + "\" " + upstreamCluster_ + " - - " + info_.remoteIp + " - " + routeName_;
  log::access(line);
}

}  // namespace

Response localResponse(uint32_t status, std::string body) {
  Response res;
  res.result(status);
  res.version(11);
  res.set(http::field::server, "meshproxy");
  if (!body.empty()) res.set(http::field::content_type, "text/plain");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::function<void()> handleRequest(ProxyRuntime& rt, const DownstreamInfo& info, Request&& req, Respond respond) {
  // One per request and large: its block is reused rather than malloc'd.
  auto ar = std::allocate_shared<ActiveRequest>(RecyclingAllocator<ActiveRequest>{}, rt, info, std::move(req),
                                                std::move(respond));
  ar->run();
  return [weak = std::weak_ptr<ActiveRequest>(ar)]() {
    if (auto a = weak.lock()) a->cancel();
  };
}

}  // namespace mp
