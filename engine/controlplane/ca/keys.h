#pragma once

#include <string>
#include <string_view>

#include "controlplane/ca/openssl_handles.h"
#include "controlplane/ca/result.h"

namespace ms::ca {

// A fresh EC P-256 key pair: small, fast to make per workload, what Istio issues by default too.
Result<PkeyPtr> generateP256Key();

// PKCS#8 PEM ("BEGIN PRIVATE KEY"), unencrypted: the file's mode (0600) is its protection,
// as with Istio's and Envoy's file-mounted keys.
Result<std::string> privateKeyToPem(EVP_PKEY* key);
Result<PkeyPtr> privateKeyFromPem(std::string_view pem);

}  // namespace ms::ca
