#pragma once

// What MeshStudio reads out of Kubernetes objects. The objects themselves are kept verbatim
// (Resource::raw) and exported unchanged; these typed views serve analysis and the runtime.

#include "model/fields.h"

namespace ms::model {

struct ServicePort {
  std::string name, protocol, appProtocol;
  std::int64_t port = 0;
  std::string targetPort;  // number or container port name; empty means `port`
  bool operator==(const ServicePort&) const = default;
};

struct KubernetesService {
  Labels selector;
  std::vector<ServicePort> ports;
  bool operator==(const KubernetesService&) const = default;
};

// A Deployment or a Pod: the pods it stands for.
struct KubernetesWorkload {
  std::int64_t replicas = 1;
  Labels podLabels, podAnnotations;
  std::string serviceAccount;  // "default" when unset
  std::vector<std::int64_t> containerPorts;
  bool operator==(const KubernetesWorkload&) const = default;
};

struct KubernetesNamespace {
  Labels labels;
  bool operator==(const KubernetesNamespace&) const = default;
};

}  // namespace ms::model
