#pragma once
// Per-request weighted choice among route destinations, as Envoy's
// weighted_clusters: a uniform draw in [0, total) walks the cumulative weights.
#include <cstdint>
#include <vector>

#include "config/config.h"

namespace mp {

// draw must be uniform in [0, 2^64); returns the chosen index.
size_t pickWeighted(const std::vector<Destination>& dests, uint64_t draw);

}  // namespace mp
