#include "runtime/load/load_driver.h"

#include <algorithm>

namespace ms::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

LoadDriver::LoadDriver(asio::io_context& io,
                       std::shared_ptr<const HttpClientConnection::Settings> settings,
                       LoadOptions options, LoadStats& stats, std::function<void()> onFinished)
    : io_(io),
      settings_(std::move(settings)),
      options_(std::move(options)),
      stats_(stats),
      onFinished_(std::move(onFinished)),
      tick_(io),
      stageTimer_(io),
      endTimer_(io) {
  std::stable_sort(options_.stages.begin(), options_.stages.end(),
                   [](const LoadStage& a, const LoadStage& b) { return a.at < b.at; });
}

void LoadDriver::start() {
  startedAt_ = origin_ = Clock::now();
  index_ = 0;
  scheduleStage();
  if (options_.duration.count() > 0) {
    endTimer_.expires_at(startedAt_ + options_.duration);
    endTimer_.async_wait([this](const error_code& ec) {
      if (!ec) onEnd();
    });
  }
  if (options_.model == LoadModel::Open) {
    rate_ = std::max(0.0, options_.rate);
    stats_.setIntendedRate(rate_);
    scheduleTick();
  } else {
    setConcurrency(options_.concurrency);
  }
}

void LoadDriver::setRate(double rate) {
  if (options_.model != LoadModel::Open || stopped_) return;
  rate_ = std::max(0.0, rate);
  stats_.setIntendedRate(rate_);
  // Restart the clock at the new rate: the next request is due one new period from now.
  origin_ = Clock::now();
  index_ = 1;
  ++tickGeneration_;
  tick_.cancel();
  scheduleTick();
}

void LoadDriver::setConcurrency(int concurrency) {
  if (options_.model != LoadModel::Closed || stopped_) return;
  concurrency_ = std::max(0, concurrency);
  addClients();  // surplus clients retire as their current request completes
}

void LoadDriver::stop() {
  stopped_ = true;
  tick_.cancel();
  stageTimer_.cancel();
  endTimer_.cancel();
  for (const auto& connection : connections_) connection->close();
  connections_.clear();
  idle_.clear();
  pending_.clear();
}

// --- Open model ----------------------------------------------------------------------------

LoadDriver::Clock::time_point LoadDriver::nextIntended() const {
  const std::chrono::duration<double> offset(static_cast<double>(index_) / rate_);
  return origin_ + std::chrono::duration_cast<Clock::duration>(offset);
}

// Requests are due strictly before start + duration; the end timer may fire after the
// last ticks, so the ticks check it themselves.
bool LoadDriver::dueBeforeEnd(Clock::time_point due) const {
  return options_.duration.count() <= 0 || due < startedAt_ + options_.duration;
}

void LoadDriver::scheduleTick() {
  if (!issuing() || rate_ <= 0 || !dueBeforeEnd(nextIntended())) return;
  tick_.expires_at(nextIntended());
  tick_.async_wait([this, generation = tickGeneration_](const error_code& ec) {
    if (!ec) onTick(generation);
  });
}

// Issues every request whose intended time has come, also those the timer woke up late
// for: they keep their intended times, so any lateness shows in their latency.
void LoadDriver::onTick(std::uint64_t generation) {
  if (generation != tickGeneration_ || !issuing() || rate_ <= 0) return;
  const auto now = Clock::now();
  for (auto due = nextIntended(); due <= now && dueBeforeEnd(due); due = nextIntended()) {
    ++index_;
    issue(due);
  }
  scheduleTick();
}

void LoadDriver::issue(Clock::time_point intended) {
  stats_.recordSent();
  if (pending_.size() >= options_.maxPending) {
    stats_.record(RequestResult::failure(RequestError::QueueFull));
    return;
  }
  pending_.push_back(intended);
  dispatch();
}

