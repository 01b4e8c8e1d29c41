#pragma once

// Where the runtime puts each proxy: the control plane's input besides the model, like the
// pod IPs istiod learns from Kubernetes. Every pod has its own loopback address.

#include <map>
#include <string>
#include <vector>

#include "model/service_registry.h"

namespace ms::controlplane {

inline constexpr int kOutboundPort = 15001;
inline constexpr int kInboundPort = 15006;
inline constexpr int kAdminPort = 15000;

struct PodPlacement {
  std::string name;                             // unique: reviews-v2-0, or httpbin-0.foo outside `default`
  const model::RegistryWorkload* workload = nullptr;
  std::string address;                          // 127.x.y.z
  int appPort = 0;                              // where the workload itself listens
  std::string certDir;                          // holds SA.crt, SA.key, ca.crt of the pod's namespace
  bool isGateway = false;                       // meshproxy alone, Gateway listeners
  std::string nodeId;                           // POD.NAMESPACE, as Istio names proxies
};

// A local process answering for a host outside the mesh (what DNS would resolve it to), so
// that ServiceEntry hosts work without the internet.
struct ExternalEndpoint {
  std::string address;
  int port = 0;
};

struct Placement {
  std::vector<PodPlacement> pods;
  std::string trustDomain = "cluster.local";
  std::map<std::string, ExternalEndpoint> externalHosts;  // host -> stand-in
};

// One pod per replica of every workload, and the ingress gateway, each on its own address
// 127.<subnet>.x.y in a stable order, so that reruns of a design get the same addresses.
// With `previous`, a re-plan after the design changed: pods that still exist keep their
// addresses, new ones take addresses no previous pod had (those may still be draining).
// The registry must outlive the placement.
Placement planPlacement(const model::ServiceRegistry& registry, const std::string& certDir, int subnet = 10,
                        const Placement* previous = nullptr);

// The name of a workload's pod: WORKLOAD-REPLICA, qualified with .NAMESPACE outside `default`
// (two namespaces may both have an `httpbin`).
std::string podName(const model::RegistryWorkload& workload, std::int64_t replica);

// The port a gateway listens on for a Gateway server port: privileged ports move up by
// 10000, since MeshStudio runs without root.
int gatewayListenPort(std::int64_t serverPort);

}  // namespace ms::controlplane
