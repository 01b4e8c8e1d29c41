#include "common/deadline.h"

namespace mp {

struct Deadline::State {
  State(boost::asio::io_context& io, std::function<void()> f) : timer(io), onExpire(std::move(f)) {}
  boost::asio::steady_timer timer;
  std::function<void()> onExpire;
  Clock::time_point deadline = Clock::time_point::max();    // max: none set
  Clock::time_point waitingFor = Clock::time_point::max();  // max: no wait pending
};

namespace {

void arm(const std::shared_ptr<Deadline::State>& st);

void onTimer(const std::shared_ptr<Deadline::State>& st) {
  st->waitingFor = Deadline::Clock::time_point::max();
  if (st->deadline == Deadline::Clock::time_point::max()) return;  // cleared meanwhile
  if (Deadline::Clock::now() < st->deadline) return arm(st);       // moved later meanwhile
  st->deadline = Deadline::Clock::time_point::max();
  if (st->onExpire) st->onExpire();
}

void arm(const std::shared_ptr<Deadline::State>& st) {
  st->waitingFor = st->deadline;
  st->timer.expires_at(st->deadline);  // a later wait still pending ends with operation_aborted
  st->timer.async_wait([st](boost::system::error_code ec) {
    if (!ec) onTimer(st);
  });
}

}  // namespace

Deadline::Deadline(boost::asio::io_context& io, std::function<void()> onExpire)
    : state_(std::make_shared<State>(io, std::move(onExpire))) {}

Deadline::~Deadline() {
  state_->onExpire = nullptr;
  state_->deadline = Clock::time_point::max();
  state_->timer.cancel();
}

bool Deadline::armed() const { return state_->deadline != Clock::time_point::max(); }

void Deadline::clear() { state_->deadline = Clock::time_point::max(); }

void Deadline::setAt(Clock::time_point t) {
  state_->deadline = t;
  if (t < state_->waitingFor) arm(state_);
}

}  // namespace mp
