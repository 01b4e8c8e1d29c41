#pragma once
// Envoy's router for one downstream request bound for one cluster: picks a
// host, takes a pooled connection, retries per the route's policy with
// jittered back-off, and enforces the route and per-try timeouts.
#include <boost/asio/steady_timer.hpp>
#include <boost/container/small_vector.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "router/retry_state.h"
#include "upstream/upstream_cluster.h"

namespace mp {

struct ForwardResult {
  Response response;
  std::string flags;                // Envoy response flags, "-" when none
  std::optional<size_t> host;       // the host that answered (or was last tried)
  uint32_t attempts = 0;
  bool fromUpstream = false;        // false: generated locally (503, 504 ...)
};

class Forwarder : public std::enable_shared_from_this<Forwarder> {
 public:
  using Done = std::function<void(ForwardResult&&)>;

  Forwarder(asio::io_context& io, UpstreamClusterPtr cluster, Request req, RetryPolicy retry,
            std::optional<Millis> routeTimeout, Millis fallbackTimeout, std::optional<std::string> hashKey,
            Done done);
  void start();
  // Stops everything (client gone); done is not called.
  void abandon();

 private:
  void tryOnce();
  void onConnection(UpstreamConnectionPtr c, UpstreamError e, size_t host);
  void onTryDone(size_t host, UpstreamError e, Response&& res);
  bool retry(const TryOutcome& o);
  void finishLocal(uint32_t status, std::string flags, std::string body, bool overloaded = false);
  void finish(ForwardResult&& r);
  Millis tryTimeout() const;
  void endTry(size_t host);
  void resetTry();

  asio::io_context& io_;
  UpstreamClusterPtr cluster_;
  Request req_;
  RetryPolicy retry_;
  std::optional<Millis> routeTimeout_;
  Millis fallbackTimeout_;
  std::optional<std::string> hashKey_;
  Done done_;
  asio::steady_timer routeTimer_, backoffTimer_;
  Clock::time_point deadline_{};
  boost::container::small_vector<size_t, 4> tried_;  // no allocation for the usual few tries
  ConnectionPool::WaiterPtr waiter_;
  UpstreamConnectionPtr conn_;
  uint32_t attempts_ = 0;
  bool finished_ = false;
  bool tryActive_ = false;
  bool retrying_ = false;  // counts against the cluster's maxRetries
};

}  // namespace mp
