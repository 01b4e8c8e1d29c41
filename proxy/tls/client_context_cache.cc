#include "tls/client_context_cache.h"

#include "common/file_stamp.h"
#include "common/log.h"

namespace mp {

Result<SslContextPtr> ClientContextCache::get(const std::string& cert, const std::string& key,
                                              const std::string& ca) {
  const std::string id = cert + '\n' + key + '\n' + ca;
  Entry& e = entries_[id];
  e.used = true;
  const std::string stamp = fileStamp(cert) + fileStamp(key) + fileStamp(ca);
  if (stamp != e.stamp) {
    e.stamp = stamp;
    auto ctx = makeClientContext(cert, key, ca);
    if (ctx) {
      if (e.ctx) log::info("cluster TLS files reloaded: " + (cert.empty() ? ca : cert));
      e.ctx = *ctx;
      e.error.clear();
    } else {
      e.error = ctx.error();
      log::warn(e.ctx ? "cluster TLS files not loaded, keeping the previous ones: " + e.error
                      : "cluster TLS files not loaded: " + e.error);
    }
  }
  if (e.ctx) return e.ctx;
  return Error{e.error};
}

void ClientContextCache::prune() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (!it->second.used) it = entries_.erase(it);
    else (it++)->second.used = false;
  }
}

}  // namespace mp
