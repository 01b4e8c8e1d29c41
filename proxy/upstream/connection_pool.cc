#include "upstream/connection_pool.h"

#include <boost/asio/post.hpp>

namespace mp {

ConnectionPool::~ConnectionPool() { drain(); }

void ConnectionPool::resizeHosts(size_t n) {
  if (n < hosts_.size())
    for (size_t h = n; h < hosts_.size(); ++h)
      for (auto& c : hosts_[h].idle) closeConn(c);
  hosts_.resize(n);
}

void ConnectionPool::post(Ready ready, UpstreamConnectionPtr c, UpstreamError e) {
  asio::post(io_, [ready = std::move(ready), c = std::move(c), e]() { ready(c, e); });
}

size_t ConnectionPool::waitersFor(size_t host) const {
  size_t n = 0;
  for (auto& w : pending_) n += w->host == host;
  return n;
}

ConnectionPool::WaiterPtr ConnectionPool::acquire(size_t host, Ready ready) {
  if (uint64_t(stats_.rqActive) >= cfg_.maxRequests) {  // http2MaxRequests
    ++stats_.rqPendingOverflow;
    post(std::move(ready), nullptr, UpstreamError::Overflow);
    return nullptr;
  }
  auto& idle = hosts_[host].idle;
  if (!idle.empty()) {
    // Parked connections the peer closed were already dropped by their watch.
    auto c = std::move(idle.back());
    idle.pop_back();
    c->unpark();
    ++stats_.rqActive;
    // At once, not posted: a posted handler costs the event loop one more
    // round, and an epoll_wait, per request.
    ready(std::move(c), UpstreamError::None);
    return nullptr;
  }
  if (pending_.size() >= cfg_.maxPendingRequests) {  // http1MaxPendingRequests
    ++stats_.rqPendingOverflow;
    post(std::move(ready), nullptr, UpstreamError::Overflow);
    return nullptr;
  }
  auto w = std::make_shared<Waiter>(Waiter{host, std::move(ready)});
  pending_.push_back(w);
  stats_.rqPendingActive = int64_t(pending_.size());
  makeProgress();
  return w;
}

void ConnectionPool::cancel(const WaiterPtr& w) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it)
    if (*it == w) {
      pending_.erase(it);
      break;
    }
  stats_.rqPendingActive = int64_t(pending_.size());
}

// Opens connections for waiting hosts while maxConnections allows; when it
// does not, Envoy counts upstream_cx_overflow and the request stays pending.
void ConnectionPool::makeProgress() {
  for (size_t h = 0; h < hosts_.size(); ++h) {
    size_t want = waitersFor(h);
    while (want > hosts_[h].connecting) {
      if (uint64_t(stats_.cxActive) >= cfg_.maxConnections) {
        // Free a slot held by an idle connection to another host, if any.
        bool freed = false;
        for (auto& slot : hosts_)
          if (!slot.idle.empty()) {
            auto c = slot.idle.back();
            slot.idle.pop_back();
            closeConn(c);
            freed = true;
            break;
          }
        if (!freed) {
          ++stats_.cxOverflow;
          return;
        }
      }
      open(h);
    }
  }
}

void ConnectionPool::open(size_t host) {
  auto c = factory_(host);
  // Set once per connection: nothing to allocate each time it is parked.
  std::weak_ptr<UpstreamConnection> weak = c;
  c->setOnGone([this, alive = std::weak_ptr<int>(life_), weak]() {
    auto conn = weak.lock();
    if (!alive.expired() && conn) dropIdle(conn);
  });
  ++hosts_[host].connecting;
  ++stats_.cxActive;
  ++stats_.cxTotal;
  c->connect(cfg_.connectTimeout, [this, alive = std::weak_ptr<int>(life_), c, host](UpstreamError e) {
    if (alive.expired()) return c->close();
    if (host < hosts_.size() && hosts_[host].connecting) --hosts_[host].connecting;
    if (e != UpstreamError::None) {
      ++stats_.cxConnectFail;
      c->close();
      --stats_.cxActive;
      // Envoy fails one request waiting on this host's pool per failed connect.
      for (auto it = pending_.begin(); it != pending_.end(); ++it)
        if ((*it)->host == host) {
          auto w = *it;
          pending_.erase(it);
          stats_.rqPendingActive = int64_t(pending_.size());
          post(std::move(w->ready), nullptr, e);
          break;
        }
      makeProgress();
      return;
    }
    serve(c);
  });
}

// Draining, a connection still serves a request already waiting here (a
// retry of a request that started on this cluster), then closes on release.
void ConnectionPool::serve(const UpstreamConnectionPtr& c) {
  if (c->host() >= hosts_.size()) return closeConn(c);
  for (auto it = pending_.begin(); it != pending_.end(); ++it)
    if ((*it)->host == c->host()) {
      auto w = *it;
      pending_.erase(it);
      stats_.rqPendingActive = int64_t(pending_.size());
      ++stats_.rqActive;
      post(std::move(w->ready), c, UpstreamError::None);
      return;
    }
  // maxConnections was lowered while this connection was open: it goes, not back to the pool,
  // so that the new limit holds at once rather than after the extra connections idle out.
  if (draining_ || uint64_t(stats_.cxActive) > cfg_.maxConnections) return closeConn(c);
  hosts_[c->host()].idle.push_back(c);
  c->park(cfg_.idleTimeout);
  makeProgress();
}

// A parked connection's peer closed it, or its idle timeout passed.
void ConnectionPool::dropIdle(const UpstreamConnectionPtr& conn) {
  if (conn->host() >= hosts_.size()) return conn->close();
  auto& idle = hosts_[conn->host()].idle;
  for (auto it = idle.begin(); it != idle.end(); ++it)
    if (*it == conn) {
      idle.erase(it);
      closeConn(conn);
      return;
    }
}

void ConnectionPool::release(const UpstreamConnectionPtr& c, bool reusable) {
  --stats_.rqActive;
  const bool limitReached = cfg_.maxRequestsPerConnection && c->served() >= cfg_.maxRequestsPerConnection;
  if (reusable && c->keepAlive() && !limitReached) serve(c);
  else {
    closeConn(c);
    makeProgress();
  }
}

void ConnectionPool::closeConn(const UpstreamConnectionPtr& c) {
  c->close();
  --stats_.cxActive;
}

void ConnectionPool::drain() {
  draining_ = true;
  for (auto& slot : hosts_) {
    for (auto& c : slot.idle) closeConn(c);
    slot.idle.clear();
  }
}

}  // namespace mp
