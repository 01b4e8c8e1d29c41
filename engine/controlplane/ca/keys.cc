#include "controlplane/ca/keys.h"

#include <openssl/pem.h>

#include "controlplane/ca/openssl_error.h"
#include "controlplane/ca/pem_bio.h"

namespace ms::ca {

Result<PkeyPtr> generateP256Key() {
  PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return sslFailure("generating an EC P-256 key");
  return key;
}

Result<std::string> privateKeyToPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || !PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) {
    return sslFailure("encoding a private key as PEM");
  }
  return bioContents(bio.get());
}

Result<PkeyPtr> privateKeyFromPem(std::string_view pem) {
  BioPtr bio = readOnlyBio(pem);
  PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) return sslFailure("reading a PEM private key");
  return key;
}

}  // namespace ms::ca
