#pragma once
// A per-connection timeout that is cheap to move. Setting or clearing it
// stores a time point; the one timer behind it is re-armed only when the new
// deadline is earlier than the time it waits for, and when it fires early
// (the deadline moved later meanwhile) it simply waits again. A connection
// that moves its deadline on every request therefore costs no timer-queue
// work and no timerfd system call per request, unlike a timer per operation.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>

namespace mp {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  // onExpire runs on the io_context when a set deadline passes, once per
  // set(); never after the Deadline is destroyed.
  Deadline(boost::asio::io_context& io, std::function<void()> onExpire);
  ~Deadline();
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  void set(Clock::duration d) { setAt(Clock::now() + d); }
  void setAt(Clock::time_point t);
  void clear();
  bool armed() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace mp
