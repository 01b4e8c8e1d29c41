#include "router/forwarder.h"

#include <boost/beast/http/field.hpp>

namespace mp {

Forwarder::Forwarder(asio::io_context& io, UpstreamClusterPtr cluster, Request req, RetryPolicy retry,
                     std::optional<Millis> routeTimeout, Millis fallbackTimeout,
                     std::optional<std::string> hashKey, Done done)
    : io_(io), cluster_(std::move(cluster)), req_(std::move(req)), retry_(std::move(retry)),
      routeTimeout_(routeTimeout), fallbackTimeout_(fallbackTimeout), hashKey_(std::move(hashKey)),
      done_(std::move(done)), routeTimer_(io), backoffTimer_(io) {}

void Forwarder::start() {
  if (routeTimeout_ && routeTimeout_->count() > 0) {
    deadline_ = Clock::now() + *routeTimeout_;
    routeTimer_.expires_at(deadline_);
    routeTimer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->finished_) return;
      ++self->cluster_->stats().rqTimeout;
      self->finishLocal(504, "UT", "upstream request timeout");
    });
  }
  tryOnce();
}

void Forwarder::abandon() {
  if (finished_) return;
  finished_ = true;
  done_ = nullptr;
  routeTimer_.cancel();
  backoffTimer_.cancel();
  resetTry();
  if (retrying_) --cluster_->stats().retriesActive;
}

// Stops the try under way, as Envoy resets an upstream stream: a queued
// request leaves the queue; a connection carrying the request is closed and
// handed back to the pool as not reusable, so its slot and the active
// request count are freed.
void Forwarder::resetTry() {
  if (waiter_) {
    cluster_->pool().cancel(waiter_);
    waiter_ = nullptr;
  }
  if (conn_) {
    conn_->close();
    cluster_->pool().release(conn_, false);
    conn_ = nullptr;
  }
  if (!tried_.empty()) endTry(tried_.back());
}

Millis Forwarder::tryTimeout() const {
  Millis t = retry_.perTryTimeout ? *retry_.perTryTimeout : fallbackTimeout_;
  if (deadline_ != Clock::time_point{}) {
    auto left = std::chrono::duration_cast<Millis>(deadline_ - Clock::now()) + Millis(50);
    t = std::min(t, std::max(left, Millis(1)));
  }
  return t;
}

void Forwarder::tryOnce() {
  auto host = cluster_->pickHost(tried_, hashKey_ ? std::optional<std::string_view>(*hashKey_) : std::nullopt);
  if (!host) return finishLocal(503, "UH", "no healthy upstream");
  tried_.push_back(*host);
  ++attempts_;
  ++cluster_->stats().rqTotal;
  cluster_->requestStarted(*host);
  tryActive_ = true;
  setCustomField(req_.base(), "x-envoy-attempt-count", std::to_string(attempts_));
  const size_t h = *host;
  waiter_ = cluster_->pool().acquire(h, [self = shared_from_this(), h](UpstreamConnectionPtr c, UpstreamError e) {
    self->onConnection(std::move(c), e, h);
  });
}

void Forwarder::onConnection(UpstreamConnectionPtr c, UpstreamError e, size_t host) {
  waiter_ = nullptr;
  if (finished_) {
    endTry(host);
    if (c) cluster_->pool().release(c, true);
    return;
  }
  if (e != UpstreamError::None) return onTryDone(host, e, Response{});
  conn_ = std::move(c);
  conn_->exchange(req_, tryTimeout(), [self = shared_from_this(), host](UpstreamError e, Response&& res) {
    self->onTryDone(host, e, std::move(res));
  });
}

void Forwarder::onTryDone(size_t host, UpstreamError e, Response&& res) {
  if (conn_) {
    cluster_->pool().release(conn_, e == UpstreamError::None);
    conn_ = nullptr;
  }
  endTry(host);
  cluster_->recordResult(host, e, e == UpstreamError::None ? res.result_int() : 0);
  if (e == UpstreamError::None && res.result_int() >= 500) ++cluster_->stats().rq5xx;
  if (finished_) return;

  TryOutcome o;
  switch (e) {
    case UpstreamError::None: o = {TryOutcome::Kind::Response, res.result_int()}; break;
    case UpstreamError::ConnectFailure: o.kind = TryOutcome::Kind::ConnectFailure; break;
    case UpstreamError::Timeout: o.kind = TryOutcome::Kind::Timeout; break;
    case UpstreamError::Overflow: o.kind = TryOutcome::Kind::Overflow; break;
    default: o.kind = TryOutcome::Kind::Reset; break;
  }
  if (retry(o)) return;

  const bool retriedOut = attempts_ > 1 && retryOnCovers(retry_, o);
  switch (e) {
    case UpstreamError::None: {
      ForwardResult r;
      r.response = std::move(res);
      r.flags = retriedOut ? "URX" : "-";
      r.host = host;
      r.fromUpstream = true;
      return finish(std::move(r));
    }
    case UpstreamError::Overflow:
      return finishLocal(503, "UO", "upstream connect error or disconnect/reset before headers. reset reason: overflow", true);
    case UpstreamError::ConnectFailure:
      return finishLocal(503, retriedOut ? "URX,UF" : "UF",
                         "upstream connect error or disconnect/reset before headers. reset reason: connection failure");
    case UpstreamError::Timeout:
      ++cluster_->stats().rqTimeout;
      return finishLocal(504, "UT", "upstream request timeout");
    default:
      return finishLocal(503, retriedOut ? "URX,UC" : "UC",
                         "upstream connect error or disconnect/reset before headers. reset reason: connection termination");
  }
}

// Retries when retryOn covers the outcome, attempts remain and the cluster's
// maxRetries allows another concurrent retry; back-off runs before the try.
bool Forwarder::retry(const TryOutcome& o) {
  if (!retryOnCovers(retry_, o) || attempts_ > retry_.attempts) return false;
  auto& st = cluster_->stats();
  if (!retrying_) {
    if (uint64_t(st.retriesActive) >= cluster_->policy().pool.maxRetries) {
      ++st.rqRetryOverflow;
      return false;
    }
    retrying_ = true;
    ++st.retriesActive;
  }
  ++st.rqRetry;
  Millis wait = retryBackoff(attempts_, cluster_->rng()());
  backoffTimer_.expires_after(wait);
  backoffTimer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->finished_) return;
    self->tryOnce();
  });
  return true;
}

void Forwarder::endTry(size_t host) {
  if (!tryActive_) return;
  tryActive_ = false;
  cluster_->requestEnded(host);
}

void Forwarder::finishLocal(uint32_t status, std::string flags, std::string body, bool overloaded) {
  ForwardResult r;
  r.response.result(status);
  r.response.version(11);
  r.response.set(http::field::content_type, "text/plain");
  if (overloaded) r.response.set("x-envoy-overloaded", "true");
  r.response.body() = std::move(body);
  r.response.prepare_payload();
  r.flags = std::move(flags);
  if (!tried_.empty()) r.host = tried_.back();
  finish(std::move(r));
}

void Forwarder::finish(ForwardResult&& r) {
  if (finished_) return;
  finished_ = true;
  routeTimer_.cancel();
  backoffTimer_.cancel();
  resetTry();  // the try in flight is reset, as Envoy does on timeout
  if (retrying_) --cluster_->stats().retriesActive;
  r.attempts = attempts_;
  if (done_) {
    auto done = std::move(done_);
    done(std::move(r));
  }
}

}  // namespace mp
