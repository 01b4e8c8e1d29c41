#include "workload/header_propagation.h"

#include <algorithm>

namespace mp {
namespace {
void copyAll(const Fields& from, const std::string& name, Fields& to) {
  for (const auto& f : from)
    if (f.is(name)) to.insert(f.name(), name, f.value());
}
}  // namespace

const std::vector<std::string>& tracingHeaders() {
  static const std::vector<std::string> names = {"x-request-id", "traceparent",       "tracestate",   "b3",
                                                 "x-b3-traceid", "x-b3-spanid",       "x-b3-parentspanid",
                                                 "x-b3-sampled", "x-b3-flags"};
  return names;
}

void propagateHeaders(const Fields& incoming, const std::vector<std::string>& extra,
                      Fields& out) {
  for (const auto& name : tracingHeaders()) copyAll(incoming, name, out);
  const auto& tracing = tracingHeaders();
  for (const auto& name : extra)
    if (std::find(tracing.begin(), tracing.end(), name) == tracing.end()) copyAll(incoming, name, out);
}

}  // namespace mp
