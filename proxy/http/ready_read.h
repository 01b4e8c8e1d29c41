#pragma once
// A socket read that trusts a short read: once recv() returns fewer bytes
// than asked for, the kernel had no more, so the next read waits for epoll
// to say the socket is readable again instead of trying first.
//
// Asio's own reads (Boost 1.81) try recv() at once whenever epoll has said
// "readable" at any time since the last EOF. A proxy's next read on a
// connection (the response after the request went out, the next request
// after the response) almost always comes before the bytes do, so that try
// fails with EAGAIN: about 1.7 wasted system calls per proxied request, 3-4 %
// of the proxy's CPU. Asio's reactor already has the mechanism
// (done_and_exhausted stops the trying until the next epoll event); its
// socket ops only use it for EOF. This op is Asio's receive op with that one
// difference, started through the same reactor, so cancel() and close()
// treat it like any other read.
//
// One case a trusted short read cannot see: a peer's FIN that arrived with
// the data, in the same epoll event. The next read then waits for an event
// that never comes. The sockets' owners (DownstreamSession,
// UpstreamConnection) register them with the hang-up watch (HangupWatch),
// which reports that FIN on its own.
//
// ReadySocket is a TCP socket whose async_read_some is such a read. AnyStream
// uses it for plain connections and as the layer under TLS, where OpenSSL
// asks for more bytes only once it has used all it had.
#include <sys/socket.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/detail/reactor.hpp>
#include <boost/asio/detail/reactor_op.hpp>
#include <boost/asio/detail/socket_ops.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cerrno>
#include <utility>

#include "common/pool_allocator.h"

namespace mp {

using TcpSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;

namespace ready_read_detail {

namespace ad = boost::asio::detail;

// Reaches the socket's reactor state, which basic_socket keeps protected.
// (A pointer to a protected member taken through a derived class may be
// applied to the base.)
struct SocketImpl : TcpSocket {
  static auto& of(TcpSocket& s) { return (s.*(&SocketImpl::impl_)).get_implementation(); }
};

template <class Handler>
class ReceiveOp : public ad::reactor_op {
 public:
  ReceiveOp(int fd, boost::asio::mutable_buffer buffer, Handler handler)
      : reactor_op(boost::system::error_code(), &ReceiveOp::perform, &ReceiveOp::complete),
        fd_(fd), buffer_(buffer), handler_(std::move(handler)) {}
  // Two per proxied request: from the pool, not malloc.
  static void* operator new(size_t bytes) { return pool::allocate(bytes); }
  static void operator delete(void* p, size_t bytes) { pool::deallocate(p, bytes); }

 private:
  static status perform(reactor_op* base) {
    auto* op = static_cast<ReceiveOp*>(base);
    for (;;) {
      const ssize_t n = ::recv(op->fd_, op->buffer_.data(), op->buffer_.size(), 0);
      if (n > 0) {
        op->bytes_transferred_ = size_t(n);
        return size_t(n) < op->buffer_.size() ? done_and_exhausted : done;
      }
      if (n == 0) {
        op->ec_ = boost::asio::error::eof;
        return done_and_exhausted;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return not_done;
      op->ec_ = boost::system::error_code(errno, boost::asio::error::get_system_category());
      return done;
    }
  }

  // owner is null when the io_context is destroyed with the op pending.
  static void complete(void* owner, ad::scheduler_operation* base, const boost::system::error_code&, size_t) {
    auto* op = static_cast<ReceiveOp*>(base);
    Handler handler(std::move(op->handler_));
    const boost::system::error_code ec = op->ec_;
    const size_t n = op->bytes_transferred_;
    delete op;
    if (owner) handler(ec, n);
  }

  int fd_;
  boost::asio::mutable_buffer buffer_;
  Handler handler_;
};

}  // namespace ready_read_detail

class ReadySocket : public TcpSocket {
 public:
  explicit ReadySocket(TcpSocket&& s)
      : TcpSocket(std::move(s)), reactor_(&boost::asio::use_service<reactor_type>(get_executor().context())) {}
  explicit ReadySocket(boost::asio::io_context& io)
      : TcpSocket(io.get_executor()), reactor_(&boost::asio::use_service<reactor_type>(io)) {}

  // Reads some bytes into the first buffer, then calls handler(error_code,
  // bytes), never from inside this call.
  template <class Buffers, class Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    namespace ad = boost::asio::detail;
    const boost::asio::mutable_buffer first = *boost::asio::buffer_sequence_begin(buffers);
    if (first.size() == 0) return TcpSocket::async_read_some(buffers, std::forward<Handler>(handler));
    using Op = ready_read_detail::ReceiveOp<std::decay_t<Handler>>;
    auto& impl = ready_read_detail::SocketImpl::of(*this);
    auto* op = new Op(impl.socket_, first, std::forward<Handler>(handler));
    if (!(impl.state_ & ad::socket_ops::internal_non_blocking) &&
        !ad::socket_ops::set_internal_non_blocking(impl.socket_, impl.state_, true, op->ec_))
      return reactor_->post_immediate_completion(op, false);
    reactor_->start_op(reactor_type::read_op, impl.socket_, impl.reactor_data_, op, false, true);
  }

 private:
  using reactor_type = boost::asio::detail::reactor;
  // Kept, not looked up per read: use_service takes a mutex and compares
  // type names.
  reactor_type* reactor_;
};

}  // namespace mp
