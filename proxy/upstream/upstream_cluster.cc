#include "upstream/upstream_cluster.h"

#include <algorithm>

#include "common/log.h"

namespace mp {

UpstreamCluster::UpstreamCluster(asio::io_context& io, std::string statName)
    : io_(io), statName_(std::move(statName)), sweepTimer_(io) {
  pool_ = std::make_unique<ConnectionPool>(io, stats_, [this](size_t h) { return makeConnection(h); });
}

UpstreamCluster::~UpstreamCluster() { sweepTimer_.cancel(); }

bool UpstreamCluster::sameEndpoints(const std::vector<Endpoint>& eps) const {
  if (eps.size() != endpoints_.size()) return false;
  for (size_t i = 0; i < eps.size(); ++i)
    if (eps[i].address != endpoints_[i].address || eps[i].port != endpoints_[i].port) return false;
  return true;
}

bool UpstreamCluster::sameTransport(const UpstreamTls& tls, const std::vector<Endpoint>& eps) const {
  const UpstreamTls& t = policy_.tls;
  if (t.mode != tls.mode || t.sni != tls.sni || t.subjectAltNames != tls.subjectAltNames || t.certFile != tls.certFile ||
      t.keyFile != tls.keyFile || t.caFile != tls.caFile || eps.size() != endpoints_.size())
    return false;
  for (size_t i = 0; i < eps.size(); ++i)
    if (eps[i].identity != endpoints_[i].identity) return false;
  return true;
}

// Counters only: gauges (active connections, requests) describe the old
// cluster's pool, which drains on its own.
void UpstreamCluster::inheritCounters(const UpstreamCluster& old) { stats_ = old.stats_.countersOnly(); }

void UpstreamCluster::configure(const Cluster& cluster, const TrafficPolicy& policy,
                                std::vector<Endpoint> endpoints, const SslContextPtr& identityClient,
                                ClientContextCache* fileContexts) {
  cluster_ = cluster;
  cluster_.endpoints.clear();
  policy_ = policy;
  endpoints_ = std::move(endpoints);
  active_.resize(endpoints_.size());
  views_.resize(endpoints_.size());
  for (size_t i = 0; i < endpoints_.size(); ++i)
    views_[i].key = endpoints_[i].address + ":" + std::to_string(endpoints_[i].port);
  pool_->setLimits(policy.pool);
  pool_->resizeHosts(endpoints_.size());
  lb_.configure(policy.lb, views_);
  outlier_.configure(policy.outlier, endpoints_.size());

  tlsBase_ = {};
  const auto& t = policy.tls;
  if (t.mode == UpstreamTls::Mode::IstioMutual) {
    tlsBase_.ctx = identityClient;
    if (!tlsBase_.ctx) log::warn("cluster " + statName_ + ": ISTIO_MUTUAL without an identity; plaintext used");
  } else if (t.mode == UpstreamTls::Mode::Mutual || t.mode == UpstreamTls::Mode::Simple) {
    const bool mutual = t.mode == UpstreamTls::Mode::Mutual;
    auto ctx = fileContexts ? fileContexts->get(mutual ? t.certFile : "", mutual ? t.keyFile : "", t.caFile)
                            : Result<SslContextPtr>(Error{"no TLS files loaded"});
    if (ctx) tlsBase_.ctx = *ctx;
    else {
      // Fail closed: an upstream that expects TLS never gets plaintext.
      tlsBase_.unavailable = true;
      log::error("cluster " + statName_ + ": TLS unavailable, connections fail until the files load: " + ctx.error());
    }
  }
  tlsBase_.sni = t.sni;
  tlsBase_.allowedSans = t.subjectAltNames;
  armSweep();
}

void UpstreamCluster::armSweep() {
  sweepTimer_.cancel();
  if (!policy_.outlier.enabled) return;
  sweepTimer_.expires_after(policy_.outlier.interval);
  std::weak_ptr<UpstreamCluster> weak = weak_from_this();
  sweepTimer_.async_wait([weak](beast::error_code ec) {
    auto self = weak.lock();
    if (ec || !self) return;
    const size_t before = self->outlier_.ejectedCount();
    self->outlier_.sweep(Clock::now());
    if (self->outlier_.ejectedCount() != before)
      log::info("cluster " + self->statName_ + ": host returned from ejection");
    self->armSweep();
  });
}

UpstreamConnectionPtr UpstreamCluster::makeConnection(size_t host) {
  const Endpoint& ep = endpoints_[host];
  beast::error_code ec;
  auto addr = asio::ip::make_address(ep.address, ec);
  UpstreamTlsPlan plan = tlsBase_;
  // ISTIO_MUTUAL checks the peer is the workload this endpoint belongs to.
  if (policy_.tls.mode == UpstreamTls::Mode::IstioMutual && plan.allowedSans.empty() && !ep.identity.empty())
    plan.allowedSans = {ep.identity};
  return std::make_shared<UpstreamConnection>(io_, host, tcp::endpoint(addr, ep.port), std::move(plan));
}

std::optional<size_t> UpstreamCluster::pickHost(std::span<const size_t> tried,
                                                std::optional<std::string_view> hashKey) {
  for (size_t i = 0; i < views_.size(); ++i) {
    views_[i].healthy = !outlier_.ejected(i);
    views_[i].tried = std::find(tried.begin(), tried.end(), i) != tried.end();
    views_[i].activeRequests = active_[i];
  }
  return lb_.pick(views_, hashKey, rng_);
}

void UpstreamCluster::recordResult(size_t host, UpstreamError err, uint32_t status) {
  using R = OutlierDetector::Result;
  R r = R::Success;
  if (err == UpstreamError::Overflow || err == UpstreamError::NoHealthyHost) return;
  if (err != UpstreamError::None) r = R::LocalFailure;
  else if (status == 502 || status == 503 || status == 504) r = R::GatewayError;
  else if (status >= 500) r = R::Error5xx;
  if (outlier_.record(host, r, Clock::now()))
    log::info("cluster " + statName_ + ": ejected " + views_[host].key + " for " +
              std::to_string(OutlierDetector::ejectionTime(policy_.outlier, outlier_.timesEjected(host)).count()) + " ms");
}

}  // namespace mp
