#pragma once

#include <string>

#include "model/mesh_design.h"

namespace ms::runtime {

// A design Behaviour in meshworkload's own YAML (its --behaviour file and admin endpoint):
// durations become milliseconds, a lognormal's mean/stddev become mu/sigma of ln(ms).
std::string workloadBehaviourYaml(const model::Behaviour& behaviour);

}  // namespace ms::runtime
