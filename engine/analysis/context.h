#pragma once

#include <string>

#include "model/diagnostic.h"
#include "model/mesh.h"
#include "model/service_registry.h"

namespace ms::analysis {

// What every check gets: the mesh, its service registry, and where findings go.
class Context {
 public:
  Context(const model::Mesh& mesh, const model::ServiceRegistry& registry,
          model::Diagnostics& out)
      : mesh(mesh), registry(registry), out_(out) {}

  // A finding about `resource`, placed at the field `path` ("spec.http[0].route[1]") or its
  // nearest recorded ancestor.
  void report(const char* code, model::Level level, const model::Resource& resource,
              const std::string& path, std::string message) const;

  const model::Mesh& mesh;
  const model::ServiceRegistry& registry;

 private:
  model::Diagnostics& out_;
};

}  // namespace ms::analysis
