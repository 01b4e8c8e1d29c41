#pragma once
// Envoy's consecutive-error outlier detection for one cluster, as Istio's
// DestinationRule.outlierDetection configures it. Pure state machine: the
// caller feeds results and interval ticks with explicit time points.
#include <chrono>
#include <cstdint>
#include <vector>

#include "config/config.h"

namespace mp {

using Clock = std::chrono::steady_clock;

class OutlierDetector {
 public:
  enum class Result { Success, Error5xx, GatewayError, LocalFailure };

  void configure(const OutlierDetection& cfg, size_t hostCount);
  // Returns true when this result ejected the host.
  bool record(size_t host, Result r, Clock::time_point now);
  // The interval sweep: returns hosts whose ejection time has passed to service.
  void sweep(Clock::time_point now);

  bool ejected(size_t host) const { return host < hosts_.size() && hosts_[host].ejected; }
  uint32_t timesEjected(size_t host) const { return hosts_[host].timesEjected; }
  Clock::time_point ejectedUntil(size_t host) const { return hosts_[host].until; }
  size_t ejectedCount() const;
  uint64_t ejectionsTotal() const { return ejectionsTotal_; }
  // Ejection time for the n-th ejection: base x n, capped at max(300 s, base).
  static Millis ejectionTime(const OutlierDetection& cfg, uint32_t n);

 private:
  struct Host {
    uint32_t consecutive5xx = 0, consecutiveGateway = 0, timesEjected = 0;
    bool ejected = false;
    Clock::time_point until{};
  };
  bool mayEject() const;
  void eject(Host& h, Clock::time_point now);

  OutlierDetection cfg_;
  std::vector<Host> hosts_;
  uint64_t ejectionsTotal_ = 0;
};

}  // namespace mp
