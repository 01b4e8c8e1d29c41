#pragma once
// Tells connections when their peer closes or resets them, at no cost per
// request: a client leaving mid-request (Envoy's DC), an upstream closing a
// pooled connection.
//
// Asio can only wait on a socket by re-arming it in epoll (an epoll_ctl) or
// by trying a read that finds nothing (a failed recv), and a connection
// would have to wait anew for every request. This watch keeps an epoll set
// of its own, in which each socket is registered once, for EPOLLRDHUP (plus
// the errors epoll always reports), edge-triggered. The set turns readable
// only when a peer hangs up, never for a new request or response, and Asio
// waits on the set's one descriptor instead of on each socket.
//
// It also sees the FIN a trusted short read cannot (ready_read.h): one that
// came in the same epoll event as the last bytes.
//
// One watch per io_context, as an Asio service: HangupWatch::of(io).
#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdint>
#include <memory>
#include <vector>

namespace mp {

// Whether the peer of socket fd has left: a peek, which takes nothing. True
// for a close (0 bytes) or a reset; false while bytes or nothing wait.
bool peerLeft(int fd);

class HangupListener {
 public:
  // The peer closed or reset the connection.
  virtual void onHangup() = 0;

 protected:
  ~HangupListener() = default;
};

class HangupWatch : public boost::asio::execution_context::service {
 public:
  static inline boost::asio::execution_context::id id;
  static HangupWatch& of(boost::asio::io_context& io) { return boost::asio::use_service<HangupWatch>(io); }

  explicit HangupWatch(boost::asio::execution_context& ctx);

  // Calls listener->onHangup() when the peer of socket `fd` hangs up, for
  // as long as that socket is open (closing it unregisters it). False when
  // the kernel refuses the registration.
  bool watch(int fd, std::weak_ptr<HangupListener> listener);

 private:
  void shutdown() override;
  void wait();
  void onHangups();

  struct Entry {
    std::weak_ptr<HangupListener> listener;
    uint32_t generation = 0;  // tells a reused descriptor number from its predecessor
  };
  boost::asio::posix::stream_descriptor epoll_;
  std::vector<Entry> byFd_;
  uint32_t generation_ = 0;
};

}  // namespace mp
