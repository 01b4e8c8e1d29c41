// Checks along call paths: retry amplification, timeout budgets, cycles.
#include "analysis/graph/path_checks.h"

#include <boost/graph/depth_first_search.hpp>

#include <set>

#include "analysis/graph/design_paths.h"

namespace ms::analysis {

namespace {

constexpr std::int64_t kAmplificationLimit = 10;

using Edge = CallGraphBase::edge_descriptor;

struct AmplificationWalk {
  const Context& ctx;
  const CallGraph& graph;
  std::set<const CallEdge*> reported;
  std::vector<bool> onPath;

  void walk(size_t vertex, std::int64_t product, const std::string& path) {
    onPath[vertex] = true;
    for (auto [it, end] = boost::out_edges(vertex, graph.graph()); it != end; ++it) {
      const CallEdge& edge = graph.graph()[*it];
      const size_t next = boost::target(*it, graph.graph());
      if (onPath[next]) continue;  // cycles are MS0004's
      const std::int64_t total = product * edge.tries();
      const std::string hops = path + " -> " + graph.serviceAt(next)->name;
      if (total > kAmplificationLimit && reported.insert(&edge).second)
        ctx.report("MS0001", model::Level::Warning, *designResource(ctx.mesh), callPath(ctx.mesh, edge),
                   "retry amplification: one request along " + hops + " can become " +
                       std::to_string(total) + " requests to " + graph.serviceAt(next)->name +
                       " (more than " + std::to_string(kAmplificationLimit) +
                       "); retry at one hop only, or lower the attempts");
      else if (total <= kAmplificationLimit * kAmplificationLimit)
        walk(next, total, hops);
    }
    onPath[vertex] = false;
  }
};

// The longest a service can take to answer, from its calls' deadlines; nullopt: unbounded.
std::optional<double> worstCase(const CallGraph& graph, size_t vertex) {
  std::map<const model::RegistryWorkload*, std::pair<double, bool>> perCaller;  // time, bounded
  for (auto [it, end] = boost::out_edges(vertex, graph.graph()); it != end; ++it) {
    const CallEdge& edge = graph.graph()[*it];
    auto& [time, bounded] = perCaller.try_emplace(edge.caller, 0.0, true).first->second;
    const auto d = edge.deadline();
    if (!d) bounded = false;
    else time = edge.parallel ? std::max(time, *d) : time + *d;
  }
  double worst = 0;
  for (const auto& [caller, entry] : perCaller) {
    if (!entry.second) return std::nullopt;
    worst = std::max(worst, entry.first);
  }
  return worst;
}

void reportRouteBudget(const Context& ctx, const RoutePolicy& route) {
  if (!route.virtualService || !route.timeout || !route.perTryTimeout || route.retries <= 0) return;
  const double needed = *route.perTryTimeout * static_cast<double>(1 + route.retries);
  if (needed <= *route.timeout) return;
  ctx.report("MS0002", model::Level::Warning, *route.virtualService, route.routePath + ".timeout",
             "timeout budget: route timeout " + formatSeconds(*route.timeout) + " is shorter than " +
                 std::to_string(1 + route.retries) + " tries x perTryTimeout " +
                 formatSeconds(*route.perTryTimeout) + "; the last retries can never finish");
}

struct CycleFinder : boost::default_dfs_visitor {
  std::vector<Edge>* backEdges;
  void back_edge(Edge e, const CallGraphBase&) { backEdges->push_back(e); }
};

}  // namespace

const model::Resource* designResource(const model::Mesh& mesh) {
  for (const auto& r : mesh.resources)
    if (r.as<model::MeshDesign>()) return &r;
  return nullptr;
}

void checkRetryAmplification(const Context& ctx, const CallGraph& graph) {
  if (!graph.hasCalls()) return;
  AmplificationWalk walk{ctx, graph, {}, std::vector<bool>(boost::num_vertices(graph.graph()))};
  std::vector<size_t> starts = graph.entryPoints();
  if (starts.empty())
    for (size_t v = 0; v < boost::num_vertices(graph.graph()); ++v) starts.push_back(v);
  for (size_t v : starts) walk.walk(v, 1, graph.serviceAt(v)->name);
}

void checkTimeoutBudgets(const Context& ctx, const CallGraph& graph) {
  std::set<const model::Resource*> routesSeen;
  for (auto [it, end] = boost::edges(graph.graph()); it != end; ++it) {
    const CallEdge& edge = graph.graph()[*it];
    if (edge.route.virtualService && routesSeen.insert(edge.route.virtualService).second)
      reportRouteBudget(ctx, edge.route);
    const auto deadline = edge.deadline();
    if (!deadline) continue;
    const size_t callee = boost::target(*it, graph.graph());
    const auto needs = worstCase(graph, callee);
    const std::string what = describe(edge, *graph.serviceAt(callee));
    if (!needs)
      ctx.report("MS0003", model::Level::Warning, *designResource(ctx.mesh), callPath(ctx.mesh, edge),
                 "timeout budget: " + what + " gives up after " + formatSeconds(*deadline) + ", but " +
                     graph.serviceAt(callee)->name +
                     " calls on with no timeout, so its calls keep running after the caller gave up; "
                     "set a route timeout on its downstream calls");
    else if (*needs > *deadline)
      ctx.report("MS0002", model::Level::Warning, *designResource(ctx.mesh), callPath(ctx.mesh, edge),
                 "timeout budget: " + what + " gives up after " + formatSeconds(*deadline) + ", but " +
                     graph.serviceAt(callee)->name + " may need up to " + formatSeconds(*needs) +
                     " for its own calls with their retries");
  }
}

void checkCallCycles(const Context& ctx, const CallGraph& graph) {
  std::vector<Edge> backEdges;
  CycleFinder finder;
  finder.backEdges = &backEdges;
  boost::depth_first_search(graph.graph(), boost::visitor(finder));
  for (const Edge& e : backEdges) {
    const CallEdge& edge = graph.graph()[e];
    const auto* from = graph.serviceAt(boost::source(e, graph.graph()));
    const auto* to = graph.serviceAt(boost::target(e, graph.graph()));
    ctx.report("MS0004", model::Level::Warning, *designResource(ctx.mesh), callPath(ctx.mesh, edge),
               "call cycle: " + from->name + " calls " + to->name + ", which already leads back to " +
                   from->name + "; every request would loop until a timeout ends it");
  }
}

}  // namespace ms::analysis