// Hands waiting requests, oldest first, to free connections; requests that waited past
// their deadline fail as timeouts without being sent.
void LoadDriver::dispatch() {
  while (!pending_.empty()) {
    const auto intended = pending_.front();
    const auto deadline = intended + options_.timeout;
    const auto now = Clock::now();
    if (deadline <= now) {
      pending_.pop_front();
      const auto waited = std::chrono::duration_cast<std::chrono::microseconds>(now - intended);
      stats_.record(RequestResult::failure(RequestError::Timeout,
                                           static_cast<std::uint64_t>(waited.count())));
      continue;
    }
    auto connection = takeConnection();
    if (!connection) return;  // all busy and at the cap: the request waits its turn
    pending_.pop_front();
    connection->send(intended, deadline);
  }
}

LoadDriver::ConnectionPtr LoadDriver::takeConnection() {
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());  // the most recently used is the warmest
    idle_.pop_back();
    return connection;
  }
  if (static_cast<int>(connections_.size()) >= options_.maxConnections) return nullptr;
  auto connection = std::make_shared<HttpClientConnection>(
      io_, settings_,
      [this](const ConnectionPtr& c, RequestResult&& r) { onComplete(c, std::move(r)); });
  connections_.push_back(connection);
  return connection;
}

// --- Closed model --------------------------------------------------------------------------

void LoadDriver::addClients() {
  while (issuing() && static_cast<int>(connections_.size()) < concurrency_) {
    auto connection = takeConnection();
    if (!connection) return;
    sendClosed(connection);
  }
}

void LoadDriver::sendClosed(const ConnectionPtr& connection) {
  if (!issuing() || static_cast<int>(connections_.size()) > concurrency_) {
    retire(connection);
    return checkFinished();
  }
  stats_.recordSent();
  const auto now = Clock::now();
  connection->send(now, now + options_.timeout);
}

void LoadDriver::backOff(const ConnectionPtr& connection) {
  auto timer = std::make_shared<asio::steady_timer>(io_, options_.reconnectBackoff);
  timer->async_wait([this, timer, connection](const error_code& ec) {
    if (!ec && !stopped_) sendClosed(connection);
  });
}

// --- Both ----------------------------------------------------------------------------------

void LoadDriver::onComplete(const ConnectionPtr& connection, RequestResult&& result) {
  const bool connectFailed = result.error == RequestError::Connect;
  stats_.record(result);
  if (stopped_) return;
  if (options_.model == LoadModel::Closed) {
    if (connectFailed && options_.reconnectBackoff.count() > 0 && issuing()) {
      return backOff(connection);
    }
    return sendClosed(connection);
  }
  idle_.push_back(connection);
  dispatch();
  checkFinished();
}

void LoadDriver::retire(const ConnectionPtr& connection) {
  connection->close();
  std::erase(connections_, connection);
  std::erase(idle_, connection);
}

void LoadDriver::scheduleStage() {
  if (nextStage_ >= options_.stages.size()) return;
  stageTimer_.expires_at(startedAt_ + options_.stages[nextStage_].at);
  stageTimer_.async_wait([this](const error_code& ec) {
    if (ec || stopped_) return;
    const LoadStage& stage = options_.stages[nextStage_++];
    if (options_.model == LoadModel::Open) {
      setRate(stage.rate);
    } else {
      setConcurrency(stage.concurrency);
    }
    scheduleStage();
  });
}

void LoadDriver::onEnd() {
  ended_ = true;
  tick_.cancel();
  stageTimer_.cancel();
  // Requests still waiting for a connection were issued in time; they complete or time out.
  checkFinished();
}

void LoadDriver::checkFinished() {
  if (!ended_ || finished_ || stopped_ || !pending_.empty()) return;
  // Closed-model clients retire as their last request completes (or their back-off ends).
  const bool busy = options_.model == LoadModel::Closed
                        ? !connections_.empty()
                        : std::any_of(connections_.begin(), connections_.end(),
                                      [](const ConnectionPtr& c) { return c->busy(); });
  if (busy) return;
  finished_ = true;
  for (const auto& connection : connections_) connection->close();
  connections_.clear();
  idle_.clear();
  onFinished_();
}

}  // namespace ms::runtime
