#pragma once
// One HTTP/1.1 connection to one upstream host, plain or TLS. It carries one
// request at a time; the pool decides when it is reused or closed.
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <memory>

#include "config/config.h"
#include "http/any_stream.h"
#include "tls/tls_contexts.h"

namespace mp {

namespace http = beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

enum class UpstreamError { None, ConnectFailure, Reset, Timeout, Overflow, NoHealthyHost };

struct UpstreamTlsPlan {
  SslContextPtr ctx;               // null: plaintext
  std::string sni;
  std::vector<std::string> allowedSans;  // empty: any verified peer
  bool unavailable = false;        // TLS required but no context loaded: every connect fails
};

class UpstreamConnection : public std::enable_shared_from_this<UpstreamConnection> {
 public:
  UpstreamConnection(asio::io_context& io, size_t host, tcp::endpoint ep, UpstreamTlsPlan tls);

  void connect(Millis timeout, std::function<void(UpstreamError)> done);
  // req must stay alive until done is called.
  void exchange(const Request& req, Millis timeout, std::function<void(UpstreamError, Response&&)> done);
  // True when the peer closed (or sent unsolicited bytes) while idle.
  bool peerGone();
  void close();
  // Idle bookkeeping, driven by the pool.
  void startIdleTimer(Millis t, std::function<void()> onExpire);
  void stopIdleTimer();

  size_t host() const { return host_; }
  uint32_t served() const { return served_; }
  bool keepAlive() const { return keepAlive_; }
  bool tls() const { return stream_.isTls(); }

 private:
  void handshake(std::function<void(UpstreamError)> done);

  size_t host_;
  tcp::endpoint ep_;
  UpstreamTlsPlan tlsPlan_;
  AnyStream stream_;
  beast::flat_buffer buffer_;
  std::string wbuf_;  // serialised request, capacity reused
  std::optional<http::response_parser<http::string_body>> parser_;
  asio::steady_timer idleTimer_;
  uint32_t served_ = 0;
  bool keepAlive_ = true;
  bool closed_ = false;
};

using UpstreamConnectionPtr = std::shared_ptr<UpstreamConnection>;

}  // namespace mp
