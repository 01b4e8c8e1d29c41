#include "model/mesh.h"

namespace ms::model {

std::vector<const Resource*> Mesh::ofKind(Kind kind) const {
  std::vector<const Resource*> out;
  for (const Resource& r : resources)
    if (r.kind == kind) out.push_back(&r);
  return out;
}

const Resource* Mesh::find(Kind kind, const std::string& ns, const std::string& name) const {
  for (const Resource& r : resources)
    if (r.kind == kind && r.meta.namespace_ == ns && r.meta.name == name) return &r;
  return nullptr;
}

const MeshDesign* Mesh::design() const {
  for (const Resource& r : resources)
    if (const auto* d = r.as<MeshDesign>()) return d;
  return nullptr;
}

}  // namespace ms::model
