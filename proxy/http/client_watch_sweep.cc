#include "http/client_watch_sweep.h"

#include "http/downstream_session.h"

namespace mp {

ClientWatchSweep::ClientWatchSweep(boost::asio::io_context& io, Millis tick) : timer_(io), tick_(tick) {}

void ClientWatchSweep::add(std::weak_ptr<DownstreamSession> session, uint64_t request) {
  fresh_.push_back({std::move(session), request});
  if (!ticking_) arm();
}

void ClientWatchSweep::arm() {
  ticking_ = true;
  timer_.expires_after(tick_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;  // cancelled: the sweep, and `this`, may be gone
    onTick();
  });
}

// Entries move fresh -> due -> watched, one step a tick, so each waited at
// least one full tick. The vectors trade storage instead of reallocating.
void ClientWatchSweep::onTick() {
  ticking_ = false;
  work_.swap(due_);
  due_.swap(fresh_);
  for (auto& e : work_)
    if (auto s = e.session.lock()) s->watchIfStillHandling(e.request);
  work_.clear();
  if (!due_.empty() || !fresh_.empty()) arm();
}

}  // namespace mp
