#pragma once

// A compact HdrHistogram-style latency histogram: log-linear buckets over microseconds.
// Values below 256 µs are counted exactly; above, every power of two is split into 128
// equal sub-buckets, so a recorded value is known to within 1/128 (< 0.8 %) of itself.
// Memory is fixed at construction (one allocation); record() is O(1) and never allocates.

#include <cstdint>
#include <vector>

namespace ms::runtime {

class LatencyHistogram {
 public:
  // 2^32 µs is about 71 minutes; larger values are clamped to it (and still counted).
  static constexpr std::uint64_t kMaxValue = (std::uint64_t{1} << 32) - 1;

  LatencyHistogram();

  void record(std::uint64_t micros);
  void merge(const LatencyHistogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  std::uint64_t max() const { return max_; }
  std::uint64_t min() const { return count_ ? min_ : 0; }
  double mean() const;
  // Nearest-rank percentile, p in [0, 100]: the highest value equivalent to the bucket that
  // holds the ceil(p/100 * count)-th smallest value, clamped to [min, max]. 0 when empty.
  std::uint64_t percentile(double p) const;

  // Exposed for tests: the bucket index of a value and the value range a bucket covers.
  static std::size_t bucketOf(std::uint64_t micros);
  static std::uint64_t lowestIn(std::size_t bucket);
  static std::uint64_t highestIn(std::size_t bucket);

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t min_ = 0;
  std::uint64_t max_ = 0;
};

}  // namespace ms::runtime
