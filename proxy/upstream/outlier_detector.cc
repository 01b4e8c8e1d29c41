#include "upstream/outlier_detector.h"

#include <algorithm>

namespace mp {

void OutlierDetector::configure(const OutlierDetection& cfg, size_t hostCount) {
  cfg_ = cfg;
  hosts_.resize(hostCount);  // existing hosts keep their state across reloads
}

Millis OutlierDetector::ejectionTime(const OutlierDetection& cfg, uint32_t n) {
  const Millis cap = std::max(Millis(300000), cfg.baseEjectionTime);
  return std::min(cap, cfg.baseEjectionTime * std::max<uint32_t>(n, 1));
}

size_t OutlierDetector::ejectedCount() const {
  return size_t(std::count_if(hosts_.begin(), hosts_.end(), [](const Host& h) { return h.ejected; }));
}

// maxEjectionPercent bounds ejections, but Envoy always allows ejecting one.
bool OutlierDetector::mayEject() const {
  const size_t active = ejectedCount();
  if (active == 0) return true;
  return 100.0 * double(active + 1) / double(hosts_.size()) <= double(cfg_.maxEjectionPercent);
}

void OutlierDetector::eject(Host& h, Clock::time_point now) {
  h.ejected = true;
  ++h.timesEjected;
  ++ejectionsTotal_;
  h.until = now + ejectionTime(cfg_, h.timesEjected);
  h.consecutive5xx = h.consecutiveGateway = 0;
}

bool OutlierDetector::record(size_t host, Result r, Clock::time_point now) {
  if (!cfg_.enabled || host >= hosts_.size()) return false;
  Host& h = hosts_[host];
  if (r == Result::Success) {
    h.consecutive5xx = h.consecutiveGateway = 0;
    return false;
  }
  // Local failures (connect failure, reset, timeout) count as 5xx and as
  // gateway errors, as Envoy does without split_external_local_origin_errors.
  ++h.consecutive5xx;
  if (r == Result::GatewayError || r == Result::LocalFailure) ++h.consecutiveGateway;
  else h.consecutiveGateway = 0;
  if (h.ejected) return false;
  const bool hit5xx = cfg_.consecutive5xx && h.consecutive5xx >= cfg_.consecutive5xx;
  const bool hitGw = cfg_.consecutiveGatewayErrors && h.consecutiveGateway >= cfg_.consecutiveGatewayErrors;
  if (!(hit5xx || hitGw)) return false;
  if (!mayEject()) return false;
  eject(h, now);
  return true;
}

void OutlierDetector::sweep(Clock::time_point now) {
  for (auto& h : hosts_)
    if (h.ejected && now >= h.until) h.ejected = false;
}

}  // namespace mp
