#include "controlplane/ca/certificate_authority.h"

#include <openssl/err.h>

#include <system_error>
#include <utility>
#include <vector>

#include "controlplane/ca/atomic_file.h"
#include "controlplane/ca/keys.h"
#include "controlplane/ca/openssl_error.h"
#include "controlplane/ca/rotation.h"
#include "controlplane/ca/spiffe.h"
#include "controlplane/ca/x509_builder.h"

namespace fs = std::filesystem;

namespace ms::ca {
namespace {

constexpr mode_t kKeyMode = 0600;
constexpr mode_t kCertMode = 0644;

struct RootPair {
  X509Ptr cert;
  PkeyPtr key;
};

// The key is written before the certificate: a folder with ca.key but no ca.crt (a crash in
// between) holds a root nobody can trust yet, so create() may safely make a new one.
Result<RootPair> makeRoot(const fs::path& dir, std::string_view trustDomain) {
  auto key = generateP256Key();
  if (!key) return Error{key.error()};
  auto cert = buildRootCert(key->get(), trustDomain, kRootLifetime, Clock::now());
  if (!cert) return Error{cert.error()};
  auto keyPem = privateKeyToPem(key->get());
  if (!keyPem) return Error{keyPem.error()};
  auto certPem = certToPem(cert->get());
  if (!certPem) return Error{certPem.error()};
  if (auto s = writeFileAtomically(dir / "ca.key", *keyPem, kKeyMode); !s) return Error{s.error()};
  if (auto s = writeFileAtomically(dir / "ca.crt", *certPem, kCertMode); !s) {
    return Error{s.error()};
  }
  return RootPair{std::move(cert).value(), std::move(key).value()};
}

Result<RootPair> loadRoot(const fs::path& dir) {
  auto certPem = readFile(dir / "ca.crt");
  if (!certPem) return Error{certPem.error()};
  auto keyPem = readFile(dir / "ca.key");
  if (!keyPem)
    return Error{keyPem.error() + " (ca.crt has no key; remove the folder to start over)"};
  auto cert = certFromPem(*certPem);
  if (!cert) return Error{(dir / "ca.crt").string() + ": " + cert.error()};
  auto key = privateKeyFromPem(*keyPem);
  if (!key) return Error{(dir / "ca.key").string() + ": " + key.error()};
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    return sslFailure((dir / "ca.key").string() + " does not match ca.crt");
  }
  if (X509_check_ca(cert->get()) < 1) return Error{(dir / "ca.crt").string() + " is not a CA"};
  return RootPair{std::move(cert).value(), std::move(key).value()};
}

Result<RootPair> loadOrMakeRoot(const fs::path& dir, std::string_view trustDomain) {
  std::error_code error;
  if (fs::exists(dir / "ca.crt", error)) return loadRoot(dir);
  if (error) return Error{"cannot look into " + dir.string() + ": " + error.message()};
  if (fs::create_directories(dir, error)) {
    fs::permissions(dir, fs::perms::owner_all, error);  // the CA key lives here
  }
  if (error) return Error{"cannot create " + dir.string() + ": " + error.message()};
  return makeRoot(dir, trustDomain);
}

}  // namespace

WorkloadPaths workloadPaths(const fs::path& dir, std::string_view serviceAccount) {
  const std::string name(serviceAccount);
  return {dir / (name + ".crt"), dir / (name + ".key"), dir / "ca.crt"};
}

CertificateAuthority::CertificateAuthority(X509Ptr root, PkeyPtr key, std::string trustDomain,
                                           fs::path rootPath)
    : root_(std::move(root)),
      key_(std::move(key)),
      trustDomain_(std::move(trustDomain)),
      rootPath_(std::move(rootPath)) {}

Result<CertificateAuthority> CertificateAuthority::create(const fs::path& dir,
                                                          std::string trustDomain) {
  if (auto s = checkTrustDomain(trustDomain); !s) return Error{s.error()};
  auto root = loadOrMakeRoot(dir, trustDomain);
  if (!root) return Error{root.error()};
  auto pem = certToPem(root->cert.get());
  if (!pem) return Error{pem.error()};
  auto fingerprint = sha256Fingerprint(root->cert.get());
  if (!fingerprint) return Error{fingerprint.error()};
  CertificateAuthority ca(std::move(root->cert), std::move(root->key), std::move(trustDomain),
                          dir / "ca.crt");
  ca.rootPem_ = std::move(pem).value();
  ca.rootFingerprint_ = std::move(fingerprint).value();
  return ca;
}

