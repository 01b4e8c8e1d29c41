// IST0101 (selector) and IST0162, as Istio's gateway.IngressGatewayPortAnalyzer: a Gateway must
// select some pod, and each server port must be a TCP target port of a Service selecting one
// of those pods. IST0101 (credentialName) as its gateway.SecretAnalyzer: the Secret must be in
// the namespace of the gateway's pods.
#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

// A numeric targetPort, else the Service port (Istio's TargetPort.IntValue(), 0 when named).
std::int64_t targetPortOf(const std::string& targetPort, std::int64_t port) {
  std::int64_t value = 0;
  const char* end = targetPort.data() + targetPort.size();
  const auto [ptr, ec] = std::from_chars(targetPort.data(), end, value);
  return ec == std::errc() && ptr == end && value != 0 ? value : port;
}

// The ports a Service sends TCP traffic to on its pods. Kubernetes Services are read from
// their spec (protocol defaults to TCP); MeshDesign services and the implicit ingress gateway
// Service from the registry, all TCP.
void addTargetPorts(const model::RegistryService& s, std::set<std::int64_t>& out) {
  if (const auto* k8s = s.source ? s.source->as<model::KubernetesService>() : nullptr) {
    for (const model::ServicePort& p : k8s->ports)
      if (p.protocol.empty() || p.protocol == "TCP") out.insert(targetPortOf(p.targetPort, p.port));
    return;
  }
  for (const model::RegistryPort& p : s.ports) out.insert(targetPortOf(p.targetPort, p.port));
}

// Services in the pod's namespace whose selector matches it (an empty selector matches all,
// as Kubernetes' SelectorFromSet does in Istio's analyzer).
std::vector<const model::RegistryService*> servicesSelecting(const Context& ctx,
                                                             const model::RegistryWorkload& pod) {
  std::vector<const model::RegistryService*> out;
  for (const model::RegistryService& s : ctx.registry.services())
    if (!s.external && s.namespace_ == pod.namespace_ && selects(s.selector, pod.labels))
      out.push_back(&s);
  return out;
}

// The path of the selector's first label (util.ExtractLabelFromSelectorString), where Istio
// puts both messages.
std::string selectorPath(const model::Gateway& gw) {
  return gw.selector.empty() ? "spec.selector" : "spec.selector." + gw.selector.begin()->first;
}

// What a selector reaches: whether it selects any pod, and the TCP target ports of the
// Services selecting those pods.
struct SelectedPods {
  bool any = false;
  std::string firstNamespace;  // getGatewayNamespace: the first selected pod's namespace
  std::set<std::int64_t> ports;
};

SelectedPods selectedPods(const Context& ctx, const model::Labels& selector) {
  SelectedPods out;
  for (const model::RegistryWorkload& pod : ctx.registry.workloads()) {
    if (!selects(selector, pod.labels)) continue;
    if (!out.any) out.firstNamespace = pod.namespace_;
    out.any = true;
    for (const model::RegistryService* s : servicesSelecting(ctx, pod))
      addTargetPorts(*s, out.ports);
  }
  return out;
}

// Secrets are kept as unmodeled objects; "ns/name" names a Secret of another namespace.
bool secretExists(const Context& ctx, const std::string& gatewayNs, const std::string& name) {
  const auto slash = name.find('/');
  const std::string ns = slash == std::string::npos ? gatewayNs : name.substr(0, slash);
  const std::string local = slash == std::string::npos ? name : name.substr(slash + 1);
  return std::any_of(
      ctx.mesh.resources.begin(), ctx.mesh.resources.end(), [&](const model::Resource& r) {
        return r.kind == model::Kind::Other && r.kindName == "Secret" && r.apiVersion == "v1" &&
               r.meta.namespace_ == ns && r.meta.name == local;
      });
}

void checkCredentials(const Context& ctx, const model::Resource& r, const SelectedPods& pods) {
  const auto& gw = *r.as<model::Gateway>();
  for (size_t i = 0; i < gw.servers.size(); ++i) {
    const auto& tls = gw.servers[i].tls;
    if (!tls || !tls->credentialName || tls->credentialName->empty()) continue;
    if (secretExists(ctx, pods.firstNamespace, *tls->credentialName)) continue;
    ctx.report("IST0101", Level::Error, r,
               "spec.servers[" + std::to_string(i) + "].tls.credentialName",
               "Referenced credentialName not found: \"" + *tls->credentialName + "\"");
  }
}

void analyzeGateway(const Context& ctx, const model::Resource& r, const SelectedPods& pods) {
  const auto& gw = *r.as<model::Gateway>();
  const std::string selector = selectorString(gw.selector);
  if (!pods.any) {
    ctx.report("IST0101", Level::Error, r, selectorPath(gw),
               "Referenced selector not found: \"" + selector + "\"");
    return;
  }
  checkCredentials(ctx, r, pods);
  for (const model::Server& server : gw.servers) {
    if (!server.port || pods.ports.count(server.port->number.value_or(0))) continue;
    ctx.report("IST0162", Level::Warning, r, selectorPath(gw),
               "The gateway is listening on a target port (port " +
                   std::to_string(server.port->number.value_or(0)) +
                   ") that is not defined in the Service associated with its workload instances "
                   "(Pod selector " +
                   selector +
                   "). If you need to access the gateway port "
                   "through the gateway Service, it will not be available.");
  }
}

}  // namespace

// Gateways mostly share a few selectors, so what each selector reaches is computed once.
void analyzeGatewayPorts(const Context& ctx) {
  std::map<model::Labels, SelectedPods> bySelector;
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::Gateway)) {
    const model::Labels& selector = r->as<model::Gateway>()->selector;
    auto it = bySelector.find(selector);
    if (it == bySelector.end())
      it = bySelector.emplace(selector, selectedPods(ctx, selector)).first;
    analyzeGateway(ctx, *r, it->second);
  }
}

}  // namespace ms::analysis::ist
