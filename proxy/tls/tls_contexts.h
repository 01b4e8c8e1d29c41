#pragma once
// OpenSSL contexts built from the proxy's identity (SPIFFE cert, key, CA).
// Rebuilt when the files change; connections made earlier keep the context
// they were made with, so a rotation drops nothing.
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "common/result.h"
#include "config/config.h"

namespace mp {

using SslContextPtr = std::shared_ptr<boost::asio::ssl::context>;

// requireClientCert: STRICT/PERMISSIVE inbound asks for and verifies a client cert.
Result<SslContextPtr> makeServerContext(const std::string& cert, const std::string& key,
                                        const std::string& ca);
// cert/key may be empty (SIMPLE); ca empty: no server verification.
Result<SslContextPtr> makeClientContext(const std::string& cert, const std::string& key,
                                        const std::string& ca);

// The first URI SAN of the peer certificate, e.g. spiffe://cluster.local/ns/default/sa/web;
// empty when there is no certificate or no URI SAN.
std::string peerUriSan(SSL* ssl);
// spiffe://TD/ns/NS/sa/SA -> "TD/ns/NS/sa/SA" (Istio's principal) and NS.
std::string principalOf(const std::string& spiffeUri);
std::string namespaceOf(const std::string& principal);

class IdentityContexts {
 public:
  // Re-reads the files when their modification time changed; returns true when
  // new contexts were built. Errors are logged and the old contexts kept.
  bool refresh(const Identity& id);
  SslContextPtr server() const { return server_; }
  SslContextPtr client() const { return client_; }
  const std::string& spiffe() const { return spiffe_; }  // our own certificate's URI SAN

 private:
  std::string stamp_;
  SslContextPtr server_, client_;
  std::string spiffe_;
};

}  // namespace mp
