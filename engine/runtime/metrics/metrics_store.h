#pragma once

// In-memory time series for everything the scraper collects. Memory is bounded twice: each
// series keeps a fixed-size ring of points (the oldest is overwritten), and the number of
// series is capped. Thread-safe: the scraper thread ingests while the GUI or meshctl queries.

#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "metrics/prometheus_parser.h"

namespace ms::metrics {

using TimeMs = std::int64_t;  // milliseconds; the scraper uses the Unix epoch

struct Point {
  TimeMs t = 0;
  double v = 0;
};

// A fixed-capacity ring of points in time order.
class PointRing {
 public:
  explicit PointRing(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}
  void push(Point p);
  std::size_t size() const { return points_.size(); }
  std::size_t capacity() const { return capacity_; }
  const Point& operator[](std::size_t i) const { return points_[(head_ + i) % points_.size()]; }
  const Point& back() const { return (*this)[size() - 1]; }

 private:
  std::size_t capacity_;
  std::size_t head_ = 0;  // index of the oldest point once the ring is full
  std::vector<Point> points_;
};

// Points are stored only when the value changes: most series (idle clusters, empty buckets)
// are constant, and a constant series then costs one point. lastSeen says it is still exposed.
struct Series {
  std::string name;
  Labels labels;  // includes instance, the scrape target
  MetricType type = MetricType::Untyped;
  PointRing points;
  TimeMs lastSeen = std::numeric_limits<TimeMs>::min();
};

// Counter arithmetic over [from, to]: the change between the last point at or before `from`
// (or the first point after it) and the last point at or before `to`. A drop in value means the
// process restarted and its counter began again at zero, so the new value is all increase:
// rates never go negative.
double counterIncrease(const PointRing& points, TimeMs from, TimeMs to);
// The last value at or before `at`, or NaN when there is none.
double valueAt(const PointRing& points, TimeMs at);
// A gauge's value at `at`, or NaN when the series was not seen within lookbackMs of `at` (its
// proxy is gone: a killed pod's last ejections_active must not count forever).
double gaugeAt(const Series& series, TimeMs at, TimeMs lookbackMs);

class MetricsStore {
 public:
  struct Options {
    std::size_t pointsPerSeries = 1200;  // changes: 10 minutes at 500 ms for a busy series
    std::size_t maxSeries = 50000;       // at most maxSeries * pointsPerSeries * 16 bytes of points
    TimeMs lookbackMs = 2000;            // how long a gauge's last value stands (4 scrapes)
    TimeMs staleAfterMs = 10 * 60 * 1000;  // series not updated for this long are dropped
    // Families no derived series uses: the byte histograms are two thirds of a proxy's series.
    std::vector<std::string> ignoredFamilies = {"istio_request_bytes", "istio_response_bytes"};
  };

  MetricsStore();
  explicit MetricsStore(Options options);

  // One scrape of one target. Every series gets the label instance=<instance>; an exposed
  // instance label is kept as exported_instance, as Prometheus does. A counter series seen
  // for the first time in a later scrape of a target starts from an implied zero at that
  // target's previous scrape, so the first requests of a new label set (say the first 503 UO)
  // count instead of vanishing into the baseline.
  void ingest(const std::string& instance, TimeMs time, const ParseResult& scrape);
  // A target that did not answer: only up=0 is recorded.
  void ingestDown(const std::string& instance, TimeMs time);

  // Calls fn for every series of the metric under the store's lock; fn must not call back.
  void forEach(const std::string& name, const std::function<void(const Series&)>& fn) const;

  std::size_t seriesCount() const;
  std::size_t droppedSeries() const;  // samples refused because maxSeries was reached
  TimeMs latestTime() const;          // time of the latest ingest
  const Options& options() const { return options_; }

 private:
  Series* findOrCreate(const std::string& name, const Labels& labels, MetricType type,
                       bool& created);
  void add(const std::string& instance, TimeMs time, std::optional<TimeMs> previousScrape,
           const MetricFamily& family, const Sample& sample);
  void dropStale(TimeMs now);

  Options options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Series> series_;  // key: name{sorted labels}
  std::unordered_map<std::string, std::vector<Series*>> byName_;
  std::unordered_map<std::string, TimeMs> lastScrape_;  // per instance
  std::size_t dropped_ = 0;
  TimeMs latest_ = 0;
  TimeMs lastStaleCheck_ = 0;
};

}  // namespace ms::metrics
