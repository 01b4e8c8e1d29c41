#pragma once

#include <string>
#include <vector>

namespace ms::runtime {

// Something that happened during a run, for the timeline, the report and the dashboards.
struct RunEvent {
  double atSeconds = 0;
  std::string kind;    // pod-started, pod-killed, config-applied, ejection, overflow, assertion, ...
  std::string detail;  // for people: "pushed version 4 to 7 proxies"
};

using RunEvents = std::vector<RunEvent>;

}  // namespace ms::runtime
