#include "router/retry_state.h"

#include <algorithm>

namespace mp {

bool retryOnCovers(const RetryPolicy& p, const TryOutcome& o) {
  using K = TryOutcome::Kind;
  const uint32_t on = p.retryOn;
  switch (o.kind) {
    case K::Overflow: return false;  // Envoy never retries a local overflow
    case K::ConnectFailure:
      return on & (kRetry5xx | kRetryGatewayError | kRetryConnectFailure | kRetryReset);
    case K::Reset:
    case K::Timeout: return on & (kRetry5xx | kRetryGatewayError | kRetryReset);
    case K::Response: break;
  }
  const uint32_t s = o.status;
  if ((on & kRetry5xx) && s >= 500 && s <= 599) return true;
  if ((on & kRetryGatewayError) && (s == 502 || s == 503 || s == 504)) return true;
  if ((on & kRetryRetriable4xx) && s == 409) return true;
  if (on & kRetryRetriableStatusCodes)
    return std::find(p.retriableStatusCodes.begin(), p.retriableStatusCodes.end(), s) !=
           p.retriableStatusCodes.end();
  return false;
}

Millis retryBackoff(uint32_t n, uint64_t draw, Millis base, Millis cap) {
  if (n == 0) return Millis(0);
  const uint32_t shift = std::min<uint32_t>(n, 20);
  const int64_t upper = std::min<int64_t>(((int64_t(1) << shift) - 1) * base.count(), cap.count());
  return Millis(int64_t(draw % uint64_t(upper + 1)));
}

}  // namespace mp
