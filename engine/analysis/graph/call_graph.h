#pragma once

// The design's call graph: services as vertices; an edge for each downstream call a workload
// makes, with the route policy (timeout, retries) its sidecar applies to that call.

#include <boost/graph/adjacency_list.hpp>

#include <optional>
#include <string>
#include <vector>

#include "model/mesh.h"
#include "model/service_registry.h"

namespace ms::analysis {

struct RoutePolicy {
  const model::Resource* virtualService = nullptr;  // nullptr: no VirtualService for the host
  std::string routePath;                             // "spec.http[0]" in that VirtualService
  std::optional<double> timeout;                     // route timeout, seconds
  std::optional<double> perTryTimeout;
  std::int64_t retries = 0;                          // explicitly configured retry attempts
  std::vector<const model::HttpRouteDestination*> destinations;
};

struct CallEdge {
  const model::RegistryWorkload* caller = nullptr;
  const model::DownstreamCall* call = nullptr;
  size_t callIndex = 0;          // position in the caller's call plan
  bool parallel = false;         // the caller's calls run in parallel
  std::optional<double> appTimeout;  // the caller's own timeout, seconds
  std::int64_t appRetries = 0;
  RoutePolicy route;

  // The longest the caller waits for this call, or nullopt when nothing bounds it.
  std::optional<double> deadline() const;
  // How many requests one call can become at this hop.
  std::int64_t tries() const { return (1 + appRetries) * (1 + route.retries); }
};

using CallGraphBase = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                            const model::RegistryService*, CallEdge>;

class CallGraph {
 public:
  CallGraph(const model::Mesh& mesh, const model::ServiceRegistry& registry);

  const CallGraphBase& graph() const { return graph_; }
  size_t vertexOf(const model::RegistryService* service) const;
  const model::RegistryService* serviceAt(size_t vertex) const { return graph_[vertex]; }
  bool hasCalls() const { return boost::num_edges(graph_) > 0; }

  // Services where requests enter: the load profile's target and gateway-bound hosts.
  std::vector<size_t> entryPoints() const;

  // The policy the sidecar applies to a request for `host` sent from namespace `ns`.
  RoutePolicy routeFor(const std::string& host, const std::string& ns) const;

 private:
  const model::Mesh& mesh_;
  const model::ServiceRegistry& registry_;
  CallGraphBase graph_;
};

}  // namespace ms::analysis
