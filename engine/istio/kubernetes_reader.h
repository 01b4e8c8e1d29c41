#pragma once

#include "istio/read_context.h"

namespace ms::istio {

// Fills the typed view (Service ports and selector, workload pods) of a Kubernetes object
// from its raw document (Resource::raw).
void readKubernetesSpec(model::Resource& resource, ReadContext& ctx);

}  // namespace ms::istio
