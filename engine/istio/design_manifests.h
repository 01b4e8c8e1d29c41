#pragma once

#include <vector>

#include "model/mesh.h"

namespace ms::istio {

// Kubernetes ServiceAccounts, Services and Deployments for the services a MeshDesign draws,
// skipping any the mesh already has as Kubernetes objects.
std::vector<model::Resource> designManifests(const model::Mesh& mesh);

// The Deployment name of a design workload: its name, or SERVICE-VERSION.
std::string workloadName(const model::DesignService& service, const model::DesignWorkload& w);

}  // namespace ms::istio
