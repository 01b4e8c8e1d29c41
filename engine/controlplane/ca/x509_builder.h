#pragma once

// Makes and signs the two kinds of certificate the local CA issues.

#include <chrono>
#include <string>
#include <string_view>

#include "controlplane/ca/certificate.h"
#include "controlplane/ca/openssl_handles.h"
#include "controlplane/ca/result.h"

namespace ms::ca {

// How far notBefore is set before the issue time, so a peer whose clock is slightly behind
// still accepts a fresh certificate.
inline constexpr std::chrono::seconds kClockSkewAllowance{60};

// A self-signed root: CA:TRUE (critical), keyCertSign + cRLSign (critical), subjectKeyIdentifier.
Result<X509Ptr> buildRootCert(EVP_PKEY* key, std::string_view trustDomain,
                              std::chrono::seconds lifetime, TimePoint now);

// A workload certificate for `uri` (its only SAN, critical as the subject is empty, as Istio's),
// CA:FALSE, digitalSignature + keyEncipherment, serverAuth + clientAuth, authorityKeyIdentifier,
// signed by the root.
Result<X509Ptr> buildWorkloadCert(X509* caCert, EVP_PKEY* caKey, EVP_PKEY* workloadKey,
                                  std::string_view uri, std::chrono::seconds lifetime,
                                  TimePoint now);

}  // namespace ms::ca
