#pragma once

// One keep-alive HTTP/1.1 client connection of the load generator: sends one request at a
// time, (re)connecting when needed, reads the response with bounded header and body
// (the body is discarded), and reports one RequestResult per request. Lives on the
// generator's io_context thread; async handlers keep it alive through shared_from_this.

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "runtime/load/request_result.h"

namespace ms::runtime {

class HttpClientConnection : public std::enable_shared_from_this<HttpClientConnection> {
 public:
  using Clock = std::chrono::steady_clock;
  using tcp = boost::asio::ip::tcp;

  // Shared by all connections of a generator; immutable.
  struct Settings {
    tcp::endpoint endpoint;
    std::string request;  // serialized request bytes
    bool headRequest = false;
    std::uint32_t maxHeaderBytes = 16 * 1024;
    std::uint64_t maxBodyBytes = 1024 * 1024;
  };

  // Called on the io thread after each request, unless the connection was closed.
  using Completion =
      std::function<void(const std::shared_ptr<HttpClientConnection>&, RequestResult&&)>;

  HttpClientConnection(boost::asio::io_context& io, std::shared_ptr<const Settings> settings,
                       Completion onDone);

  // Starts a request that was meant to go out at `intended`; it fails as a timeout when no
  // complete response has arrived by `deadline`. Only when !busy().
  void send(Clock::time_point intended, Clock::time_point deadline);
  // Aborts whatever is in flight; no completion is reported after this.
  void close();

  bool busy() const { return busy_; }
  bool connected() const { return socket_.is_open(); }

 private:
  void connect();
  void onConnect(const boost::system::error_code& ec);
  void write();
  void onWrite(const boost::system::error_code& ec);
  void readSome();
  void onRead(boost::system::error_code ec);
  void onDeadline(std::uint64_t sequence);
  bool retryOnStaleConnection();
  void fail(RequestError error);
  void complete(RequestResult&& result);

  std::shared_ptr<const Settings> settings_;
  Completion onDone_;
  tcp::socket socket_;
  boost::asio::steady_timer deadline_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::buffer_body>> parser_;
  std::array<char, 16 * 1024> discard_{};  // body bytes land here and are dropped

  Clock::time_point intended_{};
  std::uint64_t sequence_ = 0;  // tells a stale deadline from the current request's
  bool busy_ = false;
  bool closed_ = false;
  bool timedOut_ = false;
  bool reusing_ = false;  // this request went out on a connection kept alive from before
};

}  // namespace ms::runtime
