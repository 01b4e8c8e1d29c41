#include "controlplane/ca/rotation.h"

#include "controlplane/ca/atomic_file.h"
#include "controlplane/ca/x509_builder.h"

namespace ms::ca {

bool needsRotation(const X509* cert, TimePoint now, double fraction) {
  auto valid = validity(cert);
  if (!valid) return true;
  const TimePoint issued = valid->notBefore + kClockSkewAllowance;
  const auto lifetime = valid->notAfter - issued;
  const auto renewAt = issued + std::chrono::duration_cast<Clock::duration>(lifetime * fraction);
  return now >= renewAt || now >= valid->notAfter;
}

bool needsRotation(const std::filesystem::path& certPath, TimePoint now, double fraction) {
  auto pem = readFile(certPath);
  if (!pem) return true;
  auto cert = certFromPem(*pem);
  return !cert || needsRotation(cert->get(), now, fraction);
}

}  // namespace ms::ca
