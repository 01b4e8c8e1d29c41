#pragma once

// Helpers shared by the istioctl analyze analyzers. Each mirrors a function of Istio's
// pkg/config/analysis/analyzers/util (or pkg/config/host), so that our analyzers see hosts,
// scopes and selectors exactly as istioctl does, quirks included.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analysis/context.h"

namespace ms::analysis::ist {

// util.ConvertHostToFQDN: only a name without dots (and not a wildcard) gets
// ".<ns>.svc.cluster.local"; "reviews.default" stays as written.
std::string toFqdn(const std::string& host, const std::string& ns);

// host.Name.Matches: the two host names overlap, either may be a wildcard.
bool hostNamesMatch(const std::string& a, const std::string& b);

// labels.SelectorFromSet(...).String(): "app=a,version=v1", keys sorted.
std::string selectorString(const model::Labels& labels);

// Kubernetes' selector match of `selector` on `labels` (an empty selector matches all).
bool selects(const model::Labels& selector, const model::Labels& labels);

// Go's %v of an int slice: "[80 443]".
std::string intList(const std::vector<std::int64_t>& values);

// Go's strings.Join(names, sep).
std::string join(const std::vector<std::string>& names, const char* sep);

// The mesh's root namespace: istioctl analyze loads a default MeshConfig, whose
// rootNamespace is istio-system.
inline constexpr const char* kRootNamespace = "istio-system";

// A service as util.InitServiceEntryHostMap records it: a ServiceEntry, or a Kubernetes-like
// Service converted to one (no workload selector, its port numbers).
struct KnownService {
  std::vector<std::int64_t> ports;
  model::Labels workloadSelector;  // only ServiceEntries have one
};

// util.InitServiceEntryHostMap + util.GetDestinationHost: services by "scope/fqdn", where scope
// is "*" or the namespace the host is visible in (exportTo, or the networking.istio.io/exportTo
// annotation on a Service).
class ServiceHostIndex {
 public:
  explicit ServiceHostIndex(const Context& ctx);

  // The service `host` names, seen from `sourceNs` with the referrer's exportTo; nullptr if none.
  const KnownService* find(const std::string& sourceNs, const model::Strings& exportTo,
                           const std::string& host) const;

 private:
  void addServiceEntries(const Context& ctx);
  void addServices(const Context& ctx);
  void add(const std::string& scope, const std::string& fqdn, const KnownService& service);

  std::map<std::string, KnownService> byScopedFqdn_;
  std::map<std::string, KnownService> wildcards_;  // the entries whose host starts with "*"
};

// Namespaces the input defines, with whether their istio-injection label is "enabled".
using NamespaceInjection = std::map<std::string, bool>;
NamespaceInjection namespaceInjection(const Context& ctx);

// util.DeploymentInMesh / PodInMesh: an istio-proxy container means injected; else the
// sidecar.istio.io/inject annotation decides, else the namespace's istio-injection label, when
// the input has that Namespace; otherwise not in the mesh. MeshDesign workloads are in the
// mesh unless marked `injected: false`.
bool inMesh(const NamespaceInjection& namespaces, const model::RegistryWorkload& workload);

}  // namespace ms::analysis::ist
