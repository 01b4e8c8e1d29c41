#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "controlplane/ca/certificate.h"
#include "controlplane/ca/openssl_handles.h"
#include "controlplane/ca/result.h"

namespace ms::ca {

// Short, like Istio's default (24 h there); a run of the simulator rotates several times an hour.
inline constexpr std::chrono::seconds kDefaultWorkloadLifetime = std::chrono::hours(1);
inline constexpr std::chrono::seconds kRootLifetime = std::chrono::hours(24 * 365 * 10);

// A workload's key pair and certificate, PEM encoded.
struct IssuedCert {
  std::string spiffeId;
  std::string certPem;
  std::string keyPem;
  Validity validity;
};

// Where writeWorkload puts a workload's credentials: DIR/SA.crt, DIR/SA.key, DIR/ca.crt.
struct WorkloadPaths {
  std::filesystem::path cert, key, caCert;
};
WorkloadPaths workloadPaths(const std::filesystem::path& dir, std::string_view serviceAccount);

// The mesh's local certificate authority: one root per design, kept in a folder (ca.crt, and
// ca.key with mode 0600) so that a design run again keeps the identity its proxies trust.
// It issues short-lived SPIFFE workload certificates and rotates them before they expire.
// Const members only read the root, so several threads may issue at once.
class CertificateAuthority {
 public:
  // Loads the root from `dir`, or makes a new one (EC P-256, self-signed, 10 years) if `dir`
  // has no ca.crt. A ca.crt without a matching, readable ca.key is an error, never replaced:
  // proxies may trust that root.
  static Result<CertificateAuthority> create(const std::filesystem::path& dir,
                                             std::string trustDomain = "cluster.local");

  const std::string& trustDomain() const { return trustDomain_; }
  const std::string& rootCertPem() const { return rootPem_; }
  // SHA-256 of the root, "AB:CD:...": the same value means the same root.
  const std::string& rootFingerprint() const { return rootFingerprint_; }
  const std::filesystem::path& rootCertPath() const { return rootPath_; }

  // A new key pair and a certificate for spiffe://TRUST_DOMAIN/ns/NS/sa/SA valid from `now`
  // (minus the clock-skew allowance) for `lifetime`.
  Result<IssuedCert> issueWorkload(std::string_view ns, std::string_view serviceAccount,
                                   std::chrono::seconds lifetime = kDefaultWorkloadLifetime,
                                   TimePoint now = Clock::now()) const;

  // Issues and writes workloadPaths(dir, SA), each file by atomic rename. The certificate is
  // written last, so a watcher that reloads on the .crt finds the matching key already there.
  Result<WorkloadPaths> writeWorkload(const std::filesystem::path& dir, std::string_view ns,
                                      std::string_view serviceAccount,
                                      std::chrono::seconds lifetime = kDefaultWorkloadLifetime,
                                      TimePoint now = Clock::now()) const;

  // Reissues and rewrites when the files in `dir` are not a current credential for NS/SA from
  // this root (missing, unreadable, another identity or root, key not matching, or `fraction` of
  // the lifetime gone). Returns whether it rewrote them.
  Result<bool> rotateIfDue(const std::filesystem::path& dir, std::string_view ns,
                           std::string_view serviceAccount,
                           std::chrono::seconds lifetime = kDefaultWorkloadLifetime,
                           TimePoint now = Clock::now(), double fraction = 0.5) const;

 private:
  CertificateAuthority(X509Ptr root, PkeyPtr key, std::string trustDomain,
                       std::filesystem::path rootPath);
  bool isCurrent(const WorkloadPaths& paths, std::string_view ns, std::string_view serviceAccount,
                 TimePoint now, double fraction) const;

  X509Ptr root_;
  PkeyPtr key_;
  std::string trustDomain_;
  std::filesystem::path rootPath_;
  std::string rootPem_;
  std::string rootFingerprint_;
};

}  // namespace ms::ca
