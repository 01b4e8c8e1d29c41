#include "canvas/canvas_graph.h"

#include <algorithm>
#include <map>

#include "canvas/canvas_badges.h"
#include "model/hosts.h"
#include "model/service_registry.h"
#include "model/traffic_rules.h"

namespace ms::studio {

namespace {

using model::RegistryService;
using model::RegistryWorkload;
using model::Resource;

void addUnique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

void addBadge(std::vector<Badge>& badges, std::optional<Badge> badge) {
  if (badge) badges.push_back(std::move(*badge));
}

bool isGatewayService(const RegistryService& s) {
  const auto it = s.selector.find("istio");
  return s.name == "istio-ingressgateway" || (it != s.selector.end() && it->second == "ingressgateway");
}

std::string portLabel(const std::optional<model::Port>& port) {
  if (!port) return "port";
  const std::string number = std::to_string(port->number.value_or(0));
  return port->protocol ? *port->protocol + " " + number : number;
}

// The route a plain request takes: the first rule without match conditions, else the first.
const model::HttpRoute* defaultRoute(const model::VirtualService& vs) {
  for (const auto& route : vs.http)
    if (route.match.empty()) return &route;
  return vs.http.empty() ? nullptr : &vs.http.front();
}

std::int64_t weightOf(const model::HttpRouteDestination& d, size_t destinations) {
  return d.weight.value_or(destinations == 1 ? 100 : 0);
}

const model::Subset* findSubset(const Resource* dr, const std::string& name) {
  const auto* rule = dr ? dr->as<model::DestinationRule>() : nullptr;
  if (!rule) return nullptr;
  for (const auto& s : rule->subsets)
    if (s.name == name) return &s;
  return nullptr;
}

struct Builder {
  const model::Mesh& mesh;
  model::ServiceRegistry registry;
  CanvasGraph graph;
  std::map<const RegistryService*, std::string> nodeOf;
  std::map<std::string, size_t> nodeIndex, edgeIndex;
  std::map<std::string, const Resource*> gateways;  // by node id

  explicit Builder(const model::Mesh& m) : mesh(m), registry(m) {}

  void run() {
    for (const RegistryService& s : registry.services()) addService(s);
    for (const Resource& r : mesh.resources) {
      if (r.as<model::Gateway>()) addGateway(r);
      if (r.as<model::ServiceEntry>()) addServiceEntry(r);
    }
    addCalls();
    for (const Resource& r : mesh.resources)
      if (const auto* vs = r.as<model::VirtualService>()) addRoutes(r, *vs);
    addRouteBadgesWithoutCallers();
  }

  GraphNode& addNode(GraphNode node) {
    nodeIndex[node.id] = graph.nodes.size();
    graph.nodes.push_back(std::move(node));
    return graph.nodes.back();
  }

  void addService(const RegistryService& s) {
    if (s.external || !s.source || isGatewayService(s)) return;
    const std::string id = nodeId("Service", s.namespace_, s.name);
    nodeOf[&s] = id;
    if (nodeIndex.count(id)) return;  // declared twice: the first one is drawn
    GraphNode n;
    n.id = id;
    n.name = s.name;
    n.namespace_ = s.namespace_;
    n.designed = s.source->kind == model::Kind::MeshDesign;
    for (const auto& p : s.ports) n.details.push_back({p.name.empty() ? "port" : p.name, std::to_string(p.port)});
    n.refs.push_back(n.designed ? id : resourceRef(*s.source));
    const auto workloads = registry.selectedBy(s);
    for (const auto* w : workloads)
      if (w->source && !w->design) addUnique(n.refs, resourceRef(*w->source));
    const Resource* vs = model::meshVirtualServiceFor(mesh, s.host);
    const Resource* dr = model::destinationRuleFor(mesh, s.host);
    if (vs) addUnique(n.refs, resourceRef(*vs));
    if (dr) addUnique(n.refs, resourceRef(*dr));
    n.versions = versionsOf(workloads, vs, dr, s.host);
    if (auto mtls = peerAuthenticationBadge(mesh, workloads)) {
      addUnique(n.refs, mtls->ref);
      n.badges.push_back(std::move(*mtls));
    }
    std::vector<std::string> authzRefs;
    addBadge(n.badges, authorizationBadge(mesh, workloads, authzRefs));
    for (const auto& ref : authzRefs) addUnique(n.refs, ref);
    addBadge(n.badges, circuitBreakerBadge(dr));
    addNode(std::move(n));
  }

