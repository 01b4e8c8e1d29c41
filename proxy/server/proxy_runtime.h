#pragma once
// Everything one meshproxy process shares across its listeners: the current
// config snapshot, the run-time clusters built from it, the identity's TLS
// contexts and the metrics. Single-threaded: all access is on the io_context.
#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "admin/mesh_stats.h"
#include "config/config.h"
#include "tls/client_context_cache.h"
#include "tls/tls_contexts.h"
#include "upstream/upstream_cluster.h"

namespace mp {

class ProxyRuntime {
 public:
  explicit ProxyRuntime(asio::io_context& io) : io_(io) {}

  asio::io_context& io() { return io_; }
  const SnapshotPtr& snapshot() const { return snapshot_; }
  // Swaps in a new snapshot: clusters with the same endpoints keep their
  // pools, outlier state and counters; requests in flight keep what they hold.
  void apply(SnapshotPtr s);
  // Re-reads the identity files and the SIMPLE / MUTUAL clusters' files that
  // changed; clusters take the new contexts for new connections, and
  // connections already made keep theirs.
  void refreshCertificates();
  // Every certificate, key and CA file the snapshot names (to watch).
  std::vector<std::string> certificateFiles() const;

  UpstreamClusterPtr cluster(const std::string& name, const std::string& subset) const;
  UpstreamClusterPtr inboundCluster(const Listener& l);
  // ALLOW_ANY: a cluster for one literal "ip:port" (Istio's PassthroughCluster).
  UpstreamClusterPtr passthroughCluster(const std::string& ip, uint16_t port);
  std::vector<const UpstreamCluster*> clusters() const;

  MeshStats& stats() { return stats_; }
  IdentityContexts& identity() { return identity_; }
  std::mt19937_64& rng() { return rng_; }
  uint64_t reloads() const { return reloads_; }

 private:
  static std::string key(const std::string& name, const std::string& subset) { return subset.empty() ? name : name + "|" + subset; }
  void buildClusters();

  asio::io_context& io_;
  SnapshotPtr snapshot_;
  std::map<std::string, UpstreamClusterPtr> clusters_;
  std::map<std::string, UpstreamClusterPtr> inbound_;
  std::map<std::string, UpstreamClusterPtr> passthrough_;
  MeshStats stats_;
  IdentityContexts identity_;
  ClientContextCache clusterTls_;
  std::mt19937_64 rng_{std::random_device{}()};
  uint64_t reloads_ = 0;
};

}  // namespace mp
