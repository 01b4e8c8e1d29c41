// IST0166 as Istio's k8sgateway.SelectorAnalyzer.
#include <set>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

constexpr const char* kGatewayNameLabel = "gateway.networking.k8s.io/gateway-name";

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

void analyzeIneffectiveSelectors(const Context& ctx) {
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::AuthorizationPolicy)) {
    const auto& ap = *r->as<model::AuthorizationPolicy>();
    checkIneffective(ctx, *r, ap.selector, ap.targetRef.has_value());
  }
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::RequestAuthentication)) {
    const auto& ra = *r->as<model::RequestAuthentication>();
    checkIneffective(ctx, *r, ra.selector, ra.targetRef.has_value());
  }
}

}  // namespace ms::analysis::ist
