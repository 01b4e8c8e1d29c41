#pragma once

// Reading certificates: PEM in and out, and the few fields the mesh cares about.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "controlplane/ca/openssl_handles.h"
#include "controlplane/ca/result.h"

namespace ms::ca {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

struct Validity {
  TimePoint notBefore;
  TimePoint notAfter;
};

Result<std::string> certToPem(X509* cert);
// The first certificate in `pem`.
Result<X509Ptr> certFromPem(std::string_view pem);

// Every URI subjectAltName, in order (empty if the certificate has none).
std::vector<std::string> uriSans(const X509* cert);
// The one URI SAN of a workload certificate (its SPIFFE ID); an error if there is not exactly one.
Result<std::string> readUriSan(std::string_view certPem);

Result<Validity> validity(const X509* cert);
Result<TimePoint> expiry(std::string_view certPem);

// SHA-256 of the DER encoding as colon-separated upper-case hex, as `openssl x509 -fingerprint`.
Result<std::string> sha256Fingerprint(const X509* cert);

}  // namespace ms::ca
