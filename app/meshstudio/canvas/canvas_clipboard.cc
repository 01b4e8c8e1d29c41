#include "canvas/canvas_clipboard.h"

#include <algorithm>
#include <map>

#include "canvas/canvas_badges.h"
#include "canvas/mesh_editor.h"
#include "istio/exporter.h"
#include "istio/importer.h"

namespace ms::studio {

namespace {

void appendDocument(std::string& text, const model::Resource& r) {
  if (!text.empty()) text += "---\n";
  text += istio::writeResource(r);
}

const model::DesignService* designService(const model::Mesh& mesh, const GraphNode& n) {
  const model::MeshDesign* d = mesh.design();
  if (!d) return nullptr;
  for (const auto& s : d->services)
    if (s.name == n.name && s.namespace_.value_or("default") == n.namespace_) return &s;
  return nullptr;
}

// Refs a node copies besides a design entry: its own resource and, for a Kubernetes Service,
// the workloads it draws.
std::vector<std::string> copiedRefs(const GraphNode& n) {
  std::vector<std::string> out;
  if (!n.designed) out.push_back(n.refs.front());
  for (const auto& ref : n.refs)
    if (n.kind == NodeKind::Service && !n.designed && (ref.rfind("Deployment/", 0) == 0 || ref.rfind("Pod/", 0) == 0))
      out.push_back(ref);
  return out;
}

std::string copyName(MeshEditor& ed, const std::string& kindName, const std::string& ns, const std::string& name) {
  return ed.nameFree(kindName, ns, name) ? name : ed.uniqueName(kindName, ns, name + "-copy");
}

}  // namespace

std::string copyText(const model::Mesh& mesh, const CanvasGraph& graph, const std::vector<std::string>& ids,
                     const NodePositions& positions) {
  model::Resource clip = newResource(model::Kind::MeshDesign, "default", "clipboard");
  model::MeshDesign design;
  std::vector<std::string> refs;
  for (const auto& id : ids) {
    if (const GraphNode* n = graph.node(id)) {
      if (const model::DesignService* s = n->designed ? designService(mesh, *n) : nullptr) design.services.push_back(*s);
      for (const auto& ref : copiedRefs(*n))
        if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
      if (const auto it = positions.find(id); it != positions.end())
        design.canvas.push_back({id, it->second.x(), it->second.y()});
    } else if (const GraphEdge* e = graph.edge(id); e && e->kind != EdgeKind::Call && !e->refs.empty()) {
      if (std::find(refs.begin(), refs.end(), e->refs.front()) == refs.end()) refs.push_back(e->refs.front());
    }
  }
  std::string text;
  if (!design.services.empty() || !design.canvas.empty()) {
    clip.spec = std::move(design);
    appendDocument(text, clip);
  }
  for (const auto& ref : refs)
    for (const auto& r : mesh.resources)
      if (resourceRef(r) == ref) appendDocument(text, r);
  return text;
}

Paste pasteOps(const model::Mesh& mesh, const std::string& text, double dx, double dy) {
  model::Mesh pasted;
  model::Diagnostics ignored;
  istio::importText(text, "clipboard", pasted, ignored);
  MeshEditor ed(mesh);
  std::map<std::string, std::string> renamed;  // old node id -> new node id
  const model::MeshDesign* clipDesign = nullptr;
  for (auto& r : pasted.resources) {
    if (const auto* d = r.as<model::MeshDesign>()) {
      clipDesign = d;
      for (model::DesignService s : d->services) {
        const std::string ns = s.namespace_.value_or("default");
        const std::string name = copyName(ed, "Service", ns, s.name.value_or("service"));
        renamed[nodeId("Service", ns, s.name.value_or(""))] = nodeId("Service", ns, name);
        s.name = name;
        for (auto& w : s.workloads) w.name.reset();  // SERVICE-VERSION follows the new name
        ed.design().services.push_back(std::move(s));
      }
      continue;
    }
    const std::string name = copyName(ed, r.kindName, r.meta.namespace_, r.meta.name);
    renamed[resourceRef(r)] = nodeId(r.kindName, r.meta.namespace_, name);
    renameResource(r, name);
    ed.add(r);
  }
  Paste out;
  for (const auto& [from, to] : renamed)
    if (to.rfind("Service/", 0) == 0 || to.rfind("Gateway/", 0) == 0 || to.rfind("ServiceEntry/", 0) == 0)
      out.nodeIds.push_back(to);
  if (clipDesign)
    for (const auto& p : clipDesign->canvas)
      if (const auto it = renamed.find(p.ref.value_or("")); it != renamed.end() && p.x && p.y)
        ed.setPosition(it->second, *p.x + dx, *p.y + dy);
  if (!ed.empty()) out.ops = ed.ops();
  return out;
}

}  // namespace ms::studio
