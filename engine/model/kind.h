#pragma once

#include <string>
#include <string_view>

namespace ms::model {

enum class Kind {
  VirtualService,
  DestinationRule,
  Gateway,
  ServiceEntry,
  Sidecar,
  PeerAuthentication,
  AuthorizationPolicy,
  RequestAuthentication,
  MeshDesign,
  Namespace,
  Service,
  Deployment,
  Pod,
  ServiceAccount,
  Other,  // kept verbatim, exported unchanged
};

// The kind an apiVersion + kind pair names; Other when MeshStudio does not model it
// (including a modeled kind under an API version Istio does not serve).
Kind kindOf(std::string_view apiVersion, std::string_view kind);

const char* kindName(Kind kind);

// The apiVersion to write a modeled kind as (its storage version); nullptr if not modeled.
const char* preferredApiVersion(std::string_view kindName);

// "networking.istio.io" for "networking.istio.io/v1"; "" for the core group ("v1").
std::string_view apiGroup(std::string_view apiVersion);

// Istio networking/security kinds: strict schema, typed spec.
bool isIstioKind(Kind kind);
bool isKubernetesKind(Kind kind);

}  // namespace ms::model
