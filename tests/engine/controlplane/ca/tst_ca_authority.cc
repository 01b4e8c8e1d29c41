// The local CA: what it issues, how it keeps its root, and when it rotates.
#include <sys/stat.h>

#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "controlplane/ca/atomic_file.h"
#include "controlplane/ca/certificate_authority.h"
#include "controlplane/ca/keys.h"
#include "controlplane/ca/rotation.h"
#include "controlplane/ca/spiffe.h"

using namespace ms::ca;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

fs::path path(const QTemporaryDir& dir) { return dir.path().toStdString(); }

mode_t modeOf(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

X509Ptr parse(const std::string& pem) {
  auto cert = certFromPem(pem);
  return cert ? std::move(cert).value() : nullptr;
}

// X509_verify_cert's answer for `leafPem` against a store holding only `rootPem`, at `at` if given.
int verify(const std::string& rootPem, const std::string& leafPem, TimePoint at = {}) {
  X509Ptr root = parse(rootPem), leaf = parse(leafPem);
  X509StorePtr store(X509_STORE_new());
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!root || !leaf || !store || !ctx || !X509_STORE_add_cert(store.get(), root.get()) ||
      !X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), nullptr)) {
    return -1;
  }
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT);
  if (at != TimePoint{}) X509_STORE_CTX_set_time(ctx.get(), 0, Clock::to_time_t(at));
  X509_verify_cert(ctx.get());
  return X509_STORE_CTX_get_error(ctx.get());
}

bool isCritical(X509* cert, int nid) {
  int index = X509_get_ext_by_NID(cert, nid, -1);
  return index >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert, index)) == 1;
}

CertificateAuthority makeCa(const QTemporaryDir& dir, const char* sub = "ca") {
  auto ca = CertificateAuthority::create(path(dir) / sub);
  if (!ca) qFatal("CA creation failed: %s", ca.error().c_str());
  return std::move(ca).value();
}

}  // namespace

class TestCaAuthority : public QObject {
  Q_OBJECT

 private slots:
  void spiffeIdFormat() {
    QCOMPARE(spiffeId("cluster.local", "default", "bookinfo-reviews"),
             std::string("spiffe://cluster.local/ns/default/sa/bookinfo-reviews"));
    QVERIFY(checkIdentity("cluster.local", "default", "reviews").ok());
    QVERIFY(!checkIdentity("cluster.local", "a/b", "reviews").ok());
    QVERIFY(!checkIdentity("cluster.local", "default", "x,URI:spiffe://evil").ok());
    QVERIFY(!checkIdentity("cluster.local", "..", "reviews").ok());
    QVERIFY(!checkIdentity("Cluster Local", "default", "reviews").ok());
  }

