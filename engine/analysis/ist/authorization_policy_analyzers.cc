// IST0127 and IST0101 (namespace) as Istio's auth.AuthorizationPoliciesAnalyzer.
#include <algorithm>
#include <cctype>
#include <set>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;
using Pods = std::vector<const model::RegistryWorkload*>;

// Only pods with a sidecar count (initPodLabelsMap keeps in-mesh pods).
bool anyMeshPod(const Pods& meshPods, const std::string& ns, const model::Labels* selector) {
  return std::any_of(meshPods.begin(), meshPods.end(), [&](const model::RegistryWorkload* w) {
    return (ns.empty() || w->namespace_ == ns) && (!selector || selects(*selector, w->labels));
  });
}

// A policy in the root namespace applies mesh-wide: with a selector it needs a matching pod
// anywhere. Elsewhere a selectorless policy needs some pod in its namespace, and one with a
// selector a matching pod there.
void checkWorkloads(const Context& ctx, const Pods& meshPods, const model::Resource& r) {
  const auto& ap = *r.as<model::AuthorizationPolicy>();
  const model::Labels* selector = ap.selector ? &ap.selector->matchLabels : nullptr;
  const std::string& ns = r.meta.namespace_;
  const bool found = ns == kRootNamespace ? !selector || anyMeshPod(meshPods, "", selector)
                                          : anyMeshPod(meshPods, ns, selector);
  if (found) return;
  ctx.report("IST0127", Level::Warning, r, selector ? "spec.selector" : "metadata.name",
             "No matching workloads for this resource with the following labels: " +
                 (selector ? selectorString(*selector) : std::string()));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// namespaceMatch: "*", "prefix*", "*suffix", or the name (case-insensitive).
bool namespaceMatches(const std::string& ns, const std::string& pattern) {
  if (pattern == "*") return true;
  if (!pattern.empty() && pattern.front() == '*') {
    const std::string suffix = pattern.substr(1);
    return ns.size() >= suffix.size() &&
           ns.compare(ns.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  if (!pattern.empty() && pattern.back() == '*')
    return ns.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
  return lower(ns) == lower(pattern);
}

// The namespaces the input defines. Istio only knows Namespace objects; a namespace that
// holds any object of the input must exist too for it to apply, so those count as well.
std::set<std::string> knownNamespaces(const Context& ctx) {
  std::set<std::string> out = {kRootNamespace};
  for (const model::Resource& r : ctx.mesh.resources)
    out.insert(r.kind == model::Kind::Namespace ? r.meta.name : r.meta.namespace_);
  for (const model::RegistryService& s : ctx.registry.services()) out.insert(s.namespace_);
  return out;
}

void checkNamespaces(const Context& ctx, const std::set<std::string>& known,
                     const model::Resource& r) {
  const auto& ap = *r.as<model::AuthorizationPolicy>();
  auto check = [&](const model::Strings& patterns, const std::string& path) {
    for (size_t k = 0; k < patterns.size(); ++k) {
      const bool found = std::any_of(known.begin(), known.end(), [&](const std::string& ns) {
        return namespaceMatches(ns, patterns[k]);
      });
      if (!found)
        ctx.report("IST0101", Level::Error, r, path + "[" + std::to_string(k) + "]",
                   "Referenced namespace not found: \"" + patterns[k] + "\"");
    }
  };
  for (size_t i = 0; i < ap.rules.size(); ++i)
    for (size_t j = 0; j < ap.rules[i].from.size(); ++j) {
      const auto& source = ap.rules[i].from[j].source;
      if (!source) continue;
      const std::string path =
          "spec.rules[" + std::to_string(i) + "].from[" + std::to_string(j) + "].source.";
      check(source->namespaces, path + "namespaces");
      check(source->notNamespaces, path + "notNamespaces");
    }
}

}  // namespace

void analyzeAuthorizationPolicies(const Context& ctx) {
  const NamespaceInjection namespaces = namespaceInjection(ctx);
  Pods meshPods;
  for (const model::RegistryWorkload& w : ctx.registry.workloads())
    if (inMesh(namespaces, w)) meshPods.push_back(&w);
  const std::set<std::string> known = knownNamespaces(ctx);
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::AuthorizationPolicy)) {
    checkWorkloads(ctx, meshPods, *r);
    checkNamespaces(ctx, known, *r);
  }
}

}  // namespace ms::analysis::ist
