#pragma once
// One byte stream that is either plain TCP or TLS over TCP, decided at run
// time (PERMISSIVE inbound sniffs the first bytes). Beast's HTTP algorithms
// only need async_read_some / async_write_some, so a session is written once.
// The socket is bound to the io_context's own executor (no type-erased
// executor per operation) and carries no per-operation timers: sessions
// bound their time with a Deadline. Reads, plain or under TLS, are ready
// reads (ready_read.h): the owner must register the socket with the
// hang-up watch.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>
#include <optional>
#include <string>

#include "http/ready_read.h"

namespace mp {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

class AnyStream {
 public:
  using Socket = TcpSocket;
  using executor_type = Socket::executor_type;
  using TlsStream = asio::ssl::stream<ReadySocket>;

  explicit AnyStream(Socket plain) : plain_(std::in_place, std::move(plain)) {}
  explicit AnyStream(asio::io_context& io) : plain_(std::in_place, io) {}

  // Wraps the plain stream in TLS; the context is kept alive by this stream
  // because OpenSSL callbacks registered on it outlive a config reload.
  void startTls(std::shared_ptr<asio::ssl::context> ctx) {
    ctx_ = std::move(ctx);
    tls_.emplace(std::move(*plain_), *ctx_);
    plain_.reset();
    // Asio turns on SSL_MODE_RELEASE_BUFFERS, so OpenSSL frees its ~16 KiB
    // record buffers after every record and mallocs them again for the next:
    // two large allocations per request per TLS hop. A mesh connection is
    // long-lived and busy, so it keeps its buffers (as Envoy does).
    SSL_clear_mode(tls_->native_handle(), SSL_MODE_RELEASE_BUFFERS);
  }
  bool isTls() const { return tls_.has_value(); }
  TlsStream& tls() { return *tls_; }
  Socket& socket() { return tls_ ? tls_->next_layer() : *plain_; }
  executor_type get_executor() { return socket().get_executor(); }

  template <class Buffers, class Handler>
  void async_read_some(const Buffers& b, Handler&& h) {
    if (tls_) tls_->async_read_some(b, std::forward<Handler>(h));
    else plain_->async_read_some(b, std::forward<Handler>(h));
  }
  template <class Buffers, class Handler>
  void async_write_some(const Buffers& b, Handler&& h) {
    if (tls_) tls_->async_write_some(b, std::forward<Handler>(h));
    else plain_->async_write_some(b, std::forward<Handler>(h));
  }

  void close() {
    boost::system::error_code ec;
    socket().shutdown(tcp::socket::shutdown_both, ec);
    socket().close(ec);
  }

 private:
  std::shared_ptr<asio::ssl::context> ctx_;
  std::optional<ReadySocket> plain_;
  std::optional<TlsStream> tls_;
};

}  // namespace mp
