#include "http/hangup_watch.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "common/log.h"

namespace mp {

bool peerLeft(int fd) {
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n >= 0) return n == 0;
  return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

// The service is created by use_service on an io_context, so ctx is one.
HangupWatch::HangupWatch(boost::asio::execution_context& ctx)
    : service(ctx), epoll_(static_cast<boost::asio::io_context&>(ctx)) {
  const int fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (fd < 0) {
    log::error("hang-up watch: epoll_create1 failed; peers that leave are noticed only when read (no DC)");
    return;
  }
  epoll_.assign(fd);
  wait();
}

void HangupWatch::shutdown() {
  boost::system::error_code ignored;
  epoll_.close(ignored);
}

bool HangupWatch::watch(int fd, std::weak_ptr<HangupListener> listener) {
  if (!epoll_.is_open() || fd < 0) return false;
  if (size_t(fd) >= byFd_.size()) byFd_.resize(size_t(fd) + 1);
  Entry& e = byFd_[size_t(fd)];
  e.listener = std::move(listener);
  e.generation = ++generation_;
  epoll_event ev{};
  ev.events = EPOLLRDHUP | EPOLLET;
  ev.data.u64 = (uint64_t(e.generation) << 32) | uint32_t(fd);
  return ::epoll_ctl(epoll_.native_handle(), EPOLL_CTL_ADD, fd, &ev) == 0;
}

void HangupWatch::wait() {
  epoll_.async_wait(boost::asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code ec) {
    if (ec) return;  // closed with the watch: `this` may be gone
    onHangups();
    wait();
  });
}

void HangupWatch::onHangups() {
  std::array<epoll_event, 64> events;
  int n;
  do {
    n = ::epoll_wait(epoll_.native_handle(), events.data(), int(events.size()), 0);
    for (int i = 0; i < n; ++i) {
      const uint32_t fd = uint32_t(events[i].data.u64);
      const uint32_t generation = uint32_t(events[i].data.u64 >> 32);
      if (fd >= byFd_.size() || byFd_[fd].generation != generation) continue;
      if (auto l = byFd_[fd].listener.lock()) l->onHangup();
    }
  } while (n == int(events.size()));
}

}  // namespace mp
