// IST0101 (host, mirror host, host:port, host+subset in destinationrule) and IST0112, as
// Istio's virtualservice.DestinationHostAnalyzer and virtualservice.DestinationRuleAnalyzer.
#include <set>
#include <utility>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

// One destination of a VirtualService and the field path of its `host`.
struct RouteDestination {
  const model::Destination* destination;
  std::string hostPath;
  bool mirror;
};

template <class Routes>
void addRoutes(const Routes& routes, const std::string& kind, std::vector<RouteDestination>& out) {
  for (size_t i = 0; i < routes.size(); ++i)
    for (size_t j = 0; j < routes[i].route.size(); ++j)
      if (const auto& d = routes[i].route[j].destination)
        out.push_back({&*d,
                       "spec." + kind + "[" + std::to_string(i) + "].route[" + std::to_string(j) +
                           "].destination.host",
                       false});
}

// Istio's getRouteDestinations order: tcp, tls, then http.
std::vector<RouteDestination> routeDestinations(const model::VirtualService& vs) {
  std::vector<RouteDestination> out;
  addRoutes(vs.tcp, "tcp", out);
  addRoutes(vs.tls, "tls", out);
  addRoutes(vs.http, "http", out);
  return out;
}

// getHTTPMirrorDestinations: `mirror` and each of `mirrors`.
std::vector<RouteDestination> mirrorDestinations(const model::VirtualService& vs) {
  std::vector<RouteDestination> out;
  for (size_t i = 0; i < vs.http.size(); ++i) {
    const std::string rule = "spec.http[" + std::to_string(i) + "]";
    if (vs.http[i].mirror) out.push_back({&*vs.http[i].mirror, rule + ".mirror.host", true});
    for (size_t j = 0; j < vs.http[i].mirrors.size(); ++j)
      if (const auto& d = vs.http[i].mirrors[j].destination)
        out.push_back({&*d, rule + ".mirrors[" + std::to_string(j) + "].destination.host", true});
  }
  return out;
}

// checkServiceEntryPorts: without a port, a service with several ports is ambiguous; with one,
// the service must expose it.
void checkPorts(const Context& ctx, const model::Resource& r, const RouteDestination& rd,
                const KnownService& service) {
  const std::string& host = *rd.destination->host;
  const auto& port = rd.destination->port;
  if (!port || !port->number) {
    if (service.ports.size() > 1)
      ctx.report("IST0112", Level::Error, r, rd.hostPath,
                 "This VirtualService routes to a service \"" + host +
                     "\" that exposes multiple ports " + intList(service.ports) +
                     ". Specifying a port in the destination is required to disambiguate.");
    return;
  }
  for (std::int64_t p : service.ports)
    if (p == *port->number) return;
  ctx.report(
      "IST0101", Level::Error, r, rd.hostPath,
      "Referenced host:port not found: \"" + host + ":" + std::to_string(*port->number) + "\"");
}

void checkHosts(const Context& ctx, const ServiceHostIndex& index, const model::Resource& r) {
  const auto& vs = *r.as<model::VirtualService>();
  auto check = [&](const std::vector<RouteDestination>& destinations, const char* what) {
    for (const RouteDestination& rd : destinations) {
      const std::string host = rd.destination->host.value_or("");
      const KnownService* service = index.find(r.meta.namespace_, vs.exportTo, host);
      if (!service) {
        ctx.report("IST0101", Level::Error, r, rd.hostPath,
                   std::string("Referenced ") + what + " not found: \"" + host + "\"");
        continue;
      }
      checkPorts(ctx, r, rd, *service);
    }
  };
  check(routeDestinations(vs), "host");
  check(mirrorDestinations(vs), "mirror host");
}

// util.GetResourceNameFromHost: "name.ns.svc.cluster.local" names (ns, name); any other host is
// taken as a name in the referrer's namespace.
std::pair<std::string, std::string> resourceNameFromHost(const std::string& ns,
                                                         const std::string& host) {
  // Istio matches ^(.+)\.(.+)\.svc\.cluster\.local$; the greedy first group makes the
  // namespace what follows the last dot before the suffix.
  const std::string suffix = ".svc.cluster.local";
  if (host.size() > suffix.size() &&
      host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0) {
    const std::string head = host.substr(0, host.size() - suffix.size());
    const auto dot = head.rfind('.');
    if (dot != std::string::npos && dot > 0 && dot + 1 < head.size())
      return {head.substr(dot + 1), head.substr(0, dot)};
  }
  return {ns, host};
}

using HostSubset = std::pair<std::pair<std::string, std::string>, std::string>;

// initDestHostsAndSubsets: every (host, subset) a DestinationRule defines, whatever its exportTo.
std::set<HostSubset> knownSubsets(const Context& ctx) {
  std::set<HostSubset> out;
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::DestinationRule)) {
    const auto& dr = *r->as<model::DestinationRule>();
    for (const model::Subset& s : dr.subsets)
      out.insert(
          {resourceNameFromHost(r->meta.namespace_, dr.host.value_or("")), s.name.value_or("")});
  }
  return out;
}

void checkSubsets(const Context& ctx, const std::set<HostSubset>& subsets,
                  const model::Resource& r) {
  const auto& vs = *r.as<model::VirtualService>();
  auto check = [&](const std::vector<RouteDestination>& destinations, const char* what) {
    for (const RouteDestination& rd : destinations) {
      const std::string host = rd.destination->host.value_or("");
      const std::string subset = rd.destination->subset.value_or("");
      if (subset.empty()) continue;
      if (subsets.count({resourceNameFromHost(r.meta.namespace_, host), subset})) continue;
      ctx.report("IST0101", Level::Error, r, rd.hostPath,
                 std::string("Referenced ") + what + " not found: \"" + host + "+" + subset + "\"");
    }
  };
  check(routeDestinations(vs), "host+subset in destinationrule");
  check(mirrorDestinations(vs), "mirror+subset in destinationrule");
}

}  // namespace

void analyzeVirtualServiceDestinations(const Context& ctx) {
  const ServiceHostIndex index(ctx);
  const std::set<HostSubset> subsets = knownSubsets(ctx);
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::VirtualService)) {
    checkHosts(ctx, index, *r);
    checkSubsets(ctx, subsets, *r);
  }
}

}  // namespace ms::analysis::ist