  std::vector<NodeVersion> versionsOf(const std::vector<const RegistryWorkload*>& workloads, const Resource* vs,
                                      const Resource* dr, const std::string& host) const {
    std::vector<NodeVersion> out;
    for (const auto* w : workloads) {
      const auto it = w->labels.find("version");
      out.push_back({it == w->labels.end() ? "" : it->second, w->name, w->replicas, w->injected, std::nullopt});
    }
    if (out.size() > 1) applyWeights(out, workloads, vs, dr, host);
    std::vector<size_t> order(out.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return out[a].version < out[b].version; });
    std::vector<NodeVersion> sorted;
    for (size_t i : order) sorted.push_back(out[i]);
    return sorted;
  }

  // The share of plain requests each version gets from the host's VirtualService subsets.
  static void applyWeights(std::vector<NodeVersion>& versions, const std::vector<const RegistryWorkload*>& workloads,
                           const Resource* vsResource, const Resource* dr, const std::string& host) {
    const auto* vs = vsResource ? vsResource->as<model::VirtualService>() : nullptr;
    const model::HttpRoute* route = vs ? defaultRoute(*vs) : nullptr;
    if (!route) return;
    bool subsets = false;
    for (const auto& d : route->route) {
      if (!d.destination || !d.destination->subset || !d.destination->host) continue;
      if (model::resolveHost(*d.destination->host, vsResource->meta.namespace_) != host) continue;
      subsets = true;
      const model::Subset* subset = findSubset(dr, *d.destination->subset);
      for (size_t i = 0; i < versions.size() && subset; ++i)
        if (model::labelsInclude(workloads[i]->labels, subset->labels))
          versions[i].weight = versions[i].weight.value_or(0) + weightOf(d, route->route.size());
    }
    if (!subsets) return;
    for (auto& v : versions)
      if (!v.weight) v.weight = 0;
  }

  void addGateway(const Resource& r) {
    const auto* gw = r.as<model::Gateway>();
    GraphNode n;
    n.id = nodeId("Gateway", r.meta.namespace_, r.meta.name);
    if (nodeIndex.count(n.id)) return;
    n.kind = NodeKind::Gateway;
    n.name = r.meta.name;
    n.namespace_ = r.meta.namespace_;
    for (const auto& server : gw->servers) {
      std::string hosts;
      for (const auto& h : server.hosts) hosts += (hosts.empty() ? "" : ", ") + h;
      n.details.push_back({portLabel(server.port), hosts});
    }
    n.refs.push_back(resourceRef(r));
    gateways[n.id] = &r;
    addBadge(n.badges, gatewayTlsBadge(r));
    addNode(std::move(n));
  }

  void addServiceEntry(const Resource& r) {
    const auto* se = r.as<model::ServiceEntry>();
    GraphNode n;
    n.id = nodeId("ServiceEntry", r.meta.namespace_, r.meta.name);
    if (nodeIndex.count(n.id)) return;
    n.kind = NodeKind::External;
    n.name = r.meta.name;
    n.namespace_ = r.meta.namespace_;
    const std::string port = se->ports.empty() ? "host" : portLabel(se->ports.front());
    for (const auto& h : se->hosts) n.details.push_back({port, h});
    n.refs.push_back(resourceRef(r));
    for (const RegistryService& s : registry.services())
      if (s.source == &r) nodeOf[&s] = n.id;
    if (!se->hosts.empty()) {
      const Resource* dr = model::destinationRuleFor(mesh, model::resolveHost(se->hosts.front(), r.meta.namespace_));
      if (dr) addUnique(n.refs, resourceRef(*dr));
      addBadge(n.badges, clientTlsBadge(dr));
      addBadge(n.badges, circuitBreakerBadge(dr));
    }
    addNode(std::move(n));
  }

