#include "model/kind.h"

#include <array>

namespace ms::model {

namespace {

struct KindEntry {
  Kind kind;
  const char* name;
  std::array<const char*, 3> apiVersions;
};

constexpr std::array<KindEntry, 14> kKinds{{
    {Kind::VirtualService, "VirtualService",
     {"networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"}},
    {Kind::DestinationRule, "DestinationRule",
     {"networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"}},
    {Kind::Gateway, "Gateway",
     {"networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"}},
    {Kind::ServiceEntry, "ServiceEntry",
     {"networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"}},
    {Kind::Sidecar, "Sidecar",
     {"networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"}},
    {Kind::PeerAuthentication, "PeerAuthentication",
     {"security.istio.io/v1", "security.istio.io/v1beta1", nullptr}},
    {Kind::AuthorizationPolicy, "AuthorizationPolicy",
     {"security.istio.io/v1", "security.istio.io/v1beta1", nullptr}},
    {Kind::RequestAuthentication, "RequestAuthentication",
     {"security.istio.io/v1", "security.istio.io/v1beta1", nullptr}},
    {Kind::MeshDesign, "MeshDesign", {"meshstudio.dev/v1alpha1", nullptr, nullptr}},
    {Kind::Namespace, "Namespace", {"v1", nullptr, nullptr}},
    {Kind::Service, "Service", {"v1", nullptr, nullptr}},
    {Kind::Deployment, "Deployment", {"apps/v1", nullptr, nullptr}},
    {Kind::Pod, "Pod", {"v1", nullptr, nullptr}},
    {Kind::ServiceAccount, "ServiceAccount", {"v1", nullptr, nullptr}},
}};

}  // namespace

Kind kindOf(std::string_view apiVersion, std::string_view kind) {
  for (const KindEntry& e : kKinds) {
    if (kind != e.name) continue;
    for (const char* v : e.apiVersions)
      if (v && apiVersion == v) return e.kind;
  }
  return Kind::Other;
}

const char* kindName(Kind kind) {
  for (const KindEntry& e : kKinds)
    if (e.kind == kind) return e.name;
  return "Other";
}

const char* preferredApiVersion(std::string_view kindName) {
  for (const KindEntry& e : kKinds)
    if (kindName == e.name) return e.apiVersions[0];
  return nullptr;
}

std::string_view apiGroup(std::string_view apiVersion) {
  const auto slash = apiVersion.find('/');
  return slash == std::string_view::npos ? std::string_view() : apiVersion.substr(0, slash);
}

bool isIstioKind(Kind kind) { return kind <= Kind::RequestAuthentication; }

bool isKubernetesKind(Kind kind) { return kind >= Kind::Namespace && kind <= Kind::ServiceAccount; }

}  // namespace ms::model
