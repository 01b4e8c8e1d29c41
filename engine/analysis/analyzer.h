#pragma once

#include "model/diagnostic.h"
#include "model/mesh.h"

namespace ms::analysis {

// Runs every check over the mesh: Istio's admission rules (IST0106), istioctl analyze's
// analyzers (IST codes), and MeshStudio's graph checks (MS codes). Sorted by file and line.
model::Diagnostics analyze(const model::Mesh& mesh);

}  // namespace ms::analysis
