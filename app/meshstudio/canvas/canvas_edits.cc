#include "canvas/canvas_edits.h"

#include <algorithm>
#include <functional>

#include "canvas/mesh_editor.h"
#include "model/hosts.h"
#include "model/service_registry.h"

namespace ms::studio {

namespace {

using CallMatch = std::function<bool(const std::string& workload, const std::string& ns, const model::DownstreamCall&)>;

// Calls `f(workload, namespace, behaviour)` for every behaviour a design gives a workload.
template <class Design, class F>
void forEachBehaviour(Design& d, F&& f) {
  for (auto& s : d.services)
    for (auto& w : s.workloads)
      if (w.behaviour) f(model::designWorkloadName(s, w), s.namespace_.value_or("default"), *w.behaviour);
  for (auto& b : d.behaviours)
    if (b.behaviour && b.workload) f(*b.workload, b.namespace_.value_or("default"), *b.behaviour);
}

bool reaches(const model::DownstreamCall& call, const std::string& ns, const std::vector<std::string>& hosts) {
  const std::string fqdn = model::resolveHost(call.service.value_or(""), ns);
  return std::any_of(hosts.begin(), hosts.end(), [&](const std::string& h) { return model::hostMatches(h, fqdn); });
}

void removeCalls(MeshEditor& ed, const CallMatch& match) {
  const model::MeshDesign* current = ed.mesh().design();
  if (!current) return;
  bool any = false;
  forEachBehaviour(*current, [&](const std::string& w, const std::string& ns, const model::Behaviour& b) {
    if (b.calls)
      for (const auto& t : b.calls->targets) any |= match(w, ns, t);
  });
  if (!any) return;
  forEachBehaviour(ed.design(), [&](const std::string& w, const std::string& ns, model::Behaviour& b) {
    if (!b.calls) return;
    std::erase_if(b.calls->targets, [&](const model::DownstreamCall& t) { return match(w, ns, t); });
    if (b.calls->targets.empty() && !b.calls->mode) b.calls.reset();
  });
}

void removeCallsTo(MeshEditor& ed, const std::vector<std::string>& hosts) {
  if (hosts.empty()) return;
  removeCalls(ed, [&](const std::string&, const std::string& ns, const model::DownstreamCall& c) { return reaches(c, ns, hosts); });
}

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

void deleteService(MeshEditor& ed, const GraphNode& n) {
  if (n.designed) {
    std::erase_if(ed.design().services, [&](const model::DesignService& s) {
      return s.name == n.name && s.namespace_.value_or("default") == n.namespace_;
    });
    return;
  }
  ed.erase(n.refs.front());
  for (const auto& ref : n.refs)
    if (startsWith(ref, "Deployment/") || startsWith(ref, "Pod/")) ed.erase(ref);
  const model::MeshDesign* current = ed.mesh().design();
  auto ownBehaviour = [&](const model::WorkloadBehaviour& b) {
    return b.namespace_.value_or("default") == n.namespace_ &&
           std::any_of(n.versions.begin(), n.versions.end(), [&](const NodeVersion& v) { return b.workload == v.workload; });
  };
  if (current && std::any_of(current->behaviours.begin(), current->behaviours.end(), ownBehaviour))
    std::erase_if(ed.design().behaviours, ownBehaviour);
}

void deleteNode(MeshEditor& ed, const GraphNode& n) {
  removeCallsTo(ed, hostsOf(ed.mesh(), n));
  if (n.kind == NodeKind::Service) deleteService(ed, n);
  else ed.erase(n.refs.front());
  ed.removePosition(n.id);
}

// Takes the destinations that reach `hosts` out of a VirtualService's http routes.
void deleteRouteEdge(MeshEditor& ed, const GraphEdge& e, const std::vector<std::string>& hosts) {
  const int index = ed.indexOf(e.refs.front());
  if (index < 0) return;
  model::Resource& r = ed.modify(index);
  auto* vs = r.as<model::VirtualService>();
  if (!vs) return;
  auto toTarget = [&](const model::HttpRouteDestination& d) {
    return d.destination && d.destination->host &&
           std::any_of(hosts.begin(), hosts.end(), [&](const std::string& h) {
             return model::hostMatches(h, model::resolveHost(*d.destination->host, r.meta.namespace_));
           });
  };
  for (auto& route : vs->http) {
    std::erase_if(route.route, toTarget);
    if (route.route.size() == 1) route.route.front().weight.reset();
  }
  std::erase_if(vs->http, [](const model::HttpRoute& h) { return h.route.empty() && !h.redirect && !h.directResponse; });
  if (vs->http.empty() && vs->tcp.empty() && vs->tls.empty()) ed.erase(index);
}

void deleteEdge(MeshEditor& ed, const CanvasGraph& graph, const GraphEdge& e) {
  const GraphNode* to = graph.node(e.to);
  const GraphNode* from = graph.node(e.from);
  if (!to || !from) return;
  const std::vector<std::string> hosts = hostsOf(ed.mesh(), *to);
  if (e.kind != EdgeKind::Call) return deleteRouteEdge(ed, e, hosts);
  removeCalls(ed, [&](const std::string& w, const std::string& ns, const model::DownstreamCall& c) {
    return ns == from->namespace_ && std::count(e.callers.begin(), e.callers.end(), w) && reaches(c, ns, hosts);
  });
}

// How a workload in `ns` names the target of a new call.
std::string callName(const model::Mesh& mesh, const GraphNode& target, const std::string& ns) {
  if (target.kind == NodeKind::External) {
    const auto hosts = hostsOf(mesh, target);
    return hosts.empty() ? target.name : hosts.front();
  }
  if (target.namespace_ == ns) return target.name;
  return target.name + "." + target.namespace_;
}

model::DownstreamCall newCall(const model::Mesh& mesh, const GraphNode& target, const std::string& ns) {
  model::DownstreamCall call;
  call.service = callName(mesh, target, ns);
  const model::ServiceRegistry registry(mesh);
  if (const auto* s = registry.findHost(*call.service, ns); s && !s->ports.empty()) call.port = s->ports.front().port;
  call.path = std::string(1, '/');  // not = "/": GCC 12 warns falsely (-Wrestrict) on that
  return call;
}

void addCallTo(model::Behaviour& b, const model::DownstreamCall& call, const std::vector<std::string>& hosts,
               const std::string& ns) {
  if (!b.calls) b.calls = model::CallPlan{};
  const auto& targets = b.calls->targets;
  if (std::none_of(targets.begin(), targets.end(), [&](const auto& t) { return reaches(t, ns, hosts); }))
    b.calls->targets.push_back(call);
}

std::vector<ResourceOp> connectService(const model::Mesh& mesh, const CanvasGraph& graph, const GraphNode& a,
                                       const GraphNode& b) {
  const GraphEdge* existing = graph.edge("call:" + a.id + ">" + b.id);
  const bool allCall = existing && std::all_of(a.versions.begin(), a.versions.end(), [&](const NodeVersion& v) {
    return std::count(existing->callers.begin(), existing->callers.end(), v.workload) > 0;
  });
  if (a.versions.empty() || allCall) return {};
  MeshEditor ed(mesh);
  const auto hosts = hostsOf(mesh, b);
  const model::DownstreamCall call = newCall(mesh, b, a.namespace_);
  model::MeshDesign& design = ed.design();
  for (const NodeVersion& v : a.versions) {
    model::Behaviour* behaviour = nullptr;
    for (auto& s : design.services)
      for (auto& w : s.workloads)
        if (s.namespace_.value_or("default") == a.namespace_ && model::designWorkloadName(s, w) == v.workload)
          behaviour = &(w.behaviour ? *w.behaviour : w.behaviour.emplace());
    for (auto& wb : design.behaviours)
      if (!behaviour && wb.workload == v.workload && wb.namespace_.value_or("default") == a.namespace_)
        behaviour = &(wb.behaviour ? *wb.behaviour : wb.behaviour.emplace());
    if (!behaviour) {
      model::WorkloadBehaviour wb;
      wb.workload = v.workload;
      if (a.namespace_ != "default") wb.namespace_ = a.namespace_;
      behaviour = &design.behaviours.emplace_back(std::move(wb)).behaviour.emplace();
    }
    addCallTo(*behaviour, call, hosts, a.namespace_);
  }
  return ed.ops();
}

// A VirtualService bound to the gateway that routes its traffic to `b`.
std::vector<ResourceOp> connectGateway(const model::Mesh& mesh, const CanvasGraph& graph, const GraphNode& gateway,
                                       const GraphNode& b) {
  if (graph.edge("ingress:" + gateway.id + ">" + b.id)) return {};
  MeshEditor ed(mesh);
  const std::string ns = b.kind == NodeKind::Service ? b.namespace_ : gateway.namespace_;
  model::Resource r = newResource(model::Kind::VirtualService, ns,
                                  ed.uniqueName("VirtualService", ns, gateway.name + "-" + b.name));
  model::VirtualService vs;
  std::string host = "*";
  if (const auto* g = mesh.find(model::Kind::Gateway, gateway.namespace_, gateway.name))
    for (const auto& server : g->as<model::Gateway>()->servers)
      if (!server.hosts.empty() && host == "*") host = server.hosts.front();
  const auto slash = host.find('/');  // "ns/host" form
  vs.hosts = {slash == std::string::npos ? host : host.substr(slash + 1)};
  vs.gateways = {gateway.namespace_ == ns ? gateway.name : gateway.namespace_ + "/" + gateway.name};
  model::HttpRouteDestination d;
  const model::DownstreamCall call = newCall(mesh, b, ns);
  d.destination = model::Destination{call.service, {}, {}};
  if (call.port) d.destination->port = model::PortSelector{call.port};
  vs.http.emplace_back().route.push_back(std::move(d));
  r.spec = std::move(vs);
  ed.add(std::move(r));
  return ed.ops();
}

}  // namespace

std::vector<std::string> hostsOf(const model::Mesh& mesh, const GraphNode& node) {
  if (node.kind == NodeKind::Service) return {model::resolveHost(node.name, node.namespace_)};
  std::vector<std::string> out;
  if (node.kind != NodeKind::External) return out;
  if (const auto* r = mesh.find(model::Kind::ServiceEntry, node.namespace_, node.name))
    for (const auto& h : r->as<model::ServiceEntry>()->hosts) out.push_back(model::resolveHost(h, node.namespace_));
  return out;
}

std::vector<ResourceOp> deleteOps(const model::Mesh& mesh, const CanvasGraph& graph, const std::vector<std::string>& ids) {
  MeshEditor ed(mesh);
  for (const auto& id : ids) {
    if (const GraphNode* n = graph.node(id)) deleteNode(ed, *n);
    else if (const GraphEdge* e = graph.edge(id)) deleteEdge(ed, graph, *e);
  }
  return ed.ops();
}

std::vector<ResourceOp> connectOps(const model::Mesh& mesh, const CanvasGraph& graph, const std::string& from,
                                   const std::string& to) {
  const GraphNode* a = graph.node(from);
  const GraphNode* b = graph.node(to);
  if (!a || !b || a == b || b->kind == NodeKind::Gateway) return {};
  if (a->kind == NodeKind::Service) return connectService(mesh, graph, *a, *b);
  if (a->kind == NodeKind::Gateway) return connectGateway(mesh, graph, *a, *b);
  return {};
}

}  // namespace ms::studio
