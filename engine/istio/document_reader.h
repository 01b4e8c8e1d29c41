#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>

#include "istio/read_context.h"
#include "model/resource.h"

namespace ms::istio {

// Reads one parsed YAML document into a Resource; nullopt for an empty document or one that
// is not an object at all (reported).
std::optional<model::Resource> readDocument(const YAML::Node& root, ReadContext& ctx,
                                            const std::string& defaultNamespace);

}  // namespace ms::istio
