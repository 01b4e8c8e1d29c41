#include "canvas/mesh_editor.h"

#include <algorithm>
#include <cmath>

#include "canvas/canvas_badges.h"
#include "model/kind.h"
#include "model/service_registry.h"

namespace ms::studio {

model::Resource& MeshEditor::modify(int index) {
  auto it = changed_.find(index);
  if (it == changed_.end()) it = changed_.emplace(index, mesh_.resources.at(static_cast<size_t>(index))).first;
  return it->second;
}

model::MeshDesign& MeshEditor::design() {
  if (newDesign_) return *newDesign_->as<model::MeshDesign>();
  for (size_t i = 0; i < mesh_.resources.size(); ++i)
    if (mesh_.resources[i].kind == model::Kind::MeshDesign) return *modify(static_cast<int>(i)).as<model::MeshDesign>();
  model::Resource r = newResource(model::Kind::MeshDesign, "default", "design");
  r.spec = model::MeshDesign{};
  newDesign_ = std::move(r);
  return *newDesign_->as<model::MeshDesign>();
}

void MeshEditor::erase(int index) {
  if (index >= 0 && static_cast<size_t>(index) < mesh_.resources.size()) erased_.insert(index);
}

void MeshEditor::erase(const std::string& ref) { erase(indexOf(ref)); }

void MeshEditor::add(model::Resource resource) { added_.push_back(std::move(resource)); }

int MeshEditor::indexOf(const std::string& ref) const {
  for (size_t i = 0; i < mesh_.resources.size(); ++i)
    if (resourceRef(mesh_.resources[i]) == ref) return static_cast<int>(i);
  return -1;
}

bool MeshEditor::nameFree(const std::string& kindName, const std::string& ns, const std::string& name) const {
  auto clash = [&](const model::Resource& r) {
    return r.kindName == kindName && r.meta.namespace_ == ns && r.meta.name == name;
  };
  if (std::any_of(mesh_.resources.begin(), mesh_.resources.end(), clash)) return false;
  if (std::any_of(added_.begin(), added_.end(), clash)) return false;
  if (kindName != "Service") return true;
  // Designed services are Services too, in the MeshDesign (the edited one, if it changed).
  const model::MeshDesign* d = newDesign_ ? newDesign_->as<model::MeshDesign>() : nullptr;
  for (const auto& [index, r] : changed_)
    if (const auto* md = r.as<model::MeshDesign>()) d = md;
  if (!d) d = mesh_.design();
  if (!d) return true;
  return std::none_of(d->services.begin(), d->services.end(), [&](const model::DesignService& s) {
    return s.name == name && s.namespace_.value_or("default") == ns;
  });
}

std::string MeshEditor::uniqueName(const std::string& kindName, const std::string& ns, const std::string& base) const {
  if (nameFree(kindName, ns, base)) return base;
  for (int i = 2;; ++i)
    if (nameFree(kindName, ns, base + "-" + std::to_string(i))) return base + "-" + std::to_string(i);
}

void MeshEditor::setPosition(const std::string& ref, double x, double y) {
  auto& canvas = design().canvas;
  auto it = std::find_if(canvas.begin(), canvas.end(), [&](const auto& p) { return p.ref == ref; });
  if (it == canvas.end()) it = canvas.insert(canvas.end(), model::CanvasPosition{ref, {}, {}});
  it->x = std::round(x);
  it->y = std::round(y);
}

void MeshEditor::removePosition(const std::string& ref) {
  const model::MeshDesign* current = mesh_.design();
  const bool stored = current && std::any_of(current->canvas.begin(), current->canvas.end(),
                                             [&](const auto& p) { return p.ref == ref; });
  if (stored || newDesign_) std::erase_if(design().canvas, [&](const auto& p) { return p.ref == ref; });
}

std::vector<ResourceOp> MeshEditor::ops() const {
  std::vector<ResourceOp> out;
  for (const auto& [index, value] : changed_) {
    if (erased_.count(index)) continue;
    ResourceOp op;
    op.type = ResourceOp::Replace;
    op.index = index;
    op.value = value;
    out.push_back(std::move(op));
  }
  for (auto it = erased_.rbegin(); it != erased_.rend(); ++it) {
    ResourceOp op;
    op.type = ResourceOp::Erase;
    op.index = *it;
    out.push_back(std::move(op));
  }
  int size = static_cast<int>(mesh_.resources.size() - erased_.size());
  if (newDesign_) {
    ResourceOp op;
    op.type = ResourceOp::Insert;
    op.index = 0;
    op.value = *newDesign_;
    out.push_back(std::move(op));
    ++size;
  }
  for (const auto& r : added_) {
    ResourceOp op;
    op.type = ResourceOp::Insert;
    op.index = size++;
    op.value = r;
    out.push_back(std::move(op));
  }
  return out;
}

model::Resource newResource(model::Kind kind, const std::string& ns, const std::string& name) {
  model::Resource r;
  r.kind = kind;
  r.kindName = model::kindName(kind);
  r.apiVersion = model::preferredApiVersion(r.kindName);
  r.meta.name = name;
  r.meta.namespace_ = ns;
  r.meta.namespaceGiven = ns != "default";
  return r;
}

void renameResource(model::Resource& r, const std::string& name) {
  r.meta.name = name;
  if (!r.raw.isMap()) return;
  for (auto& [key, value] : r.raw.asMap())
    if (key == "metadata" && value.isMap())
      for (auto& [field, v] : value.asMap())
        if (field == "name") v = model::Value(name);
}

}  // namespace ms::studio
