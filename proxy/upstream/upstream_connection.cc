#include "upstream/upstream_connection.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>

#include "common/log.h"
#include "http/wire_format.h"
#include "http/write_now.h"

namespace mp {
namespace {
constexpr uint64_t kMaxResponseBody = 64ull << 20;
}

UpstreamConnection::UpstreamConnection(asio::io_context& io, size_t host, tcp::endpoint ep, UpstreamTlsPlan tls)
    : host_(host), ep_(ep), tlsPlan_(std::move(tls)), stream_(io),
      // The deadline dies with this connection, so this is safe.
      deadline_(io, [this] { onDeadline(); }) {}

// Connecting or exchanging: the try's time is up; closing ends the pending
// operation, whose handler reports the timeout. Parked: the idle timeout.
void UpstreamConnection::onDeadline() {
  if (phase_ == Phase::Parked) {
    if (onGone_) onGone_();
    return;
  }
  timedOut_ = true;
  stream_.close();
}

void UpstreamConnection::connect(Millis timeout, std::function<void(UpstreamError)> done) {
  if (tlsPlan_.unavailable)
    return asio::post(stream_.get_executor(), [done = std::move(done)] { done(UpstreamError::ConnectFailure); });
  phase_ = Phase::Connecting;
  deadline_.set(timeout);
  stream_.socket().async_connect(ep_, [self = shared_from_this(), done = std::move(done)](beast::error_code ec) mutable {
    if (ec) return done(UpstreamError::ConnectFailure);
    beast::error_code ignored;
    self->stream_.socket().set_option(tcp::no_delay(true), ignored);
    HangupWatch::of(self->stream_.get_executor().context())
        .watch(self->stream_.socket().native_handle(), self->weak_from_this());
    if (!self->tlsPlan_.ctx) {
      self->deadline_.clear();
      self->phase_ = Phase::Busy;
      return done(UpstreamError::None);
    }
    self->handshake(std::move(done));
  });
}

void UpstreamConnection::handshake(std::function<void(UpstreamError)> done) {
  stream_.startTls(tlsPlan_.ctx);
  if (!tlsPlan_.sni.empty())
    SSL_set_tlsext_host_name(stream_.tls().native_handle(), tlsPlan_.sni.c_str());
  stream_.tls().async_handshake(asio::ssl::stream_base::client,
                                [self = shared_from_this(), done = std::move(done)](beast::error_code ec) {
    if (ec) {
      log::warn("upstream TLS handshake with " + self->ep_.address().to_string() + ":" +
                std::to_string(self->ep_.port()) + " failed: " + ec.message());
      return done(UpstreamError::ConnectFailure);
    }
    const auto& allowed = self->tlsPlan_.allowedSans;
    if (!allowed.empty()) {
      std::string san = peerUriSan(self->stream_.tls().native_handle());
      if (std::find(allowed.begin(), allowed.end(), san) == allowed.end()) {
        log::warn("upstream identity '" + san + "' is not the expected one");
        return done(UpstreamError::ConnectFailure);
      }
    }
    self->deadline_.clear();
    self->phase_ = Phase::Busy;
    done(UpstreamError::None);
  });
}

void UpstreamConnection::exchange(const Request& req, Millis timeout, ExchangeDone done) {
  ++served_;
  head_ = req.method() == http::verb::head;
  phase_ = Phase::Busy;
  timedOut_ = false;
  done_ = std::move(done);
  deadline_.set(timeout);
  serializeRequest(req, wbuf_);
  writeNow(stream_, asio::buffer(wbuf_), [self = shared_from_this()](beast::error_code ec) {
    if (ec) return self->failExchange();
    if (self->readPending_) {
      self->awaitingRead_ = true;  // onRead continues
      return;
    }
    if (self->readFailed_) return self->failExchange();
    self->readResponse();
  });
}

// Usually the whole response came in the read that brought its first bytes:
// it is parsed here and handed on at once. Only a response still incomplete
// goes through Beast's read, whose completion is posted to the back of the
// event loop's queue even when it has nothing to read.
void UpstreamConnection::readResponse() {
  parser_.emplace();
  parser_->body_limit(kMaxResponseBody);
  parser_->eager(true);
  parser_->skip(head_);
  while (buffer_.size() > 0 && !parser_->is_done()) {
    beast::error_code ec;
    const size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) break;
    if (ec) return failExchange();
    if (used == 0) break;
  }
  if (parser_->is_done()) return onResponse({});
  http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
    self->onResponse(ec);
  });
}

void UpstreamConnection::onResponse(beast::error_code ec) {
  if (ec) return failExchange();
  // Closed while the response was arriving (the client left, the try was reset): the read
  // completed anyway, but nobody waits for it any more.
  if (!done_) return;
  deadline_.clear();
  Response res = parser_->release();
  keepAlive_ = res.keep_alive();
  auto done = std::move(done_);
  done(UpstreamError::None, std::move(res));
}

void UpstreamConnection::failExchange() {
  keepAlive_ = false;
  if (!done_) return;
  auto done = std::move(done_);
  done(timedOut_ ? UpstreamError::Timeout : UpstreamError::Reset, Response{});
}

void UpstreamConnection::park(Millis idleTimeout) {
  phase_ = Phase::Parked;
  deadline_.set(idleTimeout);
  if (!readPending_) startRead();
}

void UpstreamConnection::unpark() {
  phase_ = Phase::Busy;
  deadline_.clear();  // the exchange sets its own
}

// One read stays outstanding from parking to the next response. Parked, any
// byte or EOF means the peer is done with the connection (close_notify
// included); busy, it is the response arriving.
void UpstreamConnection::startRead() {
  readPending_ = true;
  readFailed_ = false;
  stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
    self->onRead(ec, n);
  });
}

// Parked, the connection is done with. Busy, the exchange's reads see the
// close, and the pool does not take the connection back.
void UpstreamConnection::onHangup() {
  peerGone_ = true;
  if (phase_ == Phase::Parked && onGone_) onGone_();
}

void UpstreamConnection::onRead(beast::error_code ec, size_t n) {
  readPending_ = false;
  if (!ec) buffer_.commit(n);
  if (phase_ == Phase::Parked) {
    if (onGone_) onGone_();
    return;
  }
  if (phase_ != Phase::Busy) return;  // closed
  if (!awaitingRead_) {
    // The request is still being written; the write's handler goes on.
    readFailed_ = bool(ec);
    return;
  }
  awaitingRead_ = false;
  if (ec) return failExchange();
  readResponse();  // parses what arrived, reads more only if needed
}

void UpstreamConnection::close() {
  if (closed_) return;
  closed_ = true;
  phase_ = Phase::Closed;
  done_ = nullptr;  // abandoned: nobody waits for this exchange any more
  deadline_.clear();
  stream_.close();
}

}  // namespace mp
