#pragma once

#include <string>

#include "model/mesh.h"

namespace ms::istio {

struct ExportOptions {
  bool kubernetes = false;  // also Namespaces, ServiceAccounts, Services, Deployments
};

// The design as Istio YAML, in a stable order (kind, namespace, name) and format.
// MeshDesign documents are left out; objects MeshStudio does not model are written unchanged.
std::string exportYaml(const model::Mesh& mesh, const ExportOptions& options = {});

// One resource as a YAML document (without the leading "---").
std::string writeResource(const model::Resource& resource);

}  // namespace ms::istio
