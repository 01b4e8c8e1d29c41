#include "runtime/workload_behaviour.h"

#include <cmath>
#include <sstream>

#include "model/duration.h"

namespace ms::runtime {

namespace {

double ms(const std::optional<std::string>& duration) {
  return duration ? model::parseDurationSeconds(*duration).value_or(0) * 1000 : 0;
}

void writeLatency(std::ostringstream& out, const model::LatencyDistribution& l) {
  const std::string d = l.distribution.value_or("fixed");
  out << "latency: {distribution: " << d;
  if (d == "fixed") out << ", ms: " << ms(l.mean);
  else if (d == "uniform") out << ", min: " << ms(l.min) << ", max: " << ms(l.max);
  else if (d == "normal") out << ", mean: " << ms(l.mean) << ", stddev: " << ms(l.stddev);
  else if (d == "exponential") out << ", mean: " << ms(l.mean);
  else if (d == "lognormal") {
    // For a lognormal with mean m and deviation s: sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2/2.
    const double m = std::max(ms(l.mean), 0.001), s = ms(l.stddev);
    const double sigma2 = std::log(1 + (s * s) / (m * m));
    out << ", mu: " << std::log(m) - sigma2 / 2 << ", sigma: " << std::sqrt(sigma2);
  }
  out << "}\n";
}

}  // namespace

std::string workloadBehaviourYaml(const model::Behaviour& b) {
  std::ostringstream out;
  if (b.latency) writeLatency(out, *b.latency);
  if (b.errors) {
    out << "errorRate: " << b.errors->rate.value_or(0) << "\n";
    out << "errorStatus: " << b.errors->status.value_or(500) << "\n";
  }
  if (b.responseBytes) out << "responseSize: " << *b.responseBytes << "\n";
  if (b.calls) {
    out << "mode: " << b.calls->mode.value_or("sequence") << "\ncalls:\n";
    for (const auto& c : b.calls->targets) {
      std::string host = c.service.value_or("");
      if (c.port) host += ":" + std::to_string(*c.port);
      out << "- {service: \"" << host << "\", path: \"" << c.path.value_or("/") << "\"";
      if (c.method) out << ", method: \"" << *c.method << "\"";
      if (c.timeout) out << ", timeoutMs: " << ms(c.timeout);
      if (c.retries) out << ", retries: " << *c.retries;
      if (c.optional) out << ", optional: " << (*c.optional ? "true" : "false");
      out << "}\n";
    }
  }
  if (!b.propagateHeaders.empty()) {
    out << "propagateHeaders: [";
    for (size_t i = 0; i < b.propagateHeaders.size(); ++i) out << (i ? ", " : "") << "\"" << b.propagateHeaders[i] << "\"";
    out << "]\n";
  }
  return out.str();
}

}  // namespace ms::runtime
