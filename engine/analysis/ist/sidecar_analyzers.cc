// IST0101 (selector) and IST0110 as Istio's sidecar.SelectorAnalyzer; IST0111 as its
// sidecar.DefaultSelectorAnalyzer.
#include <map>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;
using Resources = std::vector<const model::Resource*>;

std::string bracketedNames(const Resources& sidecars) {
  std::vector<std::string> names;
  for (const model::Resource* r : sidecars) names.push_back(r->meta.name);
  return "[" + join(names, " ") + "]";
}

// Sidecars with a non-empty selector must select a pod of their namespace; a pod selected by
// several of them gets conflicting configuration.
void checkSelectors(const Context& ctx, const Resources& sidecars) {
  std::map<const model::RegistryWorkload*, Resources> sidecarsOfPod;
  for (const model::Resource* r : sidecars) {
    const auto& sc = *r->as<model::Sidecar>();
    if (!sc.workloadSelector || sc.workloadSelector->labels.empty()) continue;
    const auto& labels = sc.workloadSelector->labels;
    const auto selected = ctx.registry.matching(r->meta.namespace_, labels);
    for (const model::RegistryWorkload* pod : selected) sidecarsOfPod[pod].push_back(r);
    if (selected.empty())
      ctx.report("IST0101", Level::Error, *r,
                 "spec.workloadSelector.labels." + labels.begin()->first,
                 "Referenced selector not found: \"" + selectorString(labels) + "\"");
  }
  for (const auto& [pod, list] : sidecarsOfPod) {
    if (list.size() < 2) continue;
    for (const model::Resource* r : list)
      ctx.report("IST0110", Level::Error, *r, "metadata.name",
                 "The Sidecars " + bracketedNames(list) + " in namespace \"" + pod->namespace_ +
                     "\" select the same workload pod \"" + pod->name +
                     "\", which can lead to undefined behavior.");
  }
}

// At most one Sidecar per namespace may leave out workloadSelector.
void checkDefaults(const Context& ctx, const Resources& sidecars) {
  std::map<std::string, Resources> byNamespace;
  for (const model::Resource* r : sidecars)
    if (!r->as<model::Sidecar>()->workloadSelector) byNamespace[r->meta.namespace_].push_back(r);
  for (const auto& [ns, list] : byNamespace) {
    if (list.size() < 2) continue;
    for (const model::Resource* r : list)
      ctx.report("IST0111", Level::Error, *r, "metadata.name",
                 "The Sidecars " + bracketedNames(list) + " in namespace \"" + ns +
                     "\" have no workload selector, which can lead to undefined behavior.");
  }
}

}  // namespace

void analyzeSidecars(const Context& ctx) {
  const Resources sidecars = ctx.mesh.ofKind(model::Kind::Sidecar);
  checkSelectors(ctx, sidecars);
  checkDefaults(ctx, sidecars);
}

}  // namespace ms::analysis::ist
