#pragma once
// How a workload answers once its downstream calls are done. A required call
// that failed turns the answer into 502, or 504 when the caller's own timeout
// ended it (the first such call in list order decides). A failed optional
// call only names its service in x-mesh-degraded, the way Bookinfo's
// productpage still answers 200 with "reviews unavailable".
#include <optional>
#include <string>
#include <vector>

#include "workload/behaviour.h"
#include "workload/call_runner.h"

namespace mp {

struct CallVerdict {
  unsigned status = 200;
  std::string degraded;  // x-mesh-degraded: failed optional services, ", " separated, each once
  std::string trail;     // x-ms-calls: "service=outcome;" per call made
};

// ownStatus: what the workload answers by itself (200, or an injected error).
// outcomes[i] belongs to calls[i]; nullopt for a call never made.
CallVerdict judgeCalls(unsigned ownStatus, const std::vector<DownstreamCall>& calls,
                       const std::vector<std::optional<CallOutcome>>& outcomes);

}  // namespace mp
