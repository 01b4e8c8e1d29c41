#pragma once

#include <filesystem>

#include "controlplane/ca/certificate.h"

namespace ms::ca {

// True when the certificate at `certPath` should be replaced: it is missing or unreadable, or
// `fraction` of its lifetime has passed (Istio rotates at half by default). The lifetime counts
// from the issue time, i.e. notBefore + kClockSkewAllowance, not from the back-dated notBefore,
// so that a short lifetime is not used up by the skew allowance.
bool needsRotation(const std::filesystem::path& certPath, TimePoint now = Clock::now(),
                   double fraction = 0.5);

// The same for a certificate already in memory.
bool needsRotation(const X509* cert, TimePoint now, double fraction = 0.5);

}  // namespace ms::ca
