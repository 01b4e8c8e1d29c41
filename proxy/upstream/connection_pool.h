#pragma once
// Envoy's HTTP/1.1 connection pool with Istio's connectionPool limits for one
// cluster: tcp.maxConnections, http1MaxPendingRequests, http2MaxRequests
// (active requests), maxRequestsPerConnection, idleTimeout. Overflow fails
// fast so the router can answer 503 UO.
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "config/config.h"
#include "upstream/upstream_connection.h"

namespace mp {

struct ClusterStats {
  // Counters: they only grow.
  uint64_t rqTotal = 0, rqRetry = 0, rqRetryOverflow = 0, rqPendingOverflow = 0, cxOverflow = 0,
           cxTotal = 0, cxConnectFail = 0, rqTimeout = 0, rq5xx = 0;
  // Gauges: they describe one pool's state now.
  int64_t cxActive = 0, rqActive = 0, rqPendingActive = 0, retriesActive = 0;

  // These stats with the gauges at zero, for a new pool that carries on counting.
  ClusterStats countersOnly() const {
    ClusterStats c = *this;
    c.cxActive = c.rqActive = c.rqPendingActive = c.retriesActive = 0;
    return c;
  }
};

class ConnectionPool {
 public:
  using Ready = std::function<void(UpstreamConnectionPtr, UpstreamError)>;
  using Factory = std::function<UpstreamConnectionPtr(size_t host)>;
  struct Waiter {
    size_t host;
    Ready ready;
  };
  using WaiterPtr = std::shared_ptr<Waiter>;

  ConnectionPool(asio::io_context& io, ClusterStats& stats, Factory factory)
      : io_(io), stats_(stats), factory_(std::move(factory)) {}
  ~ConnectionPool();

  void setLimits(const PoolSettings& cfg) { cfg_ = cfg; }
  void resizeHosts(size_t n);

  // Calls ready with a parked connection at once, from inside this call;
  // with a new connection or an overflow, later. The returned waiter, when
  // non-null, can be cancelled while queued (route timeout, client gone).
  WaiterPtr acquire(size_t host, Ready ready);
  void cancel(const WaiterPtr& w);
  // The request on conn is done; reusable says whether HTTP allows keep-alive.
  void release(const UpstreamConnectionPtr& conn, bool reusable);
  // Close everything idle; used when a reload replaced this pool.
  void drain();

 private:
  struct HostSlot {
    std::vector<UpstreamConnectionPtr> idle;
    uint32_t connecting = 0;
  };
  void post(Ready ready, UpstreamConnectionPtr c, UpstreamError e);
  void open(size_t host);
  void serve(const UpstreamConnectionPtr& c);
  void closeConn(const UpstreamConnectionPtr& c);
  void dropIdle(const UpstreamConnectionPtr& c);
  void makeProgress();
  size_t waitersFor(size_t host) const;

  asio::io_context& io_;
  ClusterStats& stats_;
  Factory factory_;
  PoolSettings cfg_;
  std::vector<HostSlot> hosts_;
  std::deque<WaiterPtr> pending_;
  bool draining_ = false;
  // Completion handlers check this so a pool replaced by a reload is never touched.
  std::shared_ptr<int> life_ = std::make_shared<int>(0);
};

}  // namespace mp
