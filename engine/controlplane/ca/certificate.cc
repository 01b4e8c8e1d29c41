#include "controlplane/ca/certificate.h"

#include <openssl/pem.h>

#include <ctime>

#include "controlplane/ca/openssl_error.h"
#include "controlplane/ca/pem_bio.h"

namespace ms::ca {
namespace {

Result<TimePoint> toTimePoint(const ASN1_TIME* time) {
  std::tm tm{};
  if (!time || !ASN1_TIME_to_tm(time, &tm)) return sslFailure("reading a certificate time");
  // ASN1 times are UTC; timegm (not mktime) keeps the local time zone out of it.
  return Clock::from_time_t(timegm(&tm));
}

}  // namespace

Result<std::string> certToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || !PEM_write_bio_X509(bio.get(), cert)) {
    return sslFailure("encoding a certificate as PEM");
  }
  return bioContents(bio.get());
}

Result<X509Ptr> certFromPem(std::string_view pem) {
  BioPtr bio = readOnlyBio(pem);
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) return sslFailure("reading a PEM certificate");
  return cert;
}

std::vector<std::string> uriSans(const X509* cert) {
  std::vector<std::string> uris;
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_URI) continue;
    const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
    uris.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                      static_cast<size_t>(ASN1_STRING_length(uri)));
  }
  return uris;
}

Result<std::string> readUriSan(std::string_view certPem) {
  auto cert = certFromPem(certPem);
  if (!cert) return Error{cert.error()};
  std::vector<std::string> uris = uriSans(cert->get());
  if (uris.size() != 1) {
    return Error{"expected exactly one URI SAN in the certificate, found " +
                 std::to_string(uris.size())};
  }
  return std::move(uris.front());
}

Result<Validity> validity(const X509* cert) {
  auto notBefore = toTimePoint(X509_get0_notBefore(cert));
  if (!notBefore) return Error{notBefore.error()};
  auto notAfter = toTimePoint(X509_get0_notAfter(cert));
  if (!notAfter) return Error{notAfter.error()};
  return Validity{*notBefore, *notAfter};
}

Result<TimePoint> expiry(std::string_view certPem) {
  auto cert = certFromPem(certPem);
  if (!cert) return Error{cert.error()};
  auto valid = validity(cert->get());
  if (!valid) return Error{valid.error()};
  return valid->notAfter;
}

Result<std::string> sha256Fingerprint(const X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!X509_digest(cert, EVP_sha256(), digest, &length)) {
    return sslFailure("hashing a certificate");
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    if (i) text += ':';
    text += kHex[digest[i] >> 4];
    text += kHex[digest[i] & 0xF];
  }
  return text;
}

}  // namespace ms::ca