Result<IssuedCert> CertificateAuthority::issueWorkload(std::string_view ns,
                                                       std::string_view serviceAccount,
                                                       std::chrono::seconds lifetime,
                                                       TimePoint now) const {
  if (auto s = checkIdentity(trustDomain_, ns, serviceAccount); !s) return Error{s.error()};
  if (lifetime <= std::chrono::seconds(0)) return Error{"certificate lifetime must be positive"};
  const std::string id = spiffeId(trustDomain_, ns, serviceAccount);
  auto key = generateP256Key();
  if (!key) return Error{key.error()};
  auto cert = buildWorkloadCert(root_.get(), key_.get(), key->get(), id, lifetime, now);
  if (!cert) return Error{cert.error()};
  auto certPem = certToPem(cert->get());
  if (!certPem) return Error{certPem.error()};
  auto keyPem = privateKeyToPem(key->get());
  if (!keyPem) return Error{keyPem.error()};
  auto valid = validity(cert->get());
  if (!valid) return Error{valid.error()};
  return IssuedCert{id, std::move(certPem).value(), std::move(keyPem).value(), *valid};
}

Result<WorkloadPaths> CertificateAuthority::writeWorkload(const fs::path& dir, std::string_view ns,
                                                          std::string_view serviceAccount,
                                                          std::chrono::seconds lifetime,
                                                          TimePoint now) const {
  // "ca" would put the workload certificate where the root copy goes.
  if (serviceAccount == "ca") return Error{"service account 'ca' clashes with ca.crt"};
  auto issued = issueWorkload(ns, serviceAccount, lifetime, now);
  if (!issued) return Error{issued.error()};
  const WorkloadPaths paths = workloadPaths(dir, serviceAccount);
  struct File {
    const fs::path& path;
    const std::string& content;
    mode_t mode;
  };
  for (const File& file :
       {File{paths.caCert, rootPem_, kCertMode}, File{paths.key, issued->keyPem, kKeyMode},
        File{paths.cert, issued->certPem, kCertMode}}) {
    if (auto s = writeFileAtomically(file.path, file.content, file.mode); !s) {
      return Error{s.error()};
    }
  }
  return paths;
}

bool CertificateAuthority::isCurrent(const WorkloadPaths& paths, std::string_view ns,
                                     std::string_view serviceAccount, TimePoint now,
                                     double fraction) const {
  auto certPem = readFile(paths.cert);
  auto keyPem = readFile(paths.key);
  auto rootCopy = readFile(paths.caCert);
  if (!certPem || !keyPem || !rootCopy || *rootCopy != rootPem_) return false;
  auto cert = certFromPem(*certPem);
  auto key = privateKeyFromPem(*keyPem);
  if (!cert || !key) return false;
  const bool current =
      X509_verify(cert->get(), X509_get0_pubkey(root_.get())) == 1 &&
      X509_check_private_key(cert->get(), key->get()) == 1 &&
      uriSans(cert->get()) == std::vector{spiffeId(trustDomain_, ns, serviceAccount)} &&
      !needsRotation(cert->get(), now, fraction);
  ERR_clear_error();  // drop what the failed checks queued; they are answers here, not errors
  return current;
}

Result<bool> CertificateAuthority::rotateIfDue(const fs::path& dir, std::string_view ns,
                                               std::string_view serviceAccount,
                                               std::chrono::seconds lifetime, TimePoint now,
                                               double fraction) const {
  if (isCurrent(workloadPaths(dir, serviceAccount), ns, serviceAccount, now, fraction)) {
    return false;
  }
  auto written = writeWorkload(dir, ns, serviceAccount, lifetime, now);
  if (!written) return Error{written.error()};
  return true;
}

}  // namespace ms::ca
