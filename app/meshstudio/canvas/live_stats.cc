#include "canvas/live_stats.h"

#include <algorithm>
#include <cstdio>

namespace ms::studio {

namespace {

bool namesTarget(const std::string& destination, const GraphNode& target, const std::vector<std::string>& hosts) {
  if (destination == target.name || destination == target.name + "." + target.namespace_) return true;
  return std::find(hosts.begin(), hosts.end(), destination) != hosts.end();
}

std::string number(const char* format, double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// The live edges into `target` from the callers `takes` accepts, summed.
template <class Takes>
std::optional<LiveEdgeStats> sumInto(const GraphNode& target, const std::vector<std::string>& targetHosts,
                                     const LiveEdges& live, Takes takes) {
  std::optional<LiveEdgeStats> sum;
  double errors = 0;
  for (const auto& [key, stats] : live) {
    if (!takes(key.first) || !namesTarget(key.second, target, targetHosts)) continue;
    if (!sum) sum = LiveEdgeStats{0, 0, NAN, true};
    sum->rps += stats.rps;
    errors += stats.rps * stats.errorPercent;
    if (!std::isnan(stats.p99Ms)) sum->p99Ms = std::isnan(sum->p99Ms) ? stats.p99Ms : std::max(sum->p99Ms, stats.p99Ms);
    sum->mtls = sum->mtls && stats.mtls;
  }
  if (sum && sum->rps > 0) sum->errorPercent = errors / sum->rps;
  return sum;
}

}  // namespace

std::optional<LiveEdgeStats> liveStatsFor(const GraphEdge& edge, const GraphNode& target,
                                          const std::vector<std::string>& targetHosts, const LiveEdges& live) {
  return sumInto(target, targetHosts, live, [&](const std::string& caller) {
    return std::find(edge.callers.begin(), edge.callers.end(), caller) != edge.callers.end();
  });
}

std::optional<LiveEdgeStats> inboundStatsFor(const GraphNode& target, const std::vector<std::string>& targetHosts,
                                             const LiveEdges& live) {
  return sumInto(target, targetHosts, live, [](const std::string&) { return true; });
}

std::string liveLabel(const LiveEdgeStats& s) {
  std::string out = number(s.rps < 10 ? "%.1f rps" : "%.0f rps", s.rps);
  out += " \u00b7 " + number(s.errorPercent < 10 && s.errorPercent > 0 ? "%.1f%%" : "%.0f%%", s.errorPercent);
  if (!std::isnan(s.p99Ms)) out += " \u00b7 p99 " + number(s.p99Ms < 10 ? "%.1f ms" : "%.0f ms", s.p99Ms);
  return out;
}

}  // namespace ms::studio
