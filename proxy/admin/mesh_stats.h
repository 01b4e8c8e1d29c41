#pragma once
// Istio's standard request metrics, kept per label set and rendered in the
// Prometheus text format together with Envoy-style cluster stats.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace mp {

class UpstreamCluster;

// Empty means "unknown", as Istio reports a label it has no value for (left
// empty, the thirteen strings cost nothing to make for every request).
struct RequestLabels {
  std::string reporter = "source";
  std::string sourceWorkload, sourceNamespace, sourcePrincipal, sourceVersion;
  std::string destinationWorkload, destinationNamespace, destinationPrincipal, destinationService,
      destinationServiceName, destinationVersion;
  uint32_t responseCode = 0;
  std::string responseFlags = "-";
  std::string connectionSecurityPolicy;
};

class MeshStats {
 public:
  void record(const RequestLabels& l, double durationMs, uint64_t requestBytes, uint64_t responseBytes);
  // clusters: live clusters (name -> cluster) for the Envoy-style part.
  std::string prometheus(const std::vector<const UpstreamCluster*>& clusters) const;
  uint64_t total() const { return total_; }

 private:
  static constexpr std::array<double, 19> kDurationBuckets = {
      0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000};
  static constexpr std::array<double, 9> kByteBuckets = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  template <size_t N>
  struct Histogram {
    std::array<uint64_t, N> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  struct Series {
    std::string labels;  // rendered once: reporter="source",...
    uint64_t requests = 0;
    Histogram<19> duration;
    Histogram<9> requestBytes, responseBytes;
  };
  std::unordered_map<std::string, Series> series_;
  std::string keyScratch_;
  uint64_t total_ = 0;
};

}  // namespace mp
