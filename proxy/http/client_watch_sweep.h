#pragma once
// Starts the watch for a leaving client (Envoy's DC) only on requests that
// are still unanswered a little while after they arrived.
//
// The watch is a readiness wait, and Asio re-arms the socket in epoll for
// every wait it starts: one epoll_ctl per request, about 5 % of the proxy's
// CPU per request on loopback, for a watch that almost never fires because
// almost every request is answered within a millisecond. So a session hands
// its request to the sweep instead: one shared timer ticks while requests
// wait, and a request still unanswered after a full tick gets its watch. A
// client that leaves is then noticed at most two ticks late, and a request
// answered sooner costs a vector push and no system call.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include "config/config.h"

namespace mp {

class DownstreamSession;

class ClientWatchSweep {
 public:
  explicit ClientWatchSweep(boost::asio::io_context& io, Millis tick = Millis(5));
  ClientWatchSweep(const ClientWatchSweep&) = delete;
  ClientWatchSweep& operator=(const ClientWatchSweep&) = delete;

  // The session's request number `request` gets its watch at a later tick,
  // if the session still handles that request then.
  void add(std::weak_ptr<DownstreamSession> session, uint64_t request);

 private:
  void arm();
  void onTick();

  struct Entry {
    std::weak_ptr<DownstreamSession> session;
    uint64_t request;
  };
  boost::asio::steady_timer timer_;
  Millis tick_;
  std::vector<Entry> fresh_;  // added since the last tick
  std::vector<Entry> due_;    // waited a full tick by the next one
  std::vector<Entry> work_;   // being watched now; kept for its capacity
  bool ticking_ = false;
};

}  // namespace mp
