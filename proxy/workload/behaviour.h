#pragma once
// What a synthetic service does per request: latency drawn from a
// distribution, an error rate, a response size, and downstream calls made
// through its sidecar the way an application makes them (its own timeout,
// retries, optional calls that degrade instead of failing, propagated
// headers). Parsed from YAML (file, or the admin endpoint body); the format
// is documented in docs/proxy-config.md.
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "common/result.h"

namespace mp {

struct LatencySpec {
  enum class Dist { None, Fixed, Uniform, Normal, LogNormal, Exponential };
  Dist dist = Dist::None;
  double a = 0, b = 0;  // fixed: a; uniform: [a, b]; normal: mean a, stddev b;
                        // lognormal: mu a, sigma b (of ln ms); exponential: mean a
  std::chrono::microseconds draw(std::mt19937_64& rng) const;
};

// An application that sets no timeout still gives up eventually.
inline constexpr std::chrono::milliseconds kDefaultCallTimeout{60000};
inline constexpr uint32_t kMaxCallRetries = 10;

struct DownstreamCall {
  std::string service;  // Host header sent to the sidecar ("reviews:9080")
  std::string path = "/";
  std::string method = "GET";
  std::chrono::microseconds timeout{0};  // per attempt; 0: kDefaultCallTimeout
  uint32_t retries = 0;                  // extra attempts after a failure
  bool optional = false;                 // failure degrades, does not fail the response
  std::chrono::microseconds attemptTimeout() const;
};

struct Behaviour {
  LatencySpec latency;
  double errorRate = 0;       // 0..1
  uint32_t errorStatus = 500;
  uint32_t failNext = 0;      // the next N requests fail with errorStatus
  uint64_t responseSize = 0;  // body bytes
  std::vector<DownstreamCall> calls;
  bool parallel = false;
  std::vector<std::string> propagateHeaders;  // lower case, beyond the tracing headers
};

// Parses YAML/JSON; fields absent keep the values in base.
Result<Behaviour> parseBehaviour(const std::string& text, const Behaviour& base);
// YAML that parseBehaviour reads back to the same behaviour.
std::string describeBehaviour(const Behaviour& b);

}  // namespace mp
