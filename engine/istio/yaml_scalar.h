#pragma once

#include <yaml-cpp/yaml.h>

#include "model/value.h"

namespace ms::istio {

// A YAML scalar resolved by the YAML 1.2 core schema, as the Kubernetes API server sees it:
// a quoted scalar is always a string; a plain one may be null, bool, int or float.
model::Value resolveScalar(const YAML::Node& scalar);

// Any YAML node as a free-form value (maps keep their key order). With a budget, each node
// costs one unit and reading stops (null) when it runs out: aliases can make a small file
// stand for billions of nodes.
model::Value toValue(const YAML::Node& node, long* budget = nullptr);

const char* yamlTypeName(const model::Value& value);

}  // namespace ms::istio
