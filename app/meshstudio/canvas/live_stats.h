#pragma once
// Run mode's numbers on the canvas: the live edges the runtime measures (source workload ->
// destination service, like istio_requests_total's labels) folded onto the canvas's edges.
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "canvas/canvas_graph.h"

namespace ms::studio {

struct LiveEdgeStats {
  double rps = 0;
  double errorPercent = 0;
  double p99Ms = NAN;  // NAN: not measured
  bool mtls = false;
};

// (source workload, destination service). The destination may be spelled as a short name
// ("reviews"), name.namespace, an FQDN or a ServiceEntry host.
using LiveEdgeKey = std::pair<std::string, std::string>;
using LiveEdges = std::map<LiveEdgeKey, LiveEdgeStats>;

// The traffic an edge carries: the sum over its callers (errors weighted by rate, the worst
// p99, mTLS only if every part is); nullopt when no live edge matches.
std::optional<LiveEdgeStats> liveStatsFor(const GraphEdge& edge, const GraphNode& target,
                                          const std::vector<std::string>& targetHosts, const LiveEdges& live);

// All the traffic into a node, from every caller (the node's inbound success rate, as Kiali
// judges a service's health); nullopt when no live edge names it.
std::optional<LiveEdgeStats> inboundStatsFor(const GraphNode& target, const std::vector<std::string>& targetHosts,
                                             const LiveEdges& live);

// Pods outlier detection ejects now -> the callers (pods) whose proxies eject them.
using PodEjections = std::map<std::string, std::vector<std::string>>;

// "12.5 rps · 0.4% · p99 38 ms"
std::string liveLabel(const LiveEdgeStats& stats);

}  // namespace ms::studio
