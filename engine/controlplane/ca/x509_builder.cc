#include "controlplane/ca/x509_builder.h"

#include <openssl/rand.h>

#include <climits>
#include <string>

#include "controlplane/ca/openssl_error.h"

namespace ms::ca {
namespace {

// A random positive 128-bit serial: unpredictable serials are what RFC 5280 / CA/B rules ask
// for, and make two certificates from one CA never collide in practice.
Status setRandomSerial(X509* cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return sslFailure("drawing a random serial");
  bytes[0] &= 0x7F;  // positive as a DER INTEGER
  bytes[0] |= 0x40;  // and never zero or short
  BignumPtr number(BN_bin2bn(bytes, sizeof bytes, nullptr));
  if (!number || !BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(cert))) {
    return sslFailure("setting a certificate serial");
  }
  return {};
}

Status setValidity(X509* cert, std::chrono::seconds lifetime, TimePoint now) {
  // Certificates count whole seconds: round the start down and the end up, so a certificate is
  // valid for at least the lifetime asked for.
  const time_t start = Clock::to_time_t(now - kClockSkewAllowance);
  const time_t end = Clock::to_time_t(std::chrono::ceil<std::chrono::seconds>(now + lifetime));
  if (!ASN1_TIME_set(X509_getm_notBefore(cert), start) ||
      !ASN1_TIME_set(X509_getm_notAfter(cert), end)) {
    return sslFailure("setting a certificate validity");
  }
  return {};
}

// A new v3 certificate with serial, validity, public key and issuer/subject names set.
Result<X509Ptr> startCert(EVP_PKEY* subjectKey, const X509_NAME* subject, const X509_NAME* issuer,
                          std::chrono::seconds lifetime, TimePoint now) {
  X509Ptr cert(X509_new());
  if (!cert || !X509_set_version(cert.get(), X509_VERSION_3) ||
      !X509_set_pubkey(cert.get(), subjectKey) || !X509_set_subject_name(cert.get(), subject) ||
      !X509_set_issuer_name(cert.get(), issuer)) {
    return sslFailure("starting a certificate");
  }
  if (auto s = setRandomSerial(cert.get()); !s) return Error{s.error()};
  if (auto s = setValidity(cert.get(), lifetime, now); !s) return Error{s.error()};
  return cert;
}

// Adds one extension written in OpenSSL's config syntax ("critical,CA:TRUE"); `context` says
// which certificates "hash" and "keyid" refer to. Only used with constant values.
Status addExtension(X509* cert, X509V3_CTX* context, int nid, const char* value) {
  X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, context, nid, value));
  if (!extension || !X509_add_ext(cert, extension.get(), -1)) {
    return sslFailure(std::string("adding extension ") + OBJ_nid2sn(nid) + " = " + value);
  }
  return {};
}

// The URI SAN is built as a GENERAL_NAME rather than from config text, so no character in a
// name can be read as syntax (a comma would otherwise start a second SAN).
Status addUriSan(X509* cert, std::string_view uri) {
  GeneralNamesPtr names(GENERAL_NAMES_new());
  GENERAL_NAME* name = GENERAL_NAME_new();
  ASN1_IA5STRING* text = ASN1_IA5STRING_new();
  bool ok = names && name && text && uri.size() <= INT_MAX &&
            ASN1_STRING_set(text, uri.data(), static_cast<int>(uri.size()));
  if (!ok) {
    GENERAL_NAME_free(name);
    ASN1_IA5STRING_free(text);
    return sslFailure("making a URI subjectAltName");
  }
  GENERAL_NAME_set0_value(name, GEN_URI, text);  // name owns text now
  if (!sk_GENERAL_NAME_push(names.get(), name)) {
    GENERAL_NAME_free(name);
    return sslFailure("making a URI subjectAltName");
  }
  if (!X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), /*crit=*/1, X509V3_ADD_DEFAULT)) {
    return sslFailure("adding the URI subjectAltName");
  }
  return {};
}

Result<X509NamePtr> rootName(std::string_view trustDomain) {
  X509NamePtr name(X509_NAME_new());
  const std::string commonName = "MeshStudio root CA " + std::string(trustDomain);
  auto add = [&](const char* field, const std::string& value) {
    return X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                      0);
  };
  if (!name || !add("O", "MeshStudio") || !add("CN", commonName)) {
    return sslFailure("making the root CA name");
  }
  return name;
}

Status sign(X509* cert, EVP_PKEY* key) {
  if (!X509_sign(cert, key, EVP_sha256())) return sslFailure("signing a certificate");
  return {};
}

}  // namespace

Result<X509Ptr> buildRootCert(EVP_PKEY* key, std::string_view trustDomain,
                              std::chrono::seconds lifetime, TimePoint now) {
  auto name = rootName(trustDomain);
  if (!name) return Error{name.error()};
  auto cert = startCert(key, name->get(), name->get(), lifetime, now);
  if (!cert) return cert;
  X509* c = cert->get();
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, c, c, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                            std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"},
                            std::pair{NID_subject_key_identifier, "hash"}}) {
    if (auto s = addExtension(c, &context, nid, value); !s) return Error{s.error()};
  }
  if (auto s = sign(c, key); !s) return Error{s.error()};
  return cert;
}

Result<X509Ptr> buildWorkloadCert(X509* caCert, EVP_PKEY* caKey, EVP_PKEY* workloadKey,
                                  std::string_view uri, std::chrono::seconds lifetime,
                                  TimePoint now) {
  X509NamePtr emptySubject(X509_NAME_new());
  if (!emptySubject) return sslFailure("making an empty subject");
  auto cert =
      startCert(workloadKey, emptySubject.get(), X509_get_subject_name(caCert), lifetime, now);
  if (!cert) return cert;
  X509* c = cert->get();
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, caCert, c, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                            std::pair{NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                            std::pair{NID_ext_key_usage, "serverAuth,clientAuth"},
                            std::pair{NID_authority_key_identifier, "keyid:always"}}) {
    if (auto s = addExtension(c, &context, nid, value); !s) return Error{s.error()};
  }
  if (auto s = addUriSan(c, uri); !s) return Error{s.error()};
  if (auto s = sign(c, caKey); !s) return Error{s.error()};
  return cert;
}

}  // namespace ms::ca
