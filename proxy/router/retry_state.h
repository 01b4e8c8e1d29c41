#pragma once
// Envoy's retry decision and back-off for one downstream request.
#include <chrono>
#include <cstdint>

#include "config/config.h"

namespace mp {

// What one upstream try ended with.
struct TryOutcome {
  enum class Kind { Response, ConnectFailure, Reset, Timeout, Overflow };
  Kind kind = Kind::Response;
  uint32_t status = 0;  // for Response
};

// Whether retryOn covers this outcome (Envoy's x-envoy-retry-on semantics):
// 5xx covers any 5xx, resets, per-try timeouts and connect failures;
// gateway-error covers 502/503/504 and the same local failures.
bool retryOnCovers(const RetryPolicy& p, const TryOutcome& o);

// Fully jittered exponential back-off: uniform in [0, min((2^n - 1) * base, cap)]
// for retry n = 1, 2, ... (Envoy: base 25 ms, cap 10 x base = 250 ms).
Millis retryBackoff(uint32_t retryNumber, uint64_t draw, Millis base = Millis(25),
                    Millis cap = Millis(250));

}  // namespace mp
