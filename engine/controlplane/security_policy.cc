#include "controlplane/security_policy.h"

namespace ms::controlplane {

namespace {

enum class Scope { None, Mesh, Namespace, Workload };

// How specifically a policy in `ns` with `selector` applies to the workload.
Scope scopeOf(const std::string& ns, const std::optional<model::WorkloadSelector>& selector,
              const model::RegistryWorkload& w) {
  const bool selects = selector && !selector->matchLabels.empty();
  if (selects) {
    const bool sameNamespace = ns == w.namespace_ || ns == kRootNamespace;
    return sameNamespace && model::labelsInclude(w.labels, selector->matchLabels) ? Scope::Workload : Scope::None;
  }
  if (ns == w.namespace_) return Scope::Namespace;
  if (ns == kRootNamespace) return Scope::Mesh;
  return Scope::None;
}

std::string modeOf(const std::optional<model::MutualTls>& mtls) {
  return mtls && mtls->mode && *mtls->mode != "UNSET" ? *mtls->mode : "";
}

}  // namespace

std::string inboundMtlsMode(const model::Mesh& mesh, const model::RegistryWorkload& w, std::int64_t port) {
  std::string byScope[4];  // indexed by Scope; the first policy found for a scope wins
  for (const model::Resource& r : mesh.resources) {
    const auto* pa = r.as<model::PeerAuthentication>();
    if (!pa) continue;
    const Scope scope = scopeOf(r.meta.namespace_, pa->selector, w);
    if (scope == Scope::None || !byScope[static_cast<int>(scope)].empty()) continue;
    std::string mode = modeOf(pa->mtls);
    if (scope == Scope::Workload) {
      const auto it = pa->portLevelMtls.find(std::to_string(port));
      if (it != pa->portLevelMtls.end() && !modeOf(it->second).empty()) mode = modeOf(it->second);
    }
    byScope[static_cast<int>(scope)] = mode.empty() ? "UNSET" : mode;
  }
  // UNSET inherits from the next wider scope.
  for (Scope s : {Scope::Workload, Scope::Namespace, Scope::Mesh}) {
    const std::string& mode = byScope[static_cast<int>(s)];
    if (!mode.empty() && mode != "UNSET") return mode;
  }
  return "PERMISSIVE";
}

std::vector<AuthorizationRules> authorizationFor(const model::Mesh& mesh, const model::RegistryWorkload& w) {
  std::vector<AuthorizationRules> out;
  for (const model::Resource& r : mesh.resources) {
    const auto* ap = r.as<model::AuthorizationPolicy>();
    if (!ap || scopeOf(r.meta.namespace_, ap->selector, w) == Scope::None) continue;
    const std::string action = ap->action.value_or("ALLOW");
    if (action != "ALLOW" && action != "DENY") continue;  // AUDIT logs only; CUSTOM needs an external server
    out.push_back({r.meta.namespace_ + "/" + r.meta.name, action, ap->rules});
  }
  return out;
}

}  // namespace ms::controlplane
