#pragma once

#include <string>
#include <string_view>

#include "controlplane/ca/result.h"

namespace ms::ca {

// "spiffe://TRUST_DOMAIN/ns/NS/sa/SA", the identity Istio gives a workload.
std::string spiffeId(std::string_view trustDomain, std::string_view ns, std::string_view sa);

// The characters the SPIFFE spec allows: a trust domain of [a-z0-9._-], path segments of
// [A-Za-z0-9._-] other than "." and "..". Checked before issuing so that no name can smuggle
// extra path segments into an identity.
Status checkTrustDomain(std::string_view trustDomain);
Status checkIdentity(std::string_view trustDomain, std::string_view ns, std::string_view sa);

}  // namespace ms::ca
