#include "document/object_lines.h"

#include "document/design_document.h"

namespace ms::studio {

ObjectLines objectLines(const model::Mesh& parsed) {
  ObjectLines out;
  for (const model::Resource& r : parsed.resources) {
    if (r.where.known()) out.emplace(DesignDocument::refOf(r), r.where.line);
    const auto* design = r.as<model::MeshDesign>();
    if (!design) continue;
    for (size_t i = 0; i < design->services.size(); ++i) {
      const model::DesignService& s = design->services[i];
      const model::SourceLocation at = r.at("spec.services[" + std::to_string(i) + "]");
      if (s.name && at.known())
        out.emplace("Service/" + s.namespace_.value_or("default") + "/" + *s.name, at.line);
    }
  }
  return out;
}

}  // namespace ms::studio