  void rootHasCaExtensionsAndFiles() {
    QTemporaryDir dir;
    auto ca = makeCa(dir);
    X509Ptr root = parse(ca.rootCertPem());
    QVERIFY(root);
    QCOMPARE(X509_check_ca(root.get()), 1);
    QVERIFY(isCritical(root.get(), NID_basic_constraints));
    QCOMPARE(X509_get_key_usage(root.get()), uint32_t(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    QVERIFY(X509_get0_subject_key_id(root.get()) != nullptr);
    char group[64] = {};
    QVERIFY(EVP_PKEY_get_group_name(X509_get0_pubkey(root.get()), group, sizeof group, nullptr));
    QCOMPARE(QByteArray(group), QByteArray("prime256v1"));
    QCOMPARE(modeOf(path(dir) / "ca" / "ca.key"), mode_t(0600));
    QCOMPARE(modeOf(path(dir) / "ca"), mode_t(0700));
    QCOMPARE(*readFile(ca.rootCertPath()), ca.rootCertPem());
  }

  void workloadCertVerifiesAndCarriesOnlyItsSpiffeId() {
    QTemporaryDir dir;
    auto ca = makeCa(dir);
    const TimePoint now = Clock::now();
    auto issued = ca.issueWorkload("default", "reviews", 3600s, now);
    QVERIFY2(issued, issued ? "" : issued.error().c_str());
    QCOMPARE(issued->spiffeId, std::string("spiffe://cluster.local/ns/default/sa/reviews"));
    QCOMPARE(verify(ca.rootCertPem(), issued->certPem), X509_V_OK);

    X509Ptr leaf = parse(issued->certPem);
    QCOMPARE(uriSans(leaf.get()), std::vector<std::string>{issued->spiffeId});
    GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(leaf.get(), NID_subject_alt_name, nullptr, nullptr)));
    QCOMPARE(sk_GENERAL_NAME_num(names.get()), 1);  // no DNS or IP names besides
    QCOMPARE(*readUriSan(issued->certPem), issued->spiffeId);
    QCOMPARE(X509_check_ca(leaf.get()), 0);
    QVERIFY(isCritical(leaf.get(), NID_basic_constraints));
    QCOMPARE(X509_get_key_usage(leaf.get()), uint32_t(KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
    QCOMPARE(X509_get_extended_key_usage(leaf.get()), uint32_t(XKU_SSL_SERVER | XKU_SSL_CLIENT));
    X509Ptr root = parse(ca.rootCertPem());
    QVERIFY(X509_get0_authority_key_id(leaf.get()));
    QCOMPARE(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(leaf.get()),
                                   X509_get0_subject_key_id(root.get())),
             0);
    auto key = privateKeyFromPem(issued->keyPem);
    QVERIFY(key);
    QCOMPARE(X509_check_private_key(leaf.get(), key->get()), 1);
  }

  void validityIsBackdatedAndShort() {
    QTemporaryDir dir;
    auto ca = makeCa(dir);
    const TimePoint now = Clock::from_time_t(Clock::to_time_t(Clock::now()));  // whole seconds
    auto issued = ca.issueWorkload("default", "reviews", 90s, now);
    QVERIFY(issued);
    QVERIFY(issued->validity.notBefore == now - 60s);
    QVERIFY(issued->validity.notAfter == now + 90s);
    QVERIFY(*expiry(issued->certPem) == now + 90s);
    QVERIFY(ca.issueWorkload("default", "reviews", 0s).error().find("lifetime") !=
            std::string::npos);
    // Past its end, the same certificate no longer verifies.
    QCOMPARE(verify(ca.rootCertPem(), issued->certPem, now + 91s), X509_V_ERR_CERT_HAS_EXPIRED);
  }

  void serialsAreRandom128Bit() {
    QTemporaryDir dir;
    auto ca = makeCa(dir);
    X509Ptr a = parse(ca.issueWorkload("default", "a")->certPem);
    X509Ptr b = parse(ca.issueWorkload("default", "a")->certPem);
    BignumPtr serialA(ASN1_INTEGER_to_BN(X509_get0_serialNumber(a.get()), nullptr));
    BignumPtr serialB(ASN1_INTEGER_to_BN(X509_get0_serialNumber(b.get()), nullptr));
    QVERIFY(BN_num_bits(serialA.get()) > 120 && BN_num_bits(serialA.get()) <= 128);
    QVERIFY(BN_cmp(serialA.get(), serialB.get()) != 0);
  }

  void issuesFromSeveralThreadsAtOnce() {
    QTemporaryDir dir;
    auto ca = makeCa(dir);
    std::vector<std::string> certs(4 * 10);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 10; ++i) {
          auto issued = ca.issueWorkload("default", "sa" + std::to_string(t));
          if (issued) certs[t * 10 + i] = issued->certPem;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    for (std::size_t i = 0; i < certs.size(); ++i) {
      QCOMPARE(verify(ca.rootCertPem(), certs[i]), X509_V_OK);
      QCOMPARE(*readUriSan(certs[i]),
               spiffeId("cluster.local", "default", "sa" + std::to_string(i / 10)));
    }
  }

  void foreignCaCertDoesNotVerify() {
    QTemporaryDir dir;
    auto ours = makeCa(dir, "ours");
    auto theirs = makeCa(dir, "theirs");
    QVERIFY(ours.rootFingerprint() != theirs.rootFingerprint());
    auto foreign = theirs.issueWorkload("default", "reviews");
    QVERIFY(foreign);
    QCOMPARE(verify(ours.rootCertPem(), foreign->certPem),
             X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  }

  void reloadKeepsTheRoot() {
    QTemporaryDir dir;
    std::string first = makeCa(dir).rootFingerprint();
    auto again = makeCa(dir);
    QCOMPARE(again.rootFingerprint(), first);
    // A root made before still signs: a cert issued after reload verifies with the old ca.crt.
    auto issued = again.issueWorkload("default", "reviews");
    QCOMPARE(verify(*readFile(path(dir) / "ca" / "ca.crt"), issued->certPem), X509_V_OK);
  }

  void brokenCaFolderIsAnErrorValue() {
    QTemporaryDir dir;
    const fs::path caDir = path(dir) / "ca";
    makeCa(dir);
    QVERIFY(writeFileAtomically(caDir / "ca.key", "-----BEGIN PRIVATE KEY-----\ngarbage\n", 0600));
    auto corrupt = CertificateAuthority::create(caDir);
    QVERIFY(!corrupt);
    QVERIFY2(corrupt.error().find("ca.key") != std::string::npos, corrupt.error().c_str());

    QTemporaryDir other;
    makeCa(other);  // a valid key, of another root
    fs::copy_file(path(other) / "ca" / "ca.key", caDir / "ca.key",
                  fs::copy_options::overwrite_existing);
    auto mismatched = CertificateAuthority::create(caDir);
    QVERIFY(!mismatched);
    QVERIFY2(mismatched.error().find("does not match") != std::string::npos,
             mismatched.error().c_str());

    fs::remove(caDir / "ca.key");
    auto missing = CertificateAuthority::create(caDir);
    QVERIFY(!missing);
    QVERIFY2(missing.error().find("ca.key") != std::string::npos, missing.error().c_str());
    QVERIFY(!CertificateAuthority::create(caDir, "Not A Domain"));
  }

  void writeWorkloadFiles() {
    QTemporaryDir dir;
    auto ca = makeCa(dir);
    const fs::path pod = path(dir) / "pod";
    fs::create_directory(pod);
    auto paths = ca.writeWorkload(pod, "default", "reviews", 60s);
    QVERIFY2(paths, paths ? "" : paths.error().c_str());
    QCOMPARE(paths->cert, pod / "reviews.crt");
    QCOMPARE(paths->key, pod / "reviews.key");
    QCOMPARE(paths->caCert, pod / "ca.crt");
    QCOMPARE(modeOf(paths->key), mode_t(0600));
    QCOMPARE(modeOf(paths->cert), mode_t(0644));
    QCOMPARE(*readFile(paths->caCert), ca.rootCertPem());
    QCOMPARE(verify(*readFile(paths->caCert), *readFile(paths->cert)), X509_V_OK);
    QCOMPARE(std::distance(fs::directory_iterator(pod), fs::directory_iterator()), 3L);
    QVERIFY(!ca.writeWorkload(path(dir) / "no-such-folder", "default", "reviews"));
    QVERIFY(!ca.writeWorkload(pod, "default", "ca"));
  }

  void needsRotationAtHalfLife() {
    QTemporaryDir dir;
    auto ca = makeCa(dir);
    const TimePoint now = Clock::from_time_t(Clock::to_time_t(Clock::now()));
    auto paths = ca.writeWorkload(path(dir), "default", "reviews", 2s, now);
    QVERIFY(paths);
    QVERIFY(!needsRotation(paths->cert, now));
    QVERIFY(!needsRotation(paths->cert, now + 999ms));
    QVERIFY(needsRotation(paths->cert, now + 1s));
    QVERIFY(needsRotation(paths->cert, now + 5s));
    QVERIFY(!needsRotation(paths->cert, now + 1s, 0.75));
    QVERIFY(needsRotation(path(dir) / "missing.crt", now));
    QVERIFY(writeFileAtomically(path(dir) / "garbage.crt", "not a certificate", 0644));
    QVERIFY(needsRotation(path(dir) / "garbage.crt", now));
  }

  void rotateIfDueReissuesOnlyWhenDue() {
    QTemporaryDir dir;
    auto ca = makeCa(dir);
    const fs::path pod = path(dir) / "pod";
    fs::create_directory(pod);
    const TimePoint now = Clock::from_time_t(Clock::to_time_t(Clock::now()));  // whole seconds
    QCOMPARE(*ca.rotateIfDue(pod, "default", "reviews", 2s, now), true);       // nothing there yet
    const std::string first = *readFile(pod / "reviews.crt");
    QCOMPARE(*ca.rotateIfDue(pod, "default", "reviews", 2s, now + 500ms), false);
    QCOMPARE(*readFile(pod / "reviews.crt"), first);
    QCOMPARE(*ca.rotateIfDue(pod, "default", "reviews", 2s, now + 1500ms), true);
    const std::string second = *readFile(pod / "reviews.crt");
    QVERIFY(second != first);
    QVERIFY(*expiry(second) > *expiry(first));
    QCOMPARE(*ca.rotateIfDue(pod, "default", "reviews", 2s, now + 1500ms), false);
    // Another identity in the same files, or a new root, is reissued at once.
    QVERIFY(writeFileAtomically(pod / "reviews.crt",
                                ca.issueWorkload("default", "ratings", 2s, now + 1500ms)->certPem,
                                0644));
    QCOMPARE(*ca.rotateIfDue(pod, "default", "reviews", 2s, now + 1500ms), true);
    QCOMPARE(*readUriSan(*readFile(pod / "reviews.crt")),
             spiffeId("cluster.local", "default", "reviews"));
    auto newRoot = makeCa(dir, "new-root");
    QCOMPARE(*newRoot.rotateIfDue(pod, "default", "reviews", 2s, now + 1500ms), true);
    QCOMPARE(verify(newRoot.rootCertPem(), *readFile(pod / "reviews.crt")), X509_V_OK);
    QCOMPARE(*readFile(pod / "ca.crt"), newRoot.rootCertPem());
  }
};

QTEST_GUILESS_MAIN(TestCaAuthority)
#include "tst_ca_authority.moc"
