// IST0134 as Istio's serviceentry.ProtocolAddressesAnalyzer: a TCP (or unnamed-protocol) port
// on a ServiceEntry without addresses cannot be told apart from other TCP services on that port.
#include <strings.h>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

// status.addresses, which the control plane fills when it auto-allocates an address.
bool addressAllocated(const model::Resource& r) {
  const model::Value* addresses = r.status.isMap() ? r.status.find("addresses") : nullptr;
  return addresses && addresses->isList() && !addresses->asList().empty();
}

}  // namespace

// istioctl's default MeshConfig has no DNS auto-allocation, so only the ServiceEntry decides.
void analyzeServiceEntries(const Context& ctx) {
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::ServiceEntry)) {
    const auto& se = *r->as<model::ServiceEntry>();
    if (!se.addresses.empty() || addressAllocated(*r)) continue;
    for (size_t i = 0; i < se.ports.size(); ++i) {
      const std::string protocol = se.ports[i].protocol.value_or("");
      if (!protocol.empty() && strcasecmp(protocol.c_str(), "TCP") != 0) continue;
      ctx.report("IST0134", model::Level::Warning, *r, "spec.ports[" + std::to_string(i) + "]",
                 "ServiceEntry addresses are required for this protocol.");
    }
  }
}

}  // namespace ms::analysis::ist
