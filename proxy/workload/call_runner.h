#pragma once
// One downstream call made the way an application makes it: up to
// 1 + retries attempts through the sidecar, each bounded by the call's own
// timeout, retrying after a connect failure, a timeout or a 5xx.
#include <functional>
#include <string>
#include <vector>

#include "workload/behaviour.h"
#include "http/message.h"
#include "workload/sidecar_client.h"

namespace mp {

struct CallOutcome {
  std::vector<SidecarClient::Result> attempts;
  // The last attempt got no answer, ran out of time, or answered 5xx.
  bool failed() const;
  // The last attempt ended by the caller's own timeout.
  bool timedOut() const;
  // Each attempt's result, comma separated: "503,200", "timeout,timeout", "error".
  std::string describe() const;
};

bool attemptFailed(const SidecarClient::Result& r);

// Builds the request (method, path, Host = service, propagated headers from
// incoming) and runs the attempts; done gets every attempt's result.
void runCall(SidecarClient& client, const DownstreamCall& call, const Fields& incoming,
             const std::vector<std::string>& propagate, std::function<void(CallOutcome)> done);

}  // namespace mp
