#pragma once

#include <vector>

#include "model/mesh.h"

namespace ms::istio {

// Kubernetes ServiceAccounts, Services and Deployments for the services a MeshDesign draws,
// skipping any the mesh already has as Kubernetes objects.
std::vector<model::Resource> designManifests(const model::Mesh& mesh);

}  // namespace ms::istio
