#pragma once

// Where the runtime puts each proxy: the control plane's input besides the model, like the
// pod IPs istiod learns from Kubernetes. Every pod has its own loopback address.

#include <string>
#include <vector>

#include "model/service_registry.h"

namespace ms::controlplane {

inline constexpr int kOutboundPort = 15001;
inline constexpr int kInboundPort = 15006;
inline constexpr int kAdminPort = 15000;

struct PodPlacement {
  std::string name;                             // e.g. reviews-v2-0
  const model::RegistryWorkload* workload = nullptr;
  std::string address;                          // 127.x.y.z
  int appPort = 0;                              // where the workload itself listens
  std::string certDir;                          // holds SA.crt, SA.key, ca.crt
  bool isGateway = false;                       // meshproxy alone, Gateway listeners
};

struct Placement {
  std::vector<PodPlacement> pods;
  std::string trustDomain = "cluster.local";
};

// One pod per replica of every workload, and the ingress gateway, each on its own address
// 127.<subnet>.x.y in a stable order, so that reruns of a design get the same addresses.
// The registry must outlive the placement.
Placement planPlacement(const model::ServiceRegistry& registry, const std::string& certDir, int subnet = 10);

// The port a gateway listens on for a Gateway server port: privileged ports move up by
// 10000, since MeshStudio runs without root.
int gatewayListenPort(std::int64_t serverPort);

}  // namespace ms::controlplane
