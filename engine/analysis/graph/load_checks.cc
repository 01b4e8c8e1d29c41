// Checks of the load profile against circuit-breaker limits.
#include <boost/graph/topological_sort.hpp>

#include <cmath>

#include "analysis/graph/path_checks.h"
#include "analysis/validation/field_checks.h"
#include "model/duration.h"
#include "model/traffic_rules.h"

namespace ms::analysis {

namespace {

double meanSeconds(const std::optional<std::string>& d) {
  return d ? model::parseDurationSeconds(*d).value_or(0) : 0;
}

// Mean own latency of a service's workloads.
double ownLatency(const model::ServiceRegistry& registry, const model::RegistryService& s) {
  double total = 0;
  int count = 0;
  for (const auto* w : registry.selectedBy(s)) {
    const model::Behaviour* b = registry.behaviourOf(*w);
    if (!b || !b->latency) continue;
    const auto& l = *b->latency;
    total += l.distribution == "uniform" ? (meanSeconds(l.min) + meanSeconds(l.max)) / 2 : meanSeconds(l.mean);
    ++count;
  }
  return count ? total / count : 0;
}

struct PoolLimit {
  const model::Resource* rule = nullptr;
  std::int64_t accepted = 0;  // requests one client proxy can have in flight before UO
};

// Envoy's HTTP/1 pool: one request per connection, the rest wait in the pending queue.
std::optional<PoolLimit> poolLimit(const model::Mesh& mesh, const std::string& fqdn) {
  const model::Resource* rule = model::destinationRuleFor(mesh, fqdn);
  const auto* dr = rule ? rule->as<model::DestinationRule>() : nullptr;
  if (!dr || !dr->trafficPolicy || !dr->trafficPolicy->connectionPool) return std::nullopt;
  const auto& pool = *dr->trafficPolicy->connectionPool;
  const std::int64_t kUnlimited = 1LL << 32;
  const std::int64_t connections = pool.tcp && pool.tcp->maxConnections ? *pool.tcp->maxConnections : kUnlimited;
  const std::int64_t pending =
      pool.http && pool.http->http1MaxPendingRequests ? *pool.http->http1MaxPendingRequests : kUnlimited;
  const std::int64_t active = pool.http && pool.http->http2MaxRequests ? *pool.http->http2MaxRequests : kUnlimited;
  const std::int64_t accepted = std::min(connections + pending, active);
  if (accepted >= kUnlimited) return std::nullopt;
  return PoolLimit{rule, accepted};
}

}  // namespace

void checkCircuitBreakerLoad(const Context& ctx, const CallGraph& graph) {
  const model::MeshDesign* design = ctx.mesh.design();
  const auto entries = graph.entryPoints();
  if (!design || !design->load || entries.empty()) return;
  std::vector<size_t> order;
  try {
    boost::topological_sort(graph.graph(), std::back_inserter(order));
  } catch (const boost::not_a_dag&) {
    return;  // cycles are reported as MS0004; rates are undefined there
  }
  std::reverse(order.begin(), order.end());  // callers before callees
  const size_t n = boost::num_vertices(graph.graph());
  // Latency of each service including its calls (callees first).
  std::vector<double> latency(n, 0.0);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    double calls = 0;
    for (auto [e, end] = boost::out_edges(*it, graph.graph()); e != end; ++e)
      calls += latency[boost::target(*e, graph.graph())];
    latency[*it] = ownLatency(ctx.registry, *graph.serviceAt(*it)) + calls;
  }
  const auto& load = *design->load;
  std::vector<double> rate(n, 0.0);
  for (size_t entry : entries) {
    if (load.mode == "concurrency" && load.concurrency && latency[entry] > 0)
      rate[entry] = static_cast<double>(*load.concurrency) / latency[entry];
    else rate[entry] = load.rate.value_or(0);
  }
  for (size_t v : order)
    for (auto [e, end] = boost::out_edges(v, graph.graph()); e != end; ++e)
      rate[boost::target(*e, graph.graph())] += rate[v];
  for (size_t v = 0; v < n; ++v) {
    const model::RegistryService& s = *graph.serviceAt(v);
    const auto limit = poolLimit(ctx.mesh, s.host);
    const double inFlight = rate[v] * latency[v];  // Little's law
    if (!limit || inFlight <= static_cast<double>(limit->accepted)) continue;
    ctx.report("MS0007", model::Level::Warning, *limit->rule, "spec.trafficPolicy.connectionPool",
               "circuit breaker will trip: the load profile keeps about " +
                   std::to_string(static_cast<int>(std::lround(inFlight))) + " requests in flight to " +
                   s.name + " (" + std::to_string(static_cast<int>(std::lround(rate[v]))) +
                   " req/s x " + std::to_string(static_cast<int>(std::lround(latency[v] * 1000))) +
                   " ms), more than the " + std::to_string(limit->accepted) +
                   " this pool accepts; expect 503 UO");
  }
}

}  // namespace ms::analysis
