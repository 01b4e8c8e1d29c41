#include "upstream/upstream_connection.h"

#include <sys/socket.h>

#include <algorithm>
#include <boost/beast/http/read.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "http/wire_format.h"

#include "common/log.h"

namespace mp {
namespace {
constexpr uint64_t kMaxResponseBody = 64ull << 20;
}

UpstreamConnection::UpstreamConnection(asio::io_context& io, size_t host, tcp::endpoint ep, UpstreamTlsPlan tls)
    : host_(host), ep_(ep), tlsPlan_(std::move(tls)), stream_(io), idleTimer_(io) {}

void UpstreamConnection::connect(Millis timeout, std::function<void(UpstreamError)> done) {
  if (tlsPlan_.unavailable)
    return asio::post(stream_.get_executor(), [done = std::move(done)] { done(UpstreamError::ConnectFailure); });
  stream_.tcp().expires_after(timeout);
  stream_.tcp().async_connect(ep_, [self = shared_from_this(), done = std::move(done)](beast::error_code ec) mutable {
    if (ec) return done(UpstreamError::ConnectFailure);
    beast::error_code ignored;
    self->stream_.tcp().socket().set_option(tcp::no_delay(true), ignored);
    if (!self->tlsPlan_.ctx) {
      self->stream_.tcp().expires_never();
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
    self->stream_.tcp().expires_never();
    done(UpstreamError::None);
  });
}

void UpstreamConnection::exchange(const Request& req, Millis timeout,
                                  std::function<void(UpstreamError, Response&&)> done) {
  ++served_;
  stream_.tcp().expires_after(timeout);
  serializeRequest(req, wbuf_);
  asio::async_write(stream_, asio::buffer(wbuf_), [self = shared_from_this(), done = std::move(done)](beast::error_code ec, size_t) mutable {
    if (ec) {
      self->keepAlive_ = false;
      return done(ec == beast::error::timeout ? UpstreamError::Timeout : UpstreamError::Reset, Response{});
    }
    self->parser_.emplace();
    self->parser_->body_limit(kMaxResponseBody);
    http::async_read(self->stream_, self->buffer_, *self->parser_,
                     [self, done = std::move(done)](beast::error_code ec, size_t) mutable {
      if (ec) {
        self->keepAlive_ = false;
        return done(ec == beast::error::timeout ? UpstreamError::Timeout : UpstreamError::Reset, Response{});
      }
      self->stream_.tcp().expires_never();
      Response res = self->parser_->release();
      self->keepAlive_ = res.keep_alive();
      done(UpstreamError::None, std::move(res));
    });
  });
}

bool UpstreamConnection::peerGone() {
  if (closed_) return true;
  if (buffer_.size() > 0) return true;  // bytes nobody asked for
  char b;
  ssize_t n = ::recv(stream_.tcp().socket().native_handle(), &b, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) return true;
  if (n > 0) return true;
  return !(errno == EAGAIN || errno == EWOULDBLOCK);
}

void UpstreamConnection::close() {
  if (closed_) return;
  closed_ = true;
  idleTimer_.cancel();
  stream_.close();
}

void UpstreamConnection::startIdleTimer(Millis t, std::function<void()> onExpire) {
  idleTimer_.expires_after(t);
  idleTimer_.async_wait([onExpire = std::move(onExpire)](beast::error_code ec) {
    if (!ec) onExpire();
  });
}

void UpstreamConnection::stopIdleTimer() { idleTimer_.cancel(); }

}  // namespace mp
