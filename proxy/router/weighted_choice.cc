#include "router/weighted_choice.h"

namespace mp {

size_t pickWeighted(const std::vector<Destination>& dests, uint64_t draw) {
  uint64_t total = 0;
  for (const auto& d : dests) total += d.weight;
  if (total == 0 || dests.size() == 1) return 0;
  uint64_t point = draw % total;
  for (size_t i = 0; i < dests.size(); ++i) {
    if (point < dests[i].weight) return i;
    point -= dests[i].weight;
  }
  return dests.size() - 1;
}

}  // namespace mp
