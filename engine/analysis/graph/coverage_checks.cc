// Checks of what traffic can reach: services nobody calls, weights to empty subsets.
#include <boost/graph/breadth_first_search.hpp>

#include "analysis/graph/design_paths.h"
#include "analysis/graph/path_checks.h"
#include "model/hosts.h"

#include <unordered_map>

namespace ms::analysis {

namespace {

using SubsetIndex = std::unordered_multimap<std::string, const model::DestinationRule*>;

SubsetIndex indexDestinationRules(const model::Mesh& mesh) {
  SubsetIndex index;
  for (const model::Resource& r : mesh.resources)
    if (const auto* dr = r.as<model::DestinationRule>(); dr && dr->host)
      index.emplace(model::resolveHost(*dr->host, r.meta.namespace_), dr);
  return index;
}

const model::Subset* findSubset(const SubsetIndex& index, const std::string& fqdn, const std::string& name) {
  auto [it, end] = index.equal_range(fqdn);
  for (; it != end; ++it)
    for (const model::Subset& s : it->second->subsets)
      if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

void checkReachability(const Context& ctx, const CallGraph& graph) {
  const auto entries = graph.entryPoints();
  if (!graph.hasCalls() || entries.empty()) return;  // without calls and entries we know too little
  std::vector<boost::default_color_type> colors(boost::num_vertices(graph.graph()));
  auto colorMap = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph.graph()));
  for (size_t entry : entries)
    if (colors[entry] == boost::white_color)
      boost::breadth_first_visit(graph.graph(), entry, boost::color_map(colorMap));
  for (size_t v = 0; v < colors.size(); ++v) {
    const model::RegistryService& s = *graph.serviceAt(v);
    if (colors[v] != boost::white_color || s.external || !s.source || s.namespace_ == "istio-system") continue;
    if (ctx.registry.selectedBy(s).empty()) continue;  // no workloads: nothing to reach
    ctx.report("MS0005", model::Level::Warning, *s.source, servicePath(ctx.mesh, s),
               "unreachable service: nothing reaches " + s.name +
                   " (no gateway route, no load and no caller targets it); connect it or remove it");
  }
}

void checkSubsetWeights(const Context& ctx) {
  const SubsetIndex rules = indexDestinationRules(ctx.mesh);
  for (const model::Resource& r : ctx.mesh.resources) {
    const auto* vs = r.as<model::VirtualService>();
    if (!vs) continue;
    for (size_t i = 0; i < vs->http.size(); ++i) {
      const auto& route = vs->http[i].route;
      for (size_t j = 0; j < route.size(); ++j) {
        const auto& d = route[j].destination;
        const bool getsTraffic = route.size() == 1 || route[j].weight.value_or(0) > 0;
        if (!getsTraffic || !d || !d->host || !d->subset) continue;
        const model::RegistryService* service = ctx.registry.findHost(*d->host, r.meta.namespace_);
        if (!service || service->external || ctx.registry.selectedBy(*service).empty()) continue;
        const model::Subset* subset = findSubset(rules, service->host, *d->subset);
        if (!subset) continue;  // a missing subset is IST0101's
        model::Labels labels = service->selector;
        labels.insert(subset->labels.begin(), subset->labels.end());
        if (!ctx.registry.matching(service->namespace_, labels).empty()) continue;
        const std::string path = "spec.http[" + std::to_string(i) + "].route[" + std::to_string(j) + "]";
        ctx.report("MS0006", model::Level::Error, r, path + ".destination.subset",
                   "weight " + std::to_string(route[j].weight.value_or(100)) + " goes to subset " +
                       *d->subset + " of " + service->name +
                       ", which selects no workload: those requests fail with 503 UH");
      }
    }
  }
}

}  // namespace ms::analysis
