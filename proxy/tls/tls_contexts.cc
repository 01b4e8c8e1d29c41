#include "tls/tls_contexts.h"

#include <openssl/x509v3.h>
#include "common/file_stamp.h"
#include "common/log.h"

namespace mp {
namespace ssl = boost::asio::ssl;

namespace {
Result<SslContextPtr> loadInto(SslContextPtr ctx, const std::string& cert, const std::string& key,
                               const std::string& ca) {
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                   ec);
  // AES-128-GCM first: the same security level Istio's Envoy negotiates by
  // default, and cheaper per record than AES-256 for a mesh of small messages.
  SSL_CTX_set_ciphersuites(ctx->native_handle(), "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
  if (!cert.empty() && (ctx->use_certificate_chain_file(cert, ec), ec))
    return Error{"certificate " + cert + ": " + ec.message()};
  if (!key.empty() && (ctx->use_private_key_file(key, ssl::context::pem, ec), ec))
    return Error{"private key " + key + ": " + ec.message()};
  if (!cert.empty() && !key.empty() && SSL_CTX_check_private_key(ctx->native_handle()) != 1)
    return Error{"private key " + key + " does not match " + cert};
  if (!ca.empty() && (ctx->load_verify_file(ca, ec), ec)) return Error{"CA " + ca + ": " + ec.message()};
  return ctx;
}
}  // namespace

Result<SslContextPtr> makeServerContext(const std::string& cert, const std::string& key,
                                        const std::string& ca) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  auto r = loadInto(ctx, cert, key, ca);
  if (!r) return r;
  boost::system::error_code ec;
  ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert, ec);
  // No TLS 1.3 session tickets: a pooled idle connection then never has
  // unsolicited bytes, so any readable byte means the peer is closing.
  SSL_CTX_set_num_tickets(ctx->native_handle(), 0);
  return r;
}

Result<SslContextPtr> makeClientContext(const std::string& cert, const std::string& key,
                                        const std::string& ca) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  auto r = loadInto(ctx, cert, key, ca);
  if (!r) return r;
  boost::system::error_code ec;
  ctx->set_verify_mode(ca.empty() ? ssl::verify_none : ssl::verify_peer, ec);
  return r;
}

std::string peerUriSan(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (!cert) return {};
  std::string uri;
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names) && uri.empty(); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_URI) {
      const auto* s = n->d.uniformResourceIdentifier;
      uri.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), size_t(ASN1_STRING_length(s)));
    }
  }
  GENERAL_NAMES_free(names);
  X509_free(cert);
  return uri;
}

std::string principalOf(const std::string& spiffe) {
  const std::string scheme = "spiffe://";
  return spiffe.rfind(scheme, 0) == 0 ? spiffe.substr(scheme.size()) : spiffe;
}

std::string namespaceOf(const std::string& principal) {
  auto p = principal.find("/ns/");
  if (p == std::string::npos) return {};
  auto e = principal.find('/', p + 4);
  return principal.substr(p + 4, e == std::string::npos ? std::string::npos : e - p - 4);
}

bool IdentityContexts::refresh(const Identity& id) {
  if (id.certFile.empty()) return false;
  std::string stamp = fileStamp(id.certFile) + fileStamp(id.keyFile) + fileStamp(id.caFile);
  if (stamp == stamp_) return false;
  auto s = makeServerContext(id.certFile, id.keyFile, id.caFile);
  auto c = makeClientContext(id.certFile, id.keyFile, id.caFile);
  if (!s || !c) {
    // A half-written rotation is retried on the next change; keep serving.
    log::warn("identity not loaded, keeping the previous one: " + (s ? c.error() : s.error()));
    return false;
  }
  stamp_ = std::move(stamp);
  server_ = *s;
  client_ = *c;
  // Our identity as peers see it: the URI SAN of the loaded certificate.
  SSL* probe = SSL_new(server_->native_handle());
  if (probe) {
    X509* own = SSL_get_certificate(probe);
    spiffe_.clear();
    auto* names = own ? static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(own, NID_subject_alt_name, nullptr, nullptr)) : nullptr;
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names) && spiffe_.empty(); ++i) {
      const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
      if (n->type == GEN_URI)
        spiffe_.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.uniformResourceIdentifier)),
                       size_t(ASN1_STRING_length(n->d.uniformResourceIdentifier)));
    }
    GENERAL_NAMES_free(names);
    SSL_free(probe);
  }
  log::info("identity loaded from " + id.certFile);
  return true;
}

}  // namespace mp