  // The node of the most general service that selects the workload (reviews rather than a
  // per-version reviews-v1 Service, as Istio's bookinfo-versions.yaml adds).
  std::string callerNode(const RegistryWorkload& w) const {
    const RegistryService* best = nullptr;
    for (const auto* s : registry.servicesOf(w))
      if (nodeOf.count(s) && (!best || s->selector.size() < best->selector.size())) best = s;
    return best ? nodeOf.at(best) : std::string();
  }

  std::string targetNode(const std::string& host, const std::string& ns) const {
    const RegistryService* s = registry.findHost(host, ns);
    const auto it = s ? nodeOf.find(s) : nodeOf.end();
    return it == nodeOf.end() ? std::string() : it->second;
  }

  GraphEdge& edgeFor(EdgeKind kind, const std::string& from, const std::string& to, bool* created = nullptr) {
    static const char* prefix[] = {"call:", "route:", "ingress:"};
    const std::string id = prefix[static_cast<int>(kind)] + from + ">" + to;
    auto [it, inserted] = edgeIndex.emplace(id, graph.edges.size());
    if (inserted) {
      GraphEdge e;
      e.id = id;
      e.kind = kind;
      e.from = from;
      e.to = to;
      graph.edges.push_back(std::move(e));
    }
    if (created) *created = inserted;
    return graph.edges[it->second];
  }

  void addCalls() {
    for (const RegistryWorkload& w : registry.workloads()) {
      const model::Behaviour* b = registry.behaviourOf(w);
      if (!b || !b->calls) continue;
      const std::string from = callerNode(w);
      if (from.empty()) continue;
      for (const auto& call : b->calls->targets) {
        const std::string to = targetNode(call.service.value_or(""), w.namespace_);
        if (to.empty()) continue;
        bool created = false;
        GraphEdge& e = edgeFor(EdgeKind::Call, from, to, &created);
        addUnique(e.callers, w.name);
        std::string tip = w.name + " calls " + *call.service + call.path.value_or("");
        if (call.timeout) tip += ", own timeout " + *call.timeout;
        if (call.retries) tip += ", own retries " + std::to_string(*call.retries);
        e.tooltip += (e.tooltip.empty() ? "" : "\n") + tip;
        if (created) addRoutePolicy(e, model::resolveHost(*call.service, w.namespace_));
      }
    }
  }

  // What the sidecar applies to calls for `fqdn`: the VirtualService's split and policies, and
  // the DestinationRule's client TLS.
  void addRoutePolicy(GraphEdge& e, const std::string& fqdn) {
    if (const Resource* vs = model::meshVirtualServiceFor(mesh, fqdn)) {
      e.refs.push_back(resourceRef(*vs));
      if (const model::HttpRoute* route = defaultRoute(*vs->as<model::VirtualService>())) {
        if (route->route.size() > 1)
          for (const auto& d : route->route) addWeight(e, d, route->route.size());
        for (auto& badge : routeBadges(*route, *vs)) e.badges.push_back(std::move(badge));
      }
    }
    if (const Resource* dr = model::destinationRuleFor(mesh, fqdn)) {
      e.refs.push_back(resourceRef(*dr));
      addBadge(e.badges, clientTlsBadge(dr));
    }
  }

  static void addWeight(GraphEdge& e, const model::HttpRouteDestination& d, size_t count) {
    if (!d.destination) return;
    const std::string name = d.destination->subset.value_or(d.destination->host.value_or("?"));
    e.weights.push_back({name, weightOf(d, count)});
  }

