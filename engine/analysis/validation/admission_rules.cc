#include "analysis/validation/admission_rules.h"

#include "analysis/validation/field_checks.h"
#include "analysis/validation/kind_rules.h"

namespace ms::analysis {

namespace {

// Kubernetes object names (DNS-1123 subdomains) and namespaces (labels).
void checkMetadata(const RuleReporter& r, const model::Resource& res) {
  r.check("metadata.namespace", checkDns1123Label(res.meta.namespace_));
  const std::string& name = res.meta.name;
  bool ok = !name.empty() && name.size() <= 253 && name.front() != '.' && name.back() != '.';
  for (unsigned char c : name) ok = ok && (std::islower(c) || std::isdigit(c) || c == '-' || c == '.');
  if (!ok)
    r.error("metadata.name", "name \"" + name + "\" must be lower case letters, digits, '-' and '.'");
}

}  // namespace

void runAdmissionRules(const Context& ctx) {
  for (const model::Resource& res : ctx.mesh.resources) {
    if (!model::isIstioKind(res.kind)) continue;
    const RuleReporter r(ctx, res);
    checkMetadata(r, res);
    std::visit(
        [&](const auto& spec) {
          using T = std::decay_t<decltype(spec)>;
          if constexpr (std::is_same_v<T, model::VirtualService>) checkVirtualService(r, spec);
          else if constexpr (std::is_same_v<T, model::DestinationRule>) checkDestinationRule(r, spec);
          else if constexpr (std::is_same_v<T, model::Gateway>) checkGateway(r, spec);
          else if constexpr (std::is_same_v<T, model::ServiceEntry>) checkServiceEntry(r, spec);
          else if constexpr (std::is_same_v<T, model::Sidecar>) checkSidecar(r, spec);
          else if constexpr (std::is_same_v<T, model::PeerAuthentication>) checkPeerAuthentication(r, spec);
          else if constexpr (std::is_same_v<T, model::AuthorizationPolicy>) checkAuthorizationPolicy(r, spec);
          else if constexpr (std::is_same_v<T, model::RequestAuthentication>) checkRequestAuthentication(r, spec);
        },
        res.spec);
  }
}

}  // namespace ms::analysis
