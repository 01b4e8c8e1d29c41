#pragma once

// What the load generator measured, as totals since start and as deltas per interval.
// LoadStats is written by the generator thread and read by any thread; each completed
// request holds its mutex for about a microsecond (two histogram records, a few map
// increments), which is far below the cost of the request itself.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "runtime/load/latency_histogram.h"
#include "runtime/load/request_result.h"

namespace ms::runtime {

// Transparent comparison so that lookups by string_view need no temporary string.
using CountMap = std::map<std::string, std::uint64_t, std::less<>>;

struct LoadCounts {
  std::uint64_t sent = 0;                 // requests issued (intended send time reached)
  std::uint64_t completed = 0;            // requests with an outcome, response or error
  std::uint64_t errors = 0;               // completed with status 0
  std::map<int, std::uint64_t> byStatus;  // 0 = no response
  CountMap byFlag;                        // response flags; "timeout" for timeouts
  CountMap byVersion;                     // only responses carrying x-ms-version
  CountMap byError;                       // errorName() of status-0 outcomes
  LatencyHistogram latency;               // responses only (status != 0), microseconds
  double seconds = 0;                     // wall time this covers
  double intendedRate = 0;  // open model target rate at snapshot time, req/s (0: closed)

  double achievedRate() const { return seconds > 0 ? double(completed) / seconds : 0; }
  double sentRate() const { return seconds > 0 ? double(sent) / seconds : 0; }
};

class LoadStats {
 public:
  using Clock = std::chrono::steady_clock;

  LoadStats();

  void recordSent();
  void record(const RequestResult& result);
  void setIntendedRate(double rate);
  // Restarts totals and interval, e.g. when the generator starts.
  void restart();

  LoadCounts total() const;
  // Counts since the previous takeInterval() (or start); meant for one polling consumer.
  LoadCounts takeInterval();

 private:
  static void add(LoadCounts& counts, const RequestResult& result);

  mutable std::mutex mutex_;
  LoadCounts total_;
  LoadCounts interval_;
  Clock::time_point startedAt_;
  Clock::time_point intervalStartedAt_;
  double intendedRate_ = 0;
};

// Calls f(flag) for every flag in a comma or space separated x-ms-response-flags value;
// "-" (Envoy's "no flags") is skipped.
template <typename F>
void forEachFlag(std::string_view flags, F&& f) {
  std::size_t i = 0;
  while (i < flags.size()) {
    const std::size_t end = flags.find_first_of(", ", i);
    const std::string_view flag = flags.substr(i, end == std::string_view::npos ? end : end - i);
    if (!flag.empty() && flag != "-") f(flag);
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
}

}  // namespace ms::runtime
