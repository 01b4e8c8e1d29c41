#include "controlplane/route_compiler.h"

#include <algorithm>

#include "controlplane/cluster_compiler.h"
#include "model/hosts.h"
#include "model/traffic_rules.h"

namespace ms::controlplane {

namespace {

WeightedCluster target(const model::Destination& d, const model::ServiceRegistry& registry, const std::string& ns) {
  const model::RegistryService* s = registry.findHost(d.host.value_or(""), ns);
  // An unknown host still gets a name, so the proxy answers 503 NC rather than route elsewhere.
  return {s ? clusterName(*s) : model::resolveHost(d.host.value_or(""), ns), d.subset, std::nullopt, std::nullopt};
}

std::optional<double> percentOf(const std::optional<model::Percent>& p, const std::optional<std::int64_t>& legacy) {
  if (p && p->value) return *p->value;
  if (legacy) return static_cast<double>(*legacy);
  return std::nullopt;
}

std::optional<Fault> compileFault(const std::optional<model::HttpFaultInjection>& in) {
  if (!in) return std::nullopt;
  Fault f;
  if (in->delay && in->delay->fixedDelay)
    f.delay = FaultDelay{in->delay->fixedDelay, percentOf(in->delay->percentage, in->delay->percent).value_or(100)};
  if (in->abort && in->abort->httpStatus)
    f.abort = FaultAbort{in->abort->httpStatus, percentOf(in->abort->percentage, std::nullopt).value_or(100)};
  return f;
}

bool bindsToGateway(const model::VirtualService& vs, const std::string& vsNamespace, const model::Resource& gw) {
  return std::any_of(vs.gateways.begin(), vs.gateways.end(), [&](const std::string& g) {
    const auto slash = g.find('/');
    const std::string ns = slash == std::string::npos ? vsNamespace : g.substr(0, slash);
    const std::string name = slash == std::string::npos ? g : g.substr(slash + 1);
    return name == gw.meta.name && ns == gw.meta.namespace_;
  });
}

// The Host header values a sidecar in `from` may use for a service port. A ServiceEntry host
// is only ever its own name.
Strings domainsFor(const model::RegistryService& s, std::int64_t port, const std::string& from) {
  Strings names = {s.name + "." + s.namespace_, s.name + "." + s.namespace_ + ".svc", s.host};
  if (s.external) names = {s.host};
  else if (s.namespace_ == from) names.insert(names.begin(), s.name);
  Strings out;
  for (const auto& n : names) {
    out.push_back(n);
    out.push_back(n + ":" + std::to_string(port));
  }
  return out;
}

std::vector<Route> routesFor(const model::Mesh& mesh, const model::ServiceRegistry& registry,
                             const model::RegistryService& s) {
  if (const model::Resource* r = model::meshVirtualServiceFor(mesh, s.host)) {
    const auto& http = r->as<model::VirtualService>()->http;
    std::vector<Route> routes;
    for (size_t i = 0; i < http.size(); ++i)
      routes.push_back(compileRoute(http[i], http[i].name.value_or(r->meta.name + "-" + std::to_string(i)), registry,
                                    r->meta.namespace_));
    return routes;
  }
  Route direct;
  direct.name = "default";
  direct.route.push_back({clusterName(s), std::nullopt, std::nullopt, std::nullopt});
  return {direct};
}

}  // namespace

Route compileRoute(const model::HttpRoute& in, const std::string& name, const model::ServiceRegistry& registry,
                   const std::string& from) {
  Route out;
  out.name = name;
  out.match = in.match;
  for (const auto& d : in.route) {
    if (!d.destination) continue;
    WeightedCluster w = target(*d.destination, registry, from);
    w.weight = d.weight;
    w.headers = d.headers;
    out.route.push_back(std::move(w));
  }
  out.redirect = in.redirect;
  out.directResponse = in.directResponse;
  out.rewrite = in.rewrite;
  out.timeout = in.timeout;
  out.retries = in.retries;
  out.fault = compileFault(in.fault);
  if (in.mirror) {
    out.mirror = target(*in.mirror, registry, from);
    out.mirrorPercentage = percentOf(in.mirrorPercentage, in.mirrorPercent).value_or(100);
  } else if (!in.mirrors.empty() && in.mirrors.front().destination) {
    out.mirror = target(*in.mirrors.front().destination, registry, from);
    out.mirrorPercentage = percentOf(in.mirrors.front().percentage, std::nullopt).value_or(100);
  }
  out.headers = in.headers;
  return out;
}

RouteTable compileOutboundRoutes(const model::Mesh& mesh, const model::ServiceRegistry& registry,
                                 const model::RegistryWorkload& workload, const std::vector<Cluster>& clusters) {
  RouteTable table{"outbound", {}};
  for (const model::RegistryService& s : registry.services()) {
    const bool routable = std::any_of(clusters.begin(), clusters.end(),
                                      [&](const Cluster& c) { return c.name == clusterName(s); });
    if (!routable) continue;
    const std::vector<Route> routes = routesFor(mesh, registry, s);
    for (const model::RegistryPort& p : s.ports) {
      // An external HTTPS or TLS port carries TLS the sidecar cannot look into (TCP proxying,
      // not supported yet); only plain HTTP ports get routes.
      if (s.external && !p.protocol.empty() && p.protocol != "HTTP" && p.protocol != "HTTP2" && p.protocol != "GRPC")
        continue;
      table.virtualHosts.push_back({s.host + ":" + std::to_string(p.port), domainsFor(s, p.port, workload.namespace_), routes});
    }
  }
  return table;
}

RouteTable compileGatewayRoutes(const model::Mesh& mesh, const model::ServiceRegistry& registry,
                                const model::Resource& gateway, const model::Server& server,
                                const std::string& tableName) {
  RouteTable table{tableName, {}};
  for (const model::Resource& r : mesh.resources) {
    const auto* vs = r.as<model::VirtualService>();
    if (!vs || !bindsToGateway(*vs, r.meta.namespace_, gateway)) continue;
    VirtualHost host{r.meta.namespace_ + "/" + r.meta.name, {}, {}};
    for (const std::string& h : vs->hosts) {
      const bool served = std::any_of(server.hosts.begin(), server.hosts.end(), [&](const std::string& sh) {
        const std::string bare = sh.substr(sh.find('/') == std::string::npos ? 0 : sh.find('/') + 1);
        return model::hostsOverlap(bare, h);
      });
      if (served) host.domains.push_back(h);
    }
    if (host.domains.empty()) continue;
    for (size_t i = 0; i < vs->http.size(); ++i)
      host.routes.push_back(compileRoute(vs->http[i], vs->http[i].name.value_or(r.meta.name + "-" + std::to_string(i)),
                                         registry, r.meta.namespace_));
    table.virtualHosts.push_back(std::move(host));
  }
  return table;
}

}  // namespace ms::controlplane
