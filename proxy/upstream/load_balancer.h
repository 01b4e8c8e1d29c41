#pragma once
// Host selection for one cluster: LEAST_REQUEST (power of two choices, as
// Envoy does with equal weights), ROUND_ROBIN, RANDOM and ring hash.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "config/config.h"

namespace mp {

struct HostView {
  bool healthy = true;      // not ejected
  bool tried = false;       // already used by this request (retry host predicate)
  uint32_t activeRequests = 0;
  std::string key;          // "address:port", seeds the hash ring
};

uint64_t hash64(std::string_view s);  // FNV-1a, stable across runs

class LoadBalancer {
 public:
  void configure(const LbPolicy& policy, const std::vector<HostView>& hosts);
  // hashKey: the consistent-hash input; nullopt picks at random as Envoy does
  // when the header/cookie is missing. Returns nullopt when no host is healthy.
  std::optional<size_t> pick(const std::vector<HostView>& hosts, std::optional<std::string_view> hashKey,
                             std::mt19937_64& rng);

 private:
  std::optional<size_t> pickFrom(const std::vector<HostView>& hosts, const std::vector<size_t>& eligible,
                                 std::optional<std::string_view> hashKey, std::mt19937_64& rng);
  LbPolicy policy_;
  uint64_t rr_ = 0;
  std::vector<std::pair<uint64_t, size_t>> ring_;
  std::vector<size_t> fresh_, healthy_;  // scratch, reused per pick  // (point, host) sorted by point
};

}  // namespace mp
