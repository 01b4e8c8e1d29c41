#include "http/trace_headers.h"


namespace mp {

std::string hex(uint64_t v, int digits) {
  static const char* kDigits = "0123456789abcdef";
  std::string s(size_t(digits), '0');
  for (int i = digits - 1; i >= 0; --i, v >>= 4) s[size_t(i)] = kDigits[v & 0xf];
  return s;
}

void ensureTraceHeaders(boost::beast::http::fields& h, std::mt19937_64& rng) {
  if (h.find("x-request-id") == h.end()) {
    const uint64_t a = rng(), b = rng();
    // UUID v4 layout: 8-4-4-4-12 hex digits, version 4, variant 10xx.
    std::string s = hex(a >> 32, 8) + "-" + hex((a >> 16) & 0xffff, 4) + "-" +
                    hex(0x4000 | (a & 0x0fff), 4) + "-" + hex(0x8000 | ((b >> 48) & 0x3fff), 4) + "-" +
                    hex(b & 0xffffffffffffull, 12);
    h.set("x-request-id", s);
  }
  const bool hasW3c = h.find("traceparent") != h.end();
  const bool hasB3 = h.find("x-b3-traceid") != h.end();
  if (hasW3c && hasB3) return;
  std::string traceId, spanId;
  if (hasB3) {
    traceId = std::string(h["x-b3-traceid"]);
    if (traceId.size() == 16) traceId = std::string(16, '0') + traceId;
    spanId = std::string(h["x-b3-spanid"]);
    if (spanId.size() != 16) spanId = hex(rng(), 16);
  } else if (hasW3c) {
    std::string tp(h["traceparent"]);  // 00-<32 hex trace>-<16 hex span>-<flags>
    if (tp.size() >= 55) {
      traceId = tp.substr(3, 32);
      spanId = tp.substr(36, 16);
    }
  }
  if (traceId.size() != 32) traceId = hex(rng(), 16) + hex(rng(), 16);
  if (spanId.size() != 16) spanId = hex(rng(), 16);
  if (!hasW3c) h.set("traceparent", "00-" + traceId + "-" + spanId + "-01");
  if (!hasB3) {
    h.set("x-b3-traceid", traceId);
    h.set("x-b3-spanid", spanId);
    h.set("x-b3-sampled", "1");
  }
}

}  // namespace mp
