#include "upstream/load_balancer.h"

#include <algorithm>

namespace mp {

uint64_t hash64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  // FNV alone clusters for short similar keys; a final mix spreads the ring.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

void LoadBalancer::configure(const LbPolicy& policy, const std::vector<HostView>& hosts) {
  policy_ = policy;
  ring_.clear();
  if (policy.kind != LbPolicy::Kind::ConsistentHash || hosts.empty()) return;
  const size_t perHost = std::max<size_t>(1, policy.ringSize / hosts.size());
  for (size_t h = 0; h < hosts.size(); ++h)
    for (size_t i = 0; i < perHost; ++i) ring_.emplace_back(hash64(hosts[h].key + "_" + std::to_string(i)), h);
  std::sort(ring_.begin(), ring_.end());
}

std::optional<size_t> LoadBalancer::pick(const std::vector<HostView>& hosts,
                                         std::optional<std::string_view> hashKey, std::mt19937_64& rng) {
  auto& fresh = fresh_;
  auto& healthy = healthy_;
  fresh.clear();
  healthy.clear();
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (!hosts[i].healthy) continue;
    healthy.push_back(i);
    if (!hosts[i].tried) fresh.push_back(i);
  }
  if (healthy.empty()) return std::nullopt;
  // Retries prefer hosts not tried yet (Istio's previous_hosts predicate).
  return pickFrom(hosts, fresh.empty() ? healthy : fresh, hashKey, rng);
}

std::optional<size_t> LoadBalancer::pickFrom(const std::vector<HostView>& hosts, const std::vector<size_t>& el,
                                             std::optional<std::string_view> hashKey, std::mt19937_64& rng) {
  switch (policy_.kind) {
    case LbPolicy::Kind::RoundRobin: return el[rr_++ % el.size()];
    case LbPolicy::Kind::Random: return el[rng() % el.size()];
    case LbPolicy::Kind::LeastRequest: {
      if (el.size() == 1) return el[0];
      size_t a = el[rng() % el.size()], b = el[rng() % el.size()];
      return hosts[b].activeRequests < hosts[a].activeRequests ? b : a;
    }
    case LbPolicy::Kind::ConsistentHash: {
      if (!hashKey || ring_.empty()) return el[rng() % el.size()];
      const uint64_t h = hash64(*hashKey);
      auto it = std::lower_bound(ring_.begin(), ring_.end(), std::make_pair(h, size_t(0)));
      // Walk the ring to the first eligible host, so ejections move few keys.
      for (size_t n = 0; n < ring_.size(); ++n, ++it) {
        if (it == ring_.end()) it = ring_.begin();
        if (std::find(el.begin(), el.end(), it->second) != el.end()) return it->second;
      }
      return el[0];
    }
  }
  return el[0];
}

}  // namespace mp
