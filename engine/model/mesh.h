#pragma once

#include <vector>

#include "model/resource.h"

namespace ms::model {

// Everything a design holds: the one source of truth that YAML, canvas and proxy configs
// are views of.
struct Mesh {
  std::vector<Resource> resources;

  std::vector<const Resource*> ofKind(Kind kind) const;
  const Resource* find(Kind kind, const std::string& ns, const std::string& name) const;
  const MeshDesign* design() const;  // the first MeshDesign, if any
};

}  // namespace ms::model
