#include "canvas/palette_items.h"

#include <algorithm>
#include <set>

#include "canvas/canvas_badges.h"
#include "canvas/canvas_edits.h"
#include "canvas/mesh_editor.h"
#include "model/service_registry.h"
#include "model/traffic_rules.h"

namespace ms::studio {

namespace {

using model::Kind;

NewObject finish(MeshEditor& ed, const std::string& nodeId, const std::string& ref) {
  return {ed.ops(), nodeId, ref};
}

NewObject addService(MeshEditor& ed, double x, double y) {
  const std::string name = ed.uniqueName("Service", "default", "service");
  model::DesignService s;
  s.name = name;
  s.ports.push_back({std::string("http"), {}, 8080, {}});
  s.workloads.emplace_back().version = "v1";
  ed.design().services.push_back(std::move(s));
  const std::string id = nodeId("Service", "default", name);
  ed.setPosition(id, x, y);
  return finish(ed, id, id);
}

NewObject addResource(MeshEditor& ed, model::Resource r, const std::string& nodeToSelect) {
  const std::string ref = resourceRef(r);
  ed.add(std::move(r));
  return finish(ed, nodeToSelect.empty() ? ref : nodeToSelect, ref);
}

NewObject addGateway(MeshEditor& ed, double x, double y) {
  model::Resource r = newResource(Kind::Gateway, "default", ed.uniqueName("Gateway", "default", "gateway"));
  model::Gateway gw;
  gw.selector = {{"istio", "ingressgateway"}};
  model::Server server;
  server.port = model::Port{80, {}, std::string("HTTP"), std::string("http")};
  server.hosts = {"*"};
  gw.servers.push_back(std::move(server));
  r.spec = std::move(gw);
  ed.setPosition(resourceRef(r), x, y);
  return addResource(ed, std::move(r), {});
}

NewObject addServiceEntry(MeshEditor& ed, double x, double y) {
  const std::string name = ed.uniqueName("ServiceEntry", "default", "external-api");
  model::Resource r = newResource(Kind::ServiceEntry, "default", name);
  model::ServiceEntry se;
  se.hosts = {name + ".example.com"};
  se.ports.push_back(model::Port{443, {}, std::string("TLS"), std::string("tls")});
  se.location = "MESH_EXTERNAL";
  se.resolution = "DNS";
  r.spec = std::move(se);
  ed.setPosition(resourceRef(r), x, y);
  return addResource(ed, std::move(r), {});
}

std::string hostName(const model::Mesh& mesh, const GraphNode& target) {
  const auto hosts = hostsOf(mesh, target);
  if (target.kind == NodeKind::Service || hosts.empty()) return target.name;
  return hosts.front();
}

std::vector<std::string> subsetsOf(const model::Mesh& mesh, const GraphNode& target) {
  std::vector<std::string> out;
  const auto hosts = hostsOf(mesh, target);
  const model::Resource* dr = hosts.empty() ? nullptr : model::destinationRuleFor(mesh, hosts.front());
  if (dr)
    for (const auto& s : dr->as<model::DestinationRule>()->subsets)
      if (s.name) out.push_back(*s.name);
  return out;
}

// Routes to the host, split evenly over the subsets its DestinationRule defines.
NewObject addVirtualService(MeshEditor& ed, const GraphNode& target) {
  const std::string ns = target.namespace_;
  model::Resource r = newResource(Kind::VirtualService, ns, ed.uniqueName("VirtualService", ns, target.name));
  model::VirtualService vs;
  const std::string host = hostName(ed.mesh(), target);
  vs.hosts = {host};
  auto& route = vs.http.emplace_back().route;
  const auto subsets = subsetsOf(ed.mesh(), target);
  for (size_t i = 0; i < subsets.size(); ++i) {
    model::HttpRouteDestination d;
    d.destination = model::Destination{host, subsets[i], {}};
    const auto share = static_cast<std::int64_t>(100 / subsets.size());
    d.weight = i == 0 ? 100 - share * static_cast<std::int64_t>(subsets.size() - 1) : share;
    route.push_back(std::move(d));
  }
  if (route.empty()) route.push_back({model::Destination{host, {}, {}}, {}, {}});
  if (route.size() == 1) route.front().weight.reset();
  r.spec = std::move(vs);
  return addResource(ed, std::move(r), target.id);
}

// A subset per version the service runs.
NewObject addDestinationRule(MeshEditor& ed, const GraphNode& target) {
  const std::string ns = target.namespace_;
  model::Resource r = newResource(Kind::DestinationRule, ns, ed.uniqueName("DestinationRule", ns, target.name));
  model::DestinationRule dr;
  dr.host = hostName(ed.mesh(), target);
  std::set<std::string> versions;
  for (const auto& v : target.versions)
    if (!v.version.empty()) versions.insert(v.version);
  for (const auto& v : versions) dr.subsets.push_back({v, {{"version", v}}, {}});
  r.spec = std::move(dr);
  return addResource(ed, std::move(r), target.id);
}

const model::RegistryService* registryService(const model::ServiceRegistry& registry, const GraphNode& n) {
  for (const auto& s : registry.services())
    if (!s.external && s.name == n.name && s.namespace_ == n.namespace_) return &s;
  return nullptr;
}

std::optional<model::WorkloadSelector> selectorOf(const model::Mesh& mesh, const GraphNode& target) {
  const model::ServiceRegistry registry(mesh);
  const auto* s = registryService(registry, target);
  if (!s || s->selector.empty()) return std::nullopt;
  return model::WorkloadSelector{s->selector};
}

NewObject addPeerAuthentication(MeshEditor& ed, const GraphNode* target) {
  const std::string ns = target ? target->namespace_ : "default";
  const std::string base = target ? target->name : "default";
  model::Resource r = newResource(Kind::PeerAuthentication, ns, ed.uniqueName("PeerAuthentication", ns, base));
  model::PeerAuthentication pa;
  if (target) pa.selector = selectorOf(ed.mesh(), *target);
  pa.mtls = model::MutualTls{std::string("STRICT")};
  r.spec = std::move(pa);
  return addResource(ed, std::move(r), target ? target->id : std::string());
}

// The identities of whoever calls the node now (its callers' and gateways' service accounts).
std::vector<std::string> callerPrincipals(const model::Mesh& mesh, const CanvasGraph& graph, const GraphNode& target) {
  const model::ServiceRegistry registry(mesh);
  std::set<std::string> out;
  for (const auto& e : graph.edges) {
    if (e.to != target.id) continue;
    for (const auto& caller : e.callers)
      for (const auto& w : registry.workloads())
        if (w.name == caller) out.insert("cluster.local/ns/" + w.namespace_ + "/sa/" + w.serviceAccount);
  }
  return {out.begin(), out.end()};
}

// Allows what calls the service today; with no callers, an empty rule (allows every request).
NewObject addAuthorizationPolicy(MeshEditor& ed, const CanvasGraph& graph, const GraphNode& target) {
  const std::string ns = target.namespace_;
  model::Resource r = newResource(Kind::AuthorizationPolicy, ns, ed.uniqueName("AuthorizationPolicy", ns, target.name));
  model::AuthorizationPolicy ap;
  ap.selector = selectorOf(ed.mesh(), target);
  ap.action = "ALLOW";
  model::Rule rule;
  const auto principals = callerPrincipals(ed.mesh(), graph, target);
  if (!principals.empty()) rule.from.push_back({model::Source{}}), rule.from.back().source->principals = principals;
  ap.rules.push_back(std::move(rule));
  r.spec = std::move(ap);
  return addResource(ed, std::move(r), target.id);
}

}  // namespace

const char* paletteName(PaletteItem item) {
  switch (item) {
    case PaletteItem::Service: return "Service";
    case PaletteItem::Gateway: return "Gateway";
    case PaletteItem::ServiceEntry: return "ServiceEntry";
    case PaletteItem::VirtualService: return "VirtualService";
    case PaletteItem::DestinationRule: return "DestinationRule";
    case PaletteItem::PeerAuthentication: return "PeerAuthentication";
    case PaletteItem::AuthorizationPolicy: return "AuthorizationPolicy";
  }
  return "";
}

bool needsTarget(PaletteItem item) {
  return item == PaletteItem::VirtualService || item == PaletteItem::DestinationRule ||
         item == PaletteItem::AuthorizationPolicy;
}

NewObject paletteOps(const model::Mesh& mesh, const CanvasGraph& graph, PaletteItem item, const GraphNode* target,
                     double x, double y) {
  if (target && target->kind == NodeKind::Gateway) target = nullptr;
  if (target && target->kind == NodeKind::External &&
      (item == PaletteItem::PeerAuthentication || item == PaletteItem::AuthorizationPolicy))
    target = nullptr;  // they select workloads, which an external service has none of
  if (needsTarget(item) && !target) return {};
  MeshEditor ed(mesh);
  switch (item) {
    case PaletteItem::Service: return addService(ed, x, y);
    case PaletteItem::Gateway: return addGateway(ed, x, y);
    case PaletteItem::ServiceEntry: return addServiceEntry(ed, x, y);
    case PaletteItem::VirtualService: return addVirtualService(ed, *target);
    case PaletteItem::DestinationRule: return addDestinationRule(ed, *target);
    case PaletteItem::PeerAuthentication: return addPeerAuthentication(ed, target);
    case PaletteItem::AuthorizationPolicy: return addAuthorizationPolicy(ed, graph, *target);
  }
  return {};
}

}  // namespace ms::studio
