#pragma once

// The services and workloads a design has, however it declares them: Kubernetes Services,
// Deployments and Pods; MeshDesign services and their workloads; ServiceEntries. Like
// istiod's service registry, it is computed from the model, never edited.

#include <string>
#include <unordered_map>
#include <vector>

#include "model/mesh.h"

namespace ms::model {

struct RegistryPort {
  std::string name, protocol, targetPort;
  std::int64_t port = 0;
};

struct RegistryService {
  std::string name, namespace_, host;  // host: FQDN, or the ServiceEntry host
  Labels selector;
  std::vector<RegistryPort> ports;
  const Resource* source = nullptr;  // nullptr for the implicit ingress gateway
  bool external = false;             // from a ServiceEntry
};

struct RegistryWorkload {
  std::string name, namespace_, serviceAccount;
  Labels labels;
  std::int64_t replicas = 1;
  std::vector<std::int64_t> containerPorts;
  bool injected = true;
  const Resource* source = nullptr;
  const DesignWorkload* design = nullptr;  // for MeshDesign workloads
  const DesignService* designService = nullptr;
};

class ServiceRegistry {
 public:
  explicit ServiceRegistry(const Mesh& mesh);

  const std::vector<RegistryService>& services() const { return services_; }
  const std::vector<RegistryWorkload>& workloads() const { return workloads_; }

  // The service a host names, as seen from a resource in `fromNamespace`.
  const RegistryService* findHost(const std::string& host, const std::string& fromNamespace) const;
  std::vector<const RegistryService*> servicesMatching(const std::string& hostPattern,
                                                       const std::string& fromNamespace) const;

  std::vector<const RegistryWorkload*> selectedBy(const RegistryService& service) const;
  // Workloads in `ns` (any namespace if empty) whose labels include all of `labels`.
  std::vector<const RegistryWorkload*> matching(const std::string& ns, const Labels& labels) const;
  // Services (not external) whose selector picks the workload.
  std::vector<const RegistryService*> servicesOf(const RegistryWorkload& workload) const;

  // The Behaviour a workload runs with, from its design or a MeshDesign `behaviours` entry.
  const Behaviour* behaviourOf(const RegistryWorkload& workload) const;

 private:
  void addKubernetes(const Mesh& mesh);
  void addDesign(const Mesh& mesh);
  void addServiceEntries(const Mesh& mesh);
  void addImplicitIngressGateway();
  void buildIndexes();

  const MeshDesign* design_ = nullptr;
  // Lookups are per destination and per selector, so they must not scan everything.
  std::unordered_map<std::string, size_t> serviceByHost_;
  std::vector<size_t> wildcardServices_;  // external services with wildcard hosts
  std::unordered_map<std::string, std::vector<size_t>> workloadsByNamespace_;
  std::vector<RegistryService> services_;
  std::vector<RegistryWorkload> workloads_;
};

bool labelsInclude(const Labels& labels, const Labels& selector);

// The Deployment name of a design workload: its name, or SERVICE-VERSION.
std::string designWorkloadName(const DesignService& service, const DesignWorkload& workload);

}  // namespace ms::model
