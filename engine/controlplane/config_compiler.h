#pragma once

#include <map>
#include <string>

#include "controlplane/placement.h"
#include "controlplane/proxy_config.h"
#include "model/mesh.h"

namespace ms::controlplane {

// Compiles the mesh into one proxy config per placed pod or gateway (by pod name), as
// istiod does for Envoy. `version` goes into every config.
std::map<std::string, ProxyConfig> compileConfigs(const model::Mesh& mesh, const Placement& placement,
                                                  const std::string& version);

// The config as the YAML file meshproxy reads.
std::string toYaml(const ProxyConfig& config);

}  // namespace ms::controlplane
