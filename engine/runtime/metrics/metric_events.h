#pragma once

// Events read off the series as they change: an outlier detector ejecting or returning an
// endpoint, and a circuit breaker starting to overflow. Call update() after every ingest.

#include <map>
#include <string>
#include <vector>

#include "metrics/metrics_store.h"

namespace ms::metrics {

struct MetricEvent {
  enum class Kind { EndpointEjected, EndpointReturned, OverflowBurst };
  Kind kind;
  TimeMs time = 0;
  std::string subject;   // the cluster (ejections) or "source -> destination service" (overflow)
  std::string instance;  // the proxy that saw it; empty for overflow bursts, summed over proxies
  double count = 0;      // endpoints ejected or returned, or UO responses in the burst's interval
  std::string text;      // one line for an event list
};

const char* toString(MetricEvent::Kind kind);

class MetricEventDetector {
 public:
  // Events between the previous update and `now` (the store's latest time when omitted).
  std::vector<MetricEvent> update(const MetricsStore& store);
  std::vector<MetricEvent> update(const MetricsStore& store, TimeMs now);

 private:
  void ejections(const MetricsStore& store, TimeMs now, std::vector<MetricEvent>& out);
  void overflows(const MetricsStore& store, TimeMs now, std::vector<MetricEvent>& out);

  TimeMs last_ = 0;
  bool started_ = false;
  std::map<std::string, double> activeEjections_;  // instance|cluster -> ejections_active
  std::map<std::string, bool> overflowing_;        // edge -> UO seen in the previous interval
};

}  // namespace ms::metrics
