// IST0128 and IST0129 as Istio's destinationrule.CaCertificateAnalyzer; IST0174 and IST0173 as
// its destinationrule.PodNotSelectedAnalyzer.
#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

// SIMPLE or MUTUAL TLS without caCertificates does not verify the server, unless a
// credentialName supplies the CA for a DestinationRule bound to workloads.
bool unverified(const std::optional<model::ClientTlsSettings>& tls, bool hasWorkloadSelector) {
  if (!tls || !tls->mode || (*tls->mode != "SIMPLE" && *tls->mode != "MUTUAL")) return false;
  if (tls->caCertificates && !tls->caCertificates->empty()) return false;
  const bool credential = tls->credentialName && !tls->credentialName->empty();
  return !(credential && hasWorkloadSelector);
}

void checkCaCertificates(const Context& ctx, const model::Resource& r) {
  const auto& dr = *r.as<model::DestinationRule>();
  if (!dr.trafficPolicy) return;
  const bool selector = dr.workloadSelector.has_value();
  const std::string head = "DestinationRule " + r.namespacedName() + " in namespace " +
                           r.meta.namespace_ + " has TLS mode set to ";
  const std::string host = dr.host.value_or("");
  const auto& tp = *dr.trafficPolicy;
  if (unverified(tp.tls, selector))
    ctx.report("IST0128", Level::Warning, r, "spec.trafficPolicy.tls.mode",
               head + *tp.tls->mode +
                   " but no caCertificates are set to validate server identity for host: " + host);
  for (size_t i = 0; i < tp.portLevelSettings.size(); ++i) {
    const auto& pl = tp.portLevelSettings[i];
    if (!unverified(pl.tls, selector)) continue;
    // The port prints as its proto text, as Istio's p.GetPort().String().
    const std::string port =
        pl.port && pl.port->number ? "number:" + std::to_string(*pl.port->number) : "";
    ctx.report("IST0129", Level::Warning, r,
               "spec.trafficPolicy.portLevelSettings[" + std::to_string(i) + "].tls.mode",
               head + *pl.tls->mode +
                   " but no caCertificates are set to validate server identity for host: " + host +
                   " at port " + port);
  }
}

bool selectsAnyPod(const Context& ctx, const model::Labels& selector) {
  for (const model::RegistryWorkload& w : ctx.registry.workloads())
    if (selects(selector, w.labels)) return true;
  return false;
}

// The host must name a known service (as a VirtualService destination would); each subset's
// labels, with a ServiceEntry's workload selector, must select some pod in any namespace.
// Istio converts Services to ServiceEntries without a selector, so for a Service the subset
// labels alone decide.
void checkHostAndSubsets(const Context& ctx, const ServiceHostIndex& index,
                         const model::Resource& r) {
  const auto& dr = *r.as<model::DestinationRule>();
  const std::string host = dr.host.value_or("");
  const KnownService* service = index.find(r.meta.namespace_, dr.exportTo, host);
  if (!service) {
    ctx.report("IST0174", Level::Warning, r, "spec.host",
               "The host " + host +
                   " defined in the DestinationRule does not match any services "
                   "in the mesh.");
    return;
  }
  for (size_t i = 0; i < dr.subsets.size(); ++i) {
    model::Labels selector = dr.subsets[i].labels;
    selector.insert(service->workloadSelector.begin(), service->workloadSelector.end());
    if (selectsAnyPod(ctx, selector)) continue;
    ctx.report("IST0173", Level::Error, r, "spec.subsets[" + std::to_string(i) + "].name",
               "The Subset " + dr.subsets[i].name.value_or("") +
                   " defined in the DestinationRule does not select any pods. Which may lead to "
                   "503 UH (NoHealthyUpstream).");
  }
}

}  // namespace

void analyzeDestinationRules(const Context& ctx) {
  const ServiceHostIndex index(ctx);
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::DestinationRule)) {
    checkCaCertificates(ctx, *r);
    checkHostAndSubsets(ctx, index, *r);
  }
}

}  // namespace ms::analysis::ist
