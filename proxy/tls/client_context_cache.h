#pragma once
// Client TLS contexts for SIMPLE / MUTUAL clusters (DestinationRule
// clientCertificate, privateKey, caCertificates), one per set of files.
// A set is re-read when one of its files changes, so a rotated certificate
// reaches new handshakes while established connections keep the context
// they were made with. A set that fails to load (a rotation half written)
// keeps its last good context; with none at all the caller must fail the
// connection, never fall back to plaintext.
#include <map>
#include <string>

#include "common/result.h"
#include "tls/tls_contexts.h"

namespace mp {

class ClientContextCache {
 public:
  // cert/key empty for SIMPLE. Stats the files; re-reads them when changed.
  Result<SslContextPtr> get(const std::string& cert, const std::string& key, const std::string& ca);
  // Forgets the sets not asked for since the previous prune.
  void prune();
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string stamp;  // of the files last tried
    SslContextPtr ctx;  // last good context, may be null
    std::string error;  // why the last try failed, empty when it did not
    bool used = true;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace mp
