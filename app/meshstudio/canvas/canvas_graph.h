#pragma once
// What the canvas draws, derived from the model and nothing else: services with their
// versions, gateways, external services, the calls and routes between them, and badges for
// the policies that apply. Pure data (no Qt), rebuilt whenever the model changes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/mesh.h"

namespace ms::studio {

enum class NodeKind { Service, Gateway, External };
// Call: a workload's downstream call. Route: a VirtualService sending a host's traffic to
// another host. Ingress: a gateway-bound VirtualService sending a gateway's traffic on.
enum class EdgeKind { Call, Route, Ingress };
enum class BadgeKind { Mtls, Retries, Timeout, CircuitBreaker, Fault, Authz };

struct Badge {
  BadgeKind kind = BadgeKind::Mtls;
  std::string text;     // short: "STRICT", "3x", "2s"
  std::string tooltip;  // what the policy does, and which resource says so
  std::string ref;      // that resource, Kind/namespace/name
};

struct NodeVersion {
  std::string version;   // the `version` label; empty when the workload has none
  std::string workload;  // Deployment (or design workload) name; pods are WORKLOAD-0, -1, ...
  std::int64_t replicas = 1;
  bool injected = true;
  std::optional<std::int64_t> weight;  // percent the host's VirtualService sends it, if it splits
};

struct GraphNode {
  std::string id;  // Service/ns/name, Gateway/ns/name or ServiceEntry/ns/name
  NodeKind kind = NodeKind::Service;
  std::string name, namespace_;
  // (label, text) lines: a service's ports ("http", "9080"), a gateway's servers
  // ("HTTP 80", "*"), an external service's hosts ("TLS 443", "api.example.com").
  std::vector<std::pair<std::string, std::string>> details;
  std::vector<NodeVersion> versions;
  std::vector<Badge> badges;
  // Resources that define or configure it, the defining one first (for a designed service,
  // the node id itself: it is an entry of the MeshDesign).
  std::vector<std::string> refs;
  bool designed = false;  // an entry of the MeshDesign's spec.services
};

struct RouteWeight {
  std::string destination;  // subset, or host when it names no subset
  std::int64_t weight = 0;
};

struct GraphEdge {
  std::string id;  // "call:FROM>TO", "route:FROM>TO", "ingress:FROM>TO"
  EdgeKind kind = EdgeKind::Call;
  std::string from, to;              // node ids
  std::vector<std::string> callers;  // source workloads, as live metrics name them
  std::vector<RouteWeight> weights;  // the split on this edge (empty: no split)
  std::vector<Badge> badges;
  std::string tooltip;
  std::vector<std::string> refs;  // Istio resources that shape this traffic (VirtualService first)

  std::string label() const;  // "v1 90% · v2 10%", or empty
  // What the inspector shows for the edge: its first resource, else the calling node.
  std::string primaryRef() const { return refs.empty() ? from : refs.front(); }
};

struct CanvasGraph {
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;

  const GraphNode* node(const std::string& id) const;
  const GraphEdge* edge(const std::string& id) const;
};

CanvasGraph buildCanvasGraph(const model::Mesh& mesh);

std::string nodeId(const std::string& kind, const std::string& ns, const std::string& name);

}  // namespace ms::studio
