#include "metrics/metric_events.h"

#include <cmath>

#include "metrics/mesh_queries.h"

namespace ms::metrics {

const char* toString(MetricEvent::Kind kind) {
  switch (kind) {
    case MetricEvent::Kind::EndpointEjected:
      return "endpoint ejected";
    case MetricEvent::Kind::EndpointReturned:
      return "endpoint returned";
    case MetricEvent::Kind::OverflowBurst:
      return "overflow burst";
  }
  return "?";
}

namespace {

std::string countText(double n, const char* what) {
  long whole = std::lround(n);
  return std::to_string(whole) + " " + what + (whole == 1 ? "" : "s");
}

}  // namespace

std::vector<MetricEvent> MetricEventDetector::update(const MetricsStore& store) {
  return update(store, store.latestTime());
}

std::vector<MetricEvent> MetricEventDetector::update(const MetricsStore& store, TimeMs now) {
  std::vector<MetricEvent> out;
  if (started_ && now <= last_) return out;
  // The first call only learns the state; there is no earlier interval to compare with.
  if (!started_) last_ = now;
  ejections(store, now, out);
  overflows(store, now, out);
  started_ = true;
  last_ = now;
  return out;
}

// Ejections come from ejections_total, which also catches an eject-and-return between two
// scrapes; returns are what ejections_active lost beyond that.
void MetricEventDetector::ejections(const MetricsStore& store, TimeMs now,
                                    std::vector<MetricEvent>& out) {
  std::map<std::string, double> ejected;  // instance|cluster -> new ejections
  store.forEach("envoy_cluster_outlier_detection_ejections_total", [&](const Series& s) {
    std::string key = labelValue(s.labels, "instance") + "|" + labelValue(s.labels, "cluster_name");
    ejected[key] += counterIncrease(s.points, last_, now);
  });
  store.forEach("envoy_cluster_outlier_detection_ejections_active", [&](const Series& s) {
    const std::string& instance = labelValue(s.labels, "instance");
    const std::string& cluster = labelValue(s.labels, "cluster_name");
    std::string key = instance + "|" + cluster;
    double current = gaugeAt(s, now, store.options().lookbackMs);
    if (std::isnan(current)) return;
    double before = activeEjections_.count(key) ? activeEjections_[key] : 0;
    activeEjections_[key] = current;
    if (!started_) return;
    double in = std::max(ejected[key], current - before);
    double returned = before + in - current;
    if (in > 0)
      out.push_back(
          {MetricEvent::Kind::EndpointEjected, now, cluster, instance, in,
           countText(in, "endpoint") + " ejected from " + cluster + " (seen by " + instance + ")"});
    if (returned > 0)
      out.push_back({MetricEvent::Kind::EndpointReturned, now, cluster, instance, returned,
                     countText(returned, "endpoint") + " returned to " + cluster + " (seen by " +
                         instance + ")"});
  });
}

// A burst starts when an edge answers UO after an interval without any.
void MetricEventDetector::overflows(const MetricsStore& store, TimeMs now,
                                    std::vector<MetricEvent>& out) {
  std::map<std::string, double> uo;
  store.forEach("istio_requests_total", [&](const Series& s) {
    if (labelValue(s.labels, "reporter") != "source" ||
        !hasResponseFlag(labelValue(s.labels, "response_flags"), "UO"))
      return;
    std::string edge = labelValue(s.labels, "source_workload") + " -> " +
                       labelValue(s.labels, "destination_service");
    uo[edge] += counterIncrease(s.points, last_, now);
  });
  for (auto& [edge, wasOverflowing] : overflowing_)
    if (!uo.count(edge)) wasOverflowing = false;
  for (const auto& [edge, n] : uo) {
    bool& was = overflowing_[edge];
    if (n > 0 && !was && started_)
      out.push_back({MetricEvent::Kind::OverflowBurst, now, edge, "", n,
                     "overflow burst on " + edge + ": " + countText(n, "503 UO response")});
    was = n > 0;
  }
}

}  // namespace ms::metrics
