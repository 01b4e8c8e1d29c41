#include "workload/call_verdict.h"

#include <algorithm>

namespace mp {

CallVerdict judgeCalls(unsigned ownStatus, const std::vector<DownstreamCall>& calls,
                       const std::vector<std::optional<CallOutcome>>& outcomes) {
  CallVerdict v;
  v.status = ownStatus;
  std::vector<std::string> degraded;
  bool requiredFailed = false;
  for (size_t i = 0; i < calls.size() && i < outcomes.size(); ++i) {
    if (!outcomes[i]) continue;
    const CallOutcome& o = *outcomes[i];
    v.trail += calls[i].service + "=" + o.describe() + ";";
    if (!o.failed()) continue;
    if (calls[i].optional) {
      if (std::find(degraded.begin(), degraded.end(), calls[i].service) == degraded.end())
        degraded.push_back(calls[i].service);
    } else if (!requiredFailed) {
      requiredFailed = true;
      if (v.status < 400) v.status = o.timedOut() ? 504 : 502;
    }
  }
  for (const auto& s : degraded) v.degraded += (v.degraded.empty() ? "" : ", ") + s;
  return v;
}

}  // namespace mp
