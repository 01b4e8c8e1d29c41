#pragma once
// The run-time side of one cluster (or one subset of it): its hosts, load
// balancer, outlier detector, connection pool and Envoy-style stats. Lives
// across config reloads as long as its endpoints stay the same.
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "config/config.h"
#include "tls/client_context_cache.h"
#include "upstream/connection_pool.h"
#include "upstream/load_balancer.h"
#include "upstream/outlier_detector.h"

namespace mp {

class UpstreamCluster : public std::enable_shared_from_this<UpstreamCluster> {
 public:
  UpstreamCluster(asio::io_context& io, std::string statName);
  ~UpstreamCluster();

  // endpoints: already filtered by the subset's labels. fileContexts gives
  // SIMPLE / MUTUAL contexts (null: such clusters fail their connections).
  void configure(const Cluster& cluster, const TrafficPolicy& policy, std::vector<Endpoint> endpoints,
                 const SslContextPtr& identityClient, ClientContextCache* fileContexts = nullptr);
  bool sameEndpoints(const std::vector<Endpoint>& eps) const;
  // Whether connections made now would use the same TLS settings as the
  // pooled ones (mode, files, SNI, accepted SANs, endpoint identities).
  bool sameTransport(const UpstreamTls& tls, const std::vector<Endpoint>& eps) const;
  // A replacement under the same name keeps counting where this one stopped.
  void inheritCounters(const UpstreamCluster& old);

  std::optional<size_t> pickHost(std::span<const size_t> tried, std::optional<std::string_view> hashKey);
  // Records the outcome of one try for outlier detection.
  void recordResult(size_t host, UpstreamError err, uint32_t status);

  ConnectionPool& pool() { return *pool_; }
  ClusterStats& stats() { return stats_; }
  const ClusterStats& stats() const { return stats_; }
  const std::string& statName() const { return statName_; }
  const TrafficPolicy& policy() const { return policy_; }
  const Cluster& config() const { return cluster_; }
  const Endpoint& endpoint(size_t h) const { return endpoints_[h]; }
  size_t hostCount() const { return endpoints_.size(); }
  uint32_t activeRequests(size_t h) const { return active_[h]; }
  void requestStarted(size_t h) { ++active_[h]; }
  void requestEnded(size_t h) { if (h < active_.size() && active_[h]) --active_[h]; }
  const OutlierDetector& outlier() const { return outlier_; }
  std::mt19937_64& rng() { return rng_; }
  void drain() { pool_->drain(); }

 private:
  UpstreamConnectionPtr makeConnection(size_t host);
  void armSweep();

  asio::io_context& io_;
  std::string statName_;
  Cluster cluster_;
  TrafficPolicy policy_;
  std::vector<Endpoint> endpoints_;
  std::vector<uint32_t> active_;
  std::vector<HostView> views_;
  UpstreamTlsPlan tlsBase_;
  ClusterStats stats_;
  std::unique_ptr<ConnectionPool> pool_;
  LoadBalancer lb_;
  OutlierDetector outlier_;
  asio::steady_timer sweepTimer_;
  std::mt19937_64 rng_{std::random_device{}()};
};

using UpstreamClusterPtr = std::shared_ptr<UpstreamCluster>;

}  // namespace mp
