// IST0127 as Istio's auth.AuthorizationPoliciesAnalyzer (analyzeNoMatchingWorkloads) and
// IST0166 as its k8sgateway.SelectorAnalyzer.
#include <set>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

constexpr const char* kGatewayNameLabel = "gateway.networking.k8s.io/gateway-name";

// Only pods with a sidecar count (initPodLabelsMap keeps in-mesh pods).
bool anyMeshPod(const std::vector<const model::RegistryWorkload*>& meshPods, const std::string& ns,
                const model::Labels* selector) {
  for (const model::RegistryWorkload* w : meshPods) {
    if (!ns.empty() && w->namespace_ != ns) continue;
    if (!selector || selects(*selector, w->labels)) return true;
  }
  return false;
}

// A policy in the root namespace applies mesh-wide: with a selector it needs a matching pod
// anywhere. Elsewhere a selectorless policy needs some pod in its namespace, and one with a
// selector a matching pod there.
void checkAuthorizationPolicy(const Context& ctx,
                              const std::vector<const model::RegistryWorkload*>& meshPods,
                              const model::Resource& r) {
  const auto& ap = *r.as<model::AuthorizationPolicy>();
  const model::Labels* selector = ap.selector ? &ap.selector->matchLabels : nullptr;
  const std::string& ns = r.meta.namespace_;
  bool found = true;
  if (ns == kRootNamespace) found = !selector || anyMeshPod(meshPods, "", selector);
  else found = anyMeshPod(meshPods, ns, selector);
  if (found) return;
  ctx.report("IST0127", Level::Warning, r, selector ? "spec.selector" : "metadata.name",
             "No matching workloads for this resource with the following labels: " +
                 (selector ? selectorString(*selector) : std::string()));
}

// A selector that picks a Kubernetes Gateway's pods has no effect there; such policies must
// use targetRef. One message per gateway (istioctl prints identical messages once).
void checkIneffective(const Context& ctx, const model::Resource& r,
                      const std::optional<model::WorkloadSelector>& selector, bool targetRef) {
  if (targetRef || !selector) return;
  std::set<std::string> gateways;
  for (const model::RegistryWorkload& w : ctx.registry.workloads()) {
    const auto it = w.labels.find(kGatewayNameLabel);
    if (it == w.labels.end() || w.namespace_ != r.meta.namespace_) continue;
    if (selects(selector->matchLabels, w.labels)) gateways.insert(it->second);
  }
  for (const std::string& gateway : gateways)
    ctx.report("IST0166", Level::Warning, r, "spec.selector",
               "Ineffective selector on Kubernetes Gateway " + gateway +
                   ". Use the TargetRef field instead.");
}

}  // namespace

void analyzePolicySelectors(const Context& ctx) {
  const NamespaceInjection namespaces = namespaceInjection(ctx);
  std::vector<const model::RegistryWorkload*> meshPods;
  for (const model::RegistryWorkload& w : ctx.registry.workloads())
    if (inMesh(namespaces, w)) meshPods.push_back(&w);
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::AuthorizationPolicy)) {
    const auto& ap = *r->as<model::AuthorizationPolicy>();
    checkAuthorizationPolicy(ctx, meshPods, *r);
    checkIneffective(ctx, *r, ap.selector, ap.targetRef.has_value());
  }
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::RequestAuthentication)) {
    const auto& ra = *r->as<model::RequestAuthentication>();
    checkIneffective(ctx, *r, ra.selector, ra.targetRef.has_value());
  }
}

}  // namespace ms::analysis::ist
