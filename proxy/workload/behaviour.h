#pragma once
// What a synthetic service does per request: latency drawn from a
// distribution, an error rate, a response size, and downstream calls made
// through its sidecar. Parsed from YAML (file, or the admin endpoint body).
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

struct DownstreamCall {
  std::string service;  // Host header sent to the sidecar
  std::string path = "/";
};

struct Behaviour {
  LatencySpec latency;
  double errorRate = 0;       // 0..1
  uint32_t errorStatus = 500;
  uint32_t failNext = 0;      // the next N requests fail with errorStatus
  uint64_t responseSize = 0;  // body bytes
  std::vector<DownstreamCall> calls;
  bool parallel = false;
};

// Parses YAML/JSON; fields absent keep the values in base.
Result<Behaviour> parseBehaviour(const std::string& text, const Behaviour& base);
std::string describeBehaviour(const Behaviour& b);

}  // namespace mp
