#include "runtime/load/load_stats.h"

namespace ms::runtime {

std::string_view errorName(RequestError error) {
  switch (error) {
    case RequestError::None:
      return "";
    case RequestError::Connect:
      return "connect";
    case RequestError::Io:
      return "io";
    case RequestError::Timeout:
      return "timeout";
    case RequestError::Protocol:
      return "protocol";
    case RequestError::QueueFull:
      return "queue_full";
  }
  return "unknown";
}

namespace {

double secondsBetween(LoadStats::Clock::time_point from, LoadStats::Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Looks up by string_view first so that the common case (key already there) does not
// build a std::string.
void increment(CountMap& map, std::string_view key) {
  auto it = map.find(key);
  if (it == map.end()) it = map.emplace(std::string(key), 0).first;
  ++it->second;
}

}  // namespace

LoadStats::LoadStats() { restart(); }

void LoadStats::restart() {
  std::lock_guard lock(mutex_);
  total_ = LoadCounts{};
  interval_ = LoadCounts{};
  startedAt_ = intervalStartedAt_ = Clock::now();
}

void LoadStats::recordSent() {
  std::lock_guard lock(mutex_);
  ++total_.sent;
  ++interval_.sent;
}

void LoadStats::setIntendedRate(double rate) {
  std::lock_guard lock(mutex_);
  intendedRate_ = rate;
}

void LoadStats::add(LoadCounts& counts, const RequestResult& result) {
  ++counts.completed;
  ++counts.byStatus[result.status];
  if (result.status == 0) {
    ++counts.errors;
    increment(counts.byError, errorName(result.error));
    // The lead's spec: a timeout is status 0 with the flag "timeout".
    if (result.error == RequestError::Timeout) increment(counts.byFlag, "timeout");
    return;
  }
  counts.latency.record(result.latencyMicros);
  forEachFlag(result.flags, [&](std::string_view flag) { increment(counts.byFlag, flag); });
  if (!result.version.empty()) increment(counts.byVersion, result.version);
}

void LoadStats::record(const RequestResult& result) {
  std::lock_guard lock(mutex_);
  add(total_, result);
  add(interval_, result);
}

LoadCounts LoadStats::total() const {
  std::lock_guard lock(mutex_);
  LoadCounts copy = total_;
  copy.seconds = secondsBetween(startedAt_, Clock::now());
  copy.intendedRate = intendedRate_;
  return copy;
}

LoadCounts LoadStats::takeInterval() {
  LoadCounts fresh;  // allocated outside the lock
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  std::swap(fresh, interval_);
  fresh.seconds = secondsBetween(intervalStartedAt_, now);
  fresh.intendedRate = intendedRate_;
  intervalStartedAt_ = now;
  return fresh;
}

}  // namespace ms::runtime
