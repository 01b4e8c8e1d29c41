#include "canvas/canvas_badges.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ms::studio {

namespace {

constexpr const char* kRootNamespace = "istio-system";

enum class Scope { None, Mesh, Namespace, Workload };

// How specifically a policy in `ns` with `selector` applies to the workload (as istiod does).
Scope scopeOf(const std::string& ns, const std::optional<model::WorkloadSelector>& selector,
              const model::RegistryWorkload& w) {
  if (selector && !selector->matchLabels.empty()) {
    const bool visible = ns == w.namespace_ || ns == kRootNamespace;
    return visible && model::labelsInclude(w.labels, selector->matchLabels) ? Scope::Workload : Scope::None;
  }
  if (ns == w.namespace_) return Scope::Namespace;
  if (ns == kRootNamespace) return Scope::Mesh;
  return Scope::None;
}

std::string modeOf(const std::optional<model::MutualTls>& mtls) {
  return mtls && mtls->mode && *mtls->mode != "UNSET" ? *mtls->mode : "";
}

struct EffectiveMode {
  std::string mode;  // empty: no PeerAuthentication decides
  const model::Resource* decidedBy = nullptr;
};

EffectiveMode effectiveMtls(const model::Mesh& mesh, const model::RegistryWorkload& w) {
  EffectiveMode byScope[4];
  for (const model::Resource& r : mesh.resources) {
    const auto* pa = r.as<model::PeerAuthentication>();
    if (!pa) continue;
    const auto scope = static_cast<size_t>(scopeOf(r.meta.namespace_, pa->selector, w));
    if (scope == 0 || byScope[scope].decidedBy) continue;  // the first policy of a scope wins
    byScope[scope] = {modeOf(pa->mtls), &r};
  }
  for (Scope s : {Scope::Workload, Scope::Namespace, Scope::Mesh})  // UNSET inherits
    if (!byScope[static_cast<size_t>(s)].mode.empty()) return byScope[static_cast<size_t>(s)];
  return {};
}

std::string mtlsMeaning(const std::string& mode) {
  if (mode == "STRICT") return "accepts only mutual TLS from sidecars; plain text is refused";
  if (mode == "PERMISSIVE") return "accepts both mutual TLS and plain text";
  if (mode == "DISABLE") return "accepts plain text only";
  return "mode " + mode;
}

std::string percentText(const std::optional<model::Percent>& p, const model::OptInt& legacy) {
  double value = 100;
  if (p && p->value) value = *p->value;
  else if (legacy) value = static_cast<double>(*legacy);
  std::ostringstream out;
  out << value << "%";
  return out.str();
}

void addLine(std::string& text, const std::string& line) { text += (text.empty() ? "" : "\n") + line; }

template <class T>
void addLimit(std::vector<std::string>& out, const std::optional<T>& value, const std::string& what) {
  if (!value) return;
  std::ostringstream s;
  s << what << " " << *value;
  out.push_back(s.str());
}

std::vector<std::string> poolLimits(const model::ConnectionPoolSettings& pool) {
  std::vector<std::string> out;
  if (pool.tcp) addLimit(out, pool.tcp->maxConnections, "max connections");
  if (pool.http) {
    addLimit(out, pool.http->http1MaxPendingRequests, "max pending requests");
    addLimit(out, pool.http->http2MaxRequests, "max requests");
    addLimit(out, pool.http->maxRequestsPerConnection, "max requests per connection");
    addLimit(out, pool.http->maxRetries, "max retries");
  }
  return out;
}

std::string outlierText(const model::OutlierDetection& od) {
  std::ostringstream s;
  s << "eject a pod after ";
  if (od.consecutive5xxErrors) s << *od.consecutive5xxErrors << " consecutive 5xx";
  else if (od.consecutiveGatewayErrors) s << *od.consecutiveGatewayErrors << " consecutive gateway errors";
  else if (od.consecutiveErrors) s << *od.consecutiveErrors << " consecutive errors";
  else s << "5 consecutive 5xx";
  s << " (checked every " << od.interval.value_or("10s") << ") for " << od.baseEjectionTime.value_or("30s")
    << " x times ejected, at most " << od.maxEjectionPercent.value_or(10) << "% of pods";
  return s.str();
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// Adds the circuit breaking settings of one traffic policy; returns whether it had any.
bool describeBreaker(const std::optional<model::TrafficPolicy>& tp, const std::string& scope, std::string& text) {
  if (!tp || (!tp->connectionPool && !tp->outlierDetection)) return false;
  if (tp->connectionPool) {
    const auto limits = poolLimits(*tp->connectionPool);
    if (!limits.empty()) addLine(text, scope + "connection pool: " + joined(limits));
  }
  if (tp->outlierDetection) addLine(text, scope + "outlier detection: " + outlierText(*tp->outlierDetection));
  return true;
}

}  // namespace

std::string resourceRef(const model::Resource& r) { return r.kindName + "/" + r.meta.namespace_ + "/" + r.meta.name; }

std::optional<Badge> peerAuthenticationBadge(const model::Mesh& mesh,
                                             const std::vector<const model::RegistryWorkload*>& workloads) {
  std::optional<Badge> badge;
  for (const auto* w : workloads) {
    const EffectiveMode m = effectiveMtls(mesh, *w);
    if (!m.decidedBy) continue;
    if (badge && badge->text != m.mode) {
      badge->text = "MIXED";
      badge->tooltip = "mTLS: the versions of this service have different PeerAuthentication modes";
      return badge;
    }
    if (!badge)
      badge = Badge{BadgeKind::Mtls, m.mode,
                    "mTLS " + m.mode + ": " + mtlsMeaning(m.mode) + "\nPeerAuthentication " + m.decidedBy->namespacedName(),
                    resourceRef(*m.decidedBy)};
  }
  return badge;
}

std::optional<Badge> authorizationBadge(const model::Mesh& mesh,
                                        const std::vector<const model::RegistryWorkload*>& workloads,
                                        std::vector<std::string>& refs) {
  std::string tooltip, firstRef;
  bool deny = false, allow = false;
  for (const model::Resource& r : mesh.resources) {
    const auto* ap = r.as<model::AuthorizationPolicy>();
    if (!ap) continue;
    const bool applies = std::any_of(workloads.begin(), workloads.end(), [&](const auto* w) {
      return scopeOf(r.meta.namespace_, ap->selector, *w) != Scope::None;
    });
    if (!applies) continue;
    const std::string action = ap->action.value_or("ALLOW");
    deny |= action == "DENY";
    allow |= action == "ALLOW";
    addLine(tooltip, action + " " + r.namespacedName() + ": " + std::to_string(ap->rules.size()) + " rule(s)" +
                         (action == "ALLOW" && ap->rules.empty() ? " (allows nothing)" : ""));
    refs.push_back(resourceRef(r));
    if (firstRef.empty()) firstRef = refs.back();
  }
  if (firstRef.empty()) return std::nullopt;
  const std::string text = deny && allow ? "ALLOW+DENY" : deny ? "DENY" : allow ? "ALLOW" : "AUTHZ";
  return Badge{BadgeKind::Authz, text,
               "Authorization: DENY rules are checked first; when any ALLOW policy applies, only requests "
               "matching one of its rules get through (403 otherwise).\n" + tooltip,
               firstRef};
}

std::optional<Badge> circuitBreakerBadge(const model::Resource* dr) {
  const auto* rule = dr ? dr->as<model::DestinationRule>() : nullptr;
  if (!rule) return std::nullopt;
  std::string text;
  bool any = describeBreaker(rule->trafficPolicy, "", text);
  for (const auto& subset : rule->subsets)
    any |= describeBreaker(subset.trafficPolicy, "subset " + subset.name.value_or("?") + " ", text);
  if (!any) return std::nullopt;
  return Badge{BadgeKind::CircuitBreaker, "CB",
               "Circuit breaker (DestinationRule " + dr->namespacedName() + "): overflow answers 503 UO\n" + text,
               resourceRef(*dr)};
}

std::optional<Badge> clientTlsBadge(const model::Resource* dr) {
  const auto* rule = dr ? dr->as<model::DestinationRule>() : nullptr;
  if (!rule || !rule->trafficPolicy || !rule->trafficPolicy->tls || !rule->trafficPolicy->tls->mode) return std::nullopt;
  const std::string mode = *rule->trafficPolicy->tls->mode;
  std::string text = mode, meaning;
  if (mode == "ISTIO_MUTUAL") text = "mTLS", meaning = "sidecars talk mutual TLS with Istio certificates";
  else if (mode == "MUTUAL") text = "mTLS", meaning = "mutual TLS with the given client certificate";
  else if (mode == "SIMPLE") text = "TLS", meaning = "TLS origination";
  else if (mode == "DISABLE") text = "plain", meaning = "no TLS: requests go out as plain text";
  return Badge{BadgeKind::Mtls, text,
               "Client TLS " + mode + (meaning.empty() ? "" : ": " + meaning) + "\nDestinationRule " +
                   dr->namespacedName(),
               resourceRef(*dr)};
}

std::optional<Badge> gatewayTlsBadge(const model::Resource& gateway) {
  const auto* gw = gateway.as<model::Gateway>();
  if (!gw) return std::nullopt;
  for (const auto& server : gw->servers)
    if (server.tls && server.tls->mode)
      return Badge{BadgeKind::Mtls, "TLS", "The gateway terminates TLS (" + *server.tls->mode + ") on port " +
                                               std::to_string(server.port ? server.port->number.value_or(0) : 0),
                   resourceRef(gateway)};
  return std::nullopt;
}

std::vector<Badge> routeBadges(const model::HttpRoute& route, const model::Resource& vs) {
  std::vector<Badge> out;
  const std::string where = "\nVirtualService " + vs.namespacedName();
  if (route.retries) {
    const auto& r = *route.retries;
    const std::int64_t attempts = r.attempts.value_or(0);
    std::string tip = attempts == 0 ? "Retries disabled" : "Retries: up to " + std::to_string(attempts) + " more attempts";
    if (r.perTryTimeout) tip += ", " + *r.perTryTimeout + " per try";
    if (r.retryOn) tip += ", on " + *r.retryOn;
    out.push_back({BadgeKind::Retries, std::to_string(attempts) + "x", tip + where, resourceRef(vs)});
  }
  if (route.timeout)
    out.push_back({BadgeKind::Timeout, *route.timeout,
                   "Timeout: the sidecar gives up after " + *route.timeout + " (504)" + where, resourceRef(vs)});
  if (route.fault && (route.fault->delay || route.fault->abort)) {
    std::string text, tip = "Fault injection:";
    if (const auto& d = route.fault->delay) {
      const std::string delay = d->fixedDelay.value_or(d->exponentialDelay.value_or("?"));
      text = "+" + delay;
      tip += "\ndelay " + delay + " for " + percentText(d->percentage, d->percent) + " of requests";
    }
    if (const auto& a = route.fault->abort) {
      const std::string status = a->httpStatus ? std::to_string(*a->httpStatus) : a->grpcStatus.value_or("abort");
      text += (text.empty() ? "" : " ") + status;
      tip += "\nabort with " + status + " for " + percentText(a->percentage, {}) + " of requests";
    }
    out.push_back({BadgeKind::Fault, text, tip + where, resourceRef(vs)});
  }
  return out;
}

}  // namespace ms::studio
