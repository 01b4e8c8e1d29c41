#pragma once
// Tells sessions when their client closes or resets its connection (Envoy's
// DC), at no cost per request.
//
// Asio can only wait on a socket by re-arming it in epoll (an epoll_ctl) or
// by trying a read that finds nothing (a failed recv), and a session would
// have to wait anew for every request it handles: about 5 % of the proxy's
// CPU per request on loopback. This watch keeps an epoll set of its own, in
// which each downstream socket is registered once, for EPOLLRDHUP (plus the
// errors epoll always reports), edge-triggered. The set turns readable only
// when a client hangs up, never for a new or pipelined request, and Asio
// waits on the set's one descriptor instead of on each socket.
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdint>
#include <memory>
#include <vector>

namespace mp {

class DownstreamSession;

class ClientCloseWatch {
 public:
  explicit ClientCloseWatch(boost::asio::io_context& io);
  ClientCloseWatch(const ClientCloseWatch&) = delete;
  ClientCloseWatch& operator=(const ClientCloseWatch&) = delete;

  // Calls session->onClientClosed() when the peer of socket `fd` hangs up,
  // for as long as that socket is open (closing it unregisters it). False
  // when the kernel refuses the registration.
  bool watch(int fd, std::weak_ptr<DownstreamSession> session);

 private:
  void wait();
  void onHangups();

  struct Entry {
    std::weak_ptr<DownstreamSession> session;
    uint32_t generation = 0;  // tells a reused descriptor number from its predecessor
  };
  boost::asio::posix::stream_descriptor epoll_;
  std::vector<Entry> byFd_;
  uint32_t generation_ = 0;
};

}  // namespace mp
