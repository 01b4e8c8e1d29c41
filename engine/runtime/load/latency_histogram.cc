#include "runtime/load/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ms::runtime {

namespace {

constexpr int kSubBits = 7;                           // 128 sub-buckets per octave
constexpr std::uint64_t kSubCount = 1u << kSubBits;   // 128
constexpr std::uint64_t kExactLimit = 2 * kSubCount;  // values < 256 are exact
// Octaves above the exact range: [256·2^(k-1), 256·2^k) for k = 1..24 up to 2^32.
constexpr int kOctaves = 32 - (kSubBits + 1);
constexpr std::size_t kBucketCount = kExactLimit + kOctaves * kSubCount;

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBucketCount, 0) {}

std::size_t LatencyHistogram::bucketOf(std::uint64_t v) {
  v = std::min(v, kMaxValue);
  if (v < kExactLimit) return static_cast<std::size_t>(v);
  // v has its top bit at position msb >= 8; the unit of its octave is 2^shift.
  const int msb = std::bit_width(v) - 1;
  const int shift = msb - kSubBits;
  const std::uint64_t sub = (v >> shift) - kSubCount;  // 0..127
  return static_cast<std::size_t>(kExactLimit + (shift - 1) * kSubCount + sub);
}

std::uint64_t LatencyHistogram::lowestIn(std::size_t bucket) {
  if (bucket < kExactLimit) return bucket;
  const std::uint64_t rel = bucket - kExactLimit;
  const int shift = static_cast<int>(rel / kSubCount) + 1;
  return (kSubCount + rel % kSubCount) << shift;
}

std::uint64_t LatencyHistogram::highestIn(std::size_t bucket) {
  if (bucket < kExactLimit) return bucket;
  const int shift = static_cast<int>((bucket - kExactLimit) / kSubCount) + 1;
  return lowestIn(bucket) + (std::uint64_t{1} << shift) - 1;
}

void LatencyHistogram::record(std::uint64_t micros) {
  ++counts_[bucketOf(micros)];
  micros = std::min(micros, kMaxValue);
  min_ = count_ == 0 ? micros : std::min(min_, micros);
  max_ = std::max(max_, micros);
  sum_ += micros;
  ++count_;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
  count_ += other.count_;
}

void LatencyHistogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = sum_ = min_ = max_ = 0;
}

double LatencyHistogram::mean() const {
  return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0;
}

std::uint64_t LatencyHistogram::percentile(double p) const {
  if (count_ == 0) return 0;
  p = std::clamp(p, 0.0, 100.0);
  // The epsilon keeps 99.9 % of 1000 at rank 999 despite binary floating point.
  const double exactRank = p / 100.0 * static_cast<double>(count_);
  const auto rank =
      std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(exactRank - 1e-9)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(highestIn(i), min_, max_);
  }
  return max_;
}

}  // namespace ms::runtime
