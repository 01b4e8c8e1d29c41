#include "metrics/metrics_store.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ms::metrics {

void PointRing::push(Point p) {
  if (points_.size() < capacity_) {
    points_.push_back(p);
    return;
  }
  points_[head_] = p;  // overwrite the oldest
  head_ = (head_ + 1) % capacity_;
}

namespace {

// Index of the last point with t <= at, or -1.
long lastAtOrBefore(const PointRing& r, TimeMs at) {
  long lo = 0, hi = long(r.size()) - 1, found = -1;
  while (lo <= hi) {
    long mid = (lo + hi) / 2;
    if (r[std::size_t(mid)].t <= at)
      found = mid, lo = mid + 1;
    else
      hi = mid - 1;
  }
  return found;
}

std::string keyOf(const std::string& name, const Labels& labels) {
  std::string key = name + '{';
  for (const auto& l : labels) {
    key += l.name;
    key += "=\"";
    for (char c : l.value) key += c == '"' || c == '\\' ? std::string{'\\', c} : std::string{c};
    key += "\",";
  }
  key += '}';
  return key;
}

// Counters and the cumulative parts of histograms and summaries only grow.
bool isCumulative(const MetricFamily& family, const Sample& s) {
  switch (family.type) {
    case MetricType::Counter:
      return true;
    case MetricType::Histogram:
      return s.name != family.name;
    case MetricType::Summary:
      return s.name != family.name;
    default:
      return false;
  }
}

}  // namespace

double counterIncrease(const PointRing& r, TimeMs from, TimeMs to) {
  long end = lastAtOrBefore(r, to);
  if (end < 0) return 0;
  long begin = std::max(0L, lastAtOrBefore(r, from));
  double increase = 0;
  for (long i = begin + 1; i <= end; ++i) {
    double prev = r[std::size_t(i - 1)].v, cur = r[std::size_t(i)].v;
    increase += cur >= prev ? cur - prev : cur;  // a drop is a reset to zero
  }
  return increase;
}

double valueAt(const PointRing& r, TimeMs at) {
  long i = lastAtOrBefore(r, at);
  return i < 0 ? std::numeric_limits<double>::quiet_NaN() : r[std::size_t(i)].v;
}

double gaugeAt(const Series& series, TimeMs at, TimeMs lookbackMs) {
  if (series.lastSeen < at - lookbackMs) return std::numeric_limits<double>::quiet_NaN();
  return valueAt(series.points, at);
}

MetricsStore::MetricsStore() : MetricsStore(Options{}) {}
MetricsStore::MetricsStore(Options options) : options_(std::move(options)) {}

Series* MetricsStore::findOrCreate(const std::string& name, const Labels& labels, MetricType type,
                                   bool& created) {
  std::string key = keyOf(name, labels);
  created = false;
  auto it = series_.find(key);
  if (it != series_.end()) return &it->second;
  if (series_.size() >= options_.maxSeries) {
    ++dropped_;
    return nullptr;
  }
  created = true;
  Series& s = series_.emplace(key, Series{name, labels, type, PointRing(options_.pointsPerSeries)})
                  .first->second;
  byName_[name].push_back(&s);
  return &s;
}

void MetricsStore::add(const std::string& instance, TimeMs time,
                       std::optional<TimeMs> previousScrape, const MetricFamily& family,
                       const Sample& sample) {
  Labels labels = sample.labels;
  for (auto& l : labels)
    if (l.name == "instance") l.name = "exported_instance";
  labels.push_back({"instance", instance});
  std::sort(labels.begin(), labels.end(),
            [](const Label& a, const Label& b) { return a.name < b.name; });
  bool created = false;
  Series* s = findOrCreate(sample.name, labels, family.type, created);
  if (!s) return;
  if (created && previousScrape && *previousScrape < time && isCumulative(family, sample))
    s->points.push({*previousScrape, 0});
  // Points must stay in time order for the binary searches; a clock step back is dropped.
  if (s->lastSeen >= time) return;
  s->lastSeen = time;
  bool same =
      s->points.size() > 0 && (s->points.back().v == sample.value ||
                               (std::isnan(s->points.back().v) && std::isnan(sample.value)));
  if (!same) s->points.push({time, sample.value});
}

void MetricsStore::ingest(const std::string& instance, TimeMs time, const ParseResult& scrape) {
  std::lock_guard lock(mutex_);
  auto last = lastScrape_.find(instance);
  std::optional<TimeMs> previous;
  if (last != lastScrape_.end()) previous = last->second;
  for (const auto& family : scrape.families) {
    if (std::find(options_.ignoredFamilies.begin(), options_.ignoredFamilies.end(), family.name) !=
        options_.ignoredFamilies.end())
      continue;
    for (const auto& sample : family.samples) add(instance, time, previous, family, sample);
  }
  MetricFamily up{"up", MetricType::Gauge, {}, {}};
  add(instance, time, previous, up, Sample{"up", {}, 1, {}});
  lastScrape_[instance] = time;
  latest_ = std::max(latest_, time);
  dropStale(time);
}

void MetricsStore::ingestDown(const std::string& instance, TimeMs time) {
  std::lock_guard lock(mutex_);
  MetricFamily up{"up", MetricType::Gauge, {}, {}};
  add(instance, time, std::nullopt, up, Sample{"up", {}, 0, {}});
  latest_ = std::max(latest_, time);
  dropStale(time);
}

// Series of pods that are gone would otherwise hold their ring forever.
void MetricsStore::dropStale(TimeMs now) {
  if (now - lastStaleCheck_ < options_.staleAfterMs / 10) return;
  lastStaleCheck_ = now;
  for (auto it = series_.begin(); it != series_.end();) {
    if (now - it->second.lastSeen <= options_.staleAfterMs) {
      ++it;
      continue;
    }
    auto& index = byName_[it->second.name];
    index.erase(std::remove(index.begin(), index.end(), &it->second), index.end());
    it = series_.erase(it);
  }
}

void MetricsStore::forEach(const std::string& name,
                           const std::function<void(const Series&)>& fn) const {
  std::lock_guard lock(mutex_);
  auto it = byName_.find(name);
  if (it == byName_.end()) return;
  for (const Series* s : it->second) fn(*s);
}

std::size_t MetricsStore::seriesCount() const {
  std::lock_guard lock(mutex_);
  return series_.size();
}

std::size_t MetricsStore::droppedSeries() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

TimeMs MetricsStore::latestTime() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

}  // namespace ms::metrics