  void addRoutes(const Resource& r, const model::VirtualService& vs) {
    if (model::appliesToMesh(vs))
      for (const auto& host : vs.hosts) addMeshRoutes(r, vs, targetNode(host, r.meta.namespace_));
    for (const auto& g : vs.gateways) {
      if (g == "mesh") continue;
      const auto slash = g.find('/');
      const std::string id = slash == std::string::npos ? nodeId("Gateway", r.meta.namespace_, g)
                                                         : nodeId("Gateway", g.substr(0, slash), g.substr(slash + 1));
      if (nodeIndex.count(id)) addRouteEdges(EdgeKind::Ingress, r, vs, id);
    }
  }

  // A VirtualService for a service's host that sends traffic to other hosts.
  void addMeshRoutes(const Resource& r, const model::VirtualService& vs, const std::string& from) {
    if (!from.empty()) addRouteEdges(EdgeKind::Route, r, vs, from);
  }

  void addRouteEdges(EdgeKind kind, const Resource& r, const model::VirtualService& vs, const std::string& from) {
    for (const auto& route : vs.http) {
      for (const auto& d : route.route) {
        if (!d.destination || !d.destination->host) continue;
        const std::string to = targetNode(*d.destination->host, r.meta.namespace_);
        if (to.empty() || to == from) continue;
        bool created = false;
        GraphEdge& e = edgeFor(kind, from, to, &created);
        if (created) startRouteEdge(e, r, route, kind);
        if (&route == defaultRoute(vs) && route.route.size() > 1) addWeight(e, d, route.route.size());
      }
    }
  }

  void startRouteEdge(GraphEdge& e, const Resource& r, const model::HttpRoute& route, EdgeKind kind) {
    e.refs.push_back(resourceRef(r));
    e.tooltip = (kind == EdgeKind::Ingress ? "Entry through the gateway, routed by VirtualService "
                                           : "Routed by VirtualService ") + r.namespacedName();
    // A mesh route's policies show where traffic enters its host (the calls, or the node).
    if (kind != EdgeKind::Ingress) return;
    for (auto& badge : routeBadges(route, r)) e.badges.push_back(std::move(badge));
    const model::Labels& selector = gateways.at(e.from)->as<model::Gateway>()->selector;
    if (selector.empty()) return;  // selects no gateway pods (an empty selector would match every pod)
    for (const auto* w : registry.matching("", selector)) addUnique(e.callers, w->name);
  }

  // Route policies of a service nobody calls would show nowhere; the node carries them.
  void addRouteBadgesWithoutCallers() {
    for (GraphNode& n : graph.nodes) {
      if (n.kind != NodeKind::Service) continue;
      const bool called = std::any_of(graph.edges.begin(), graph.edges.end(),
                                      [&](const GraphEdge& e) { return e.kind == EdgeKind::Call && e.to == n.id; });
      if (called) continue;
      const Resource* vs = model::meshVirtualServiceFor(mesh, model::resolveHost(n.name, n.namespace_));
      const model::HttpRoute* route = vs ? defaultRoute(*vs->as<model::VirtualService>()) : nullptr;
      if (route)
        for (auto& badge : routeBadges(*route, *vs)) n.badges.push_back(std::move(badge));
    }
  }
};

}  // namespace

std::string nodeId(const std::string& kind, const std::string& ns, const std::string& name) {
  return kind + "/" + ns + "/" + name;
}

std::string GraphEdge::label() const {
  std::string out;
  for (const auto& w : weights) out += (out.empty() ? "" : " \u00b7 ") + w.destination + " " + std::to_string(w.weight) + "%";
  return out;
}

const GraphNode* CanvasGraph::node(const std::string& id) const {
  for (const auto& n : nodes)
    if (n.id == id) return &n;
  return nullptr;
}

const GraphEdge* CanvasGraph::edge(const std::string& id) const {
  for (const auto& e : edges)
    if (e.id == id) return &e;
  return nullptr;
}

CanvasGraph buildCanvasGraph(const model::Mesh& mesh) {
  Builder b(mesh);
  b.run();
  return std::move(b.graph);
}

}  // namespace ms::studio
