#include "http/trace_headers.h"

#include <array>
#include <boost/beast/core/string.hpp>
#include <optional>
#include <string_view>

namespace mp {
namespace {

// Hex digits written into a caller's buffer: this runs on every request, so
// no temporary strings.
void putHex(char* out, uint64_t v, int digits) {
  static const char* kDigits = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i, v >>= 4) out[i] = kDigits[v & 0xf];
}

// Our trace header names have no field code in Beast; saying so spares the
// lookup Beast's insert by name makes for one.
void insertNew(Fields& h, std::string_view name, std::string_view value) {
  h.insert(boost::beast::http::field::unknown, name, value);
}

bool isHex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

void setRequestId(Fields& h, std::mt19937_64& rng) {
  // UUID v4 layout: 8-4-4-4-12 hex digits, version 4, variant 10xx.
  const uint64_t a = rng(), b = rng();
  std::array<char, 36> id;
  putHex(&id[0], a >> 32, 8);
  id[8] = '-';
  putHex(&id[9], (a >> 16) & 0xffff, 4);
  id[13] = '-';
  putHex(&id[14], 0x4000 | (a & 0x0fff), 4);
  id[18] = '-';
  putHex(&id[19], 0x8000 | ((b >> 48) & 0x3fff), 4);
  id[23] = '-';
  putHex(&id[24], b & 0xffffffffffffull, 12);
  insertNew(h, "x-request-id", std::string_view(id.data(), id.size()));
}

// What the request already carries, found in one pass over its fields (the
// first of each name, as Beast's lookups would return) rather than a keyed
// lookup per name.
struct Carried {
  bool requestId = false, b3SpanIdSeen = false, b3SampledSeen = false;
  std::optional<std::string_view> traceparent, b3TraceId;
  std::string_view b3SpanId;
};

Carried carried(const Fields& h) {
  Carried c;
  for (const auto& f : h) {
    const std::string_view n = f.name_string();
    if (n.size() < 11 || n.size() > 12) continue;  // none of the names below
    if (!c.requestId && boost::beast::iequals(n, "x-request-id")) c.requestId = true;
    else if (!c.traceparent && boost::beast::iequals(n, "traceparent")) c.traceparent = f.value();
    else if (!c.b3TraceId && boost::beast::iequals(n, "x-b3-traceid")) c.b3TraceId = f.value();
    else if (!c.b3SpanIdSeen && boost::beast::iequals(n, "x-b3-spanid")) c.b3SpanIdSeen = true, c.b3SpanId = f.value();
    else if (boost::beast::iequals(n, "x-b3-sampled")) c.b3SampledSeen = true;
  }
  return c;
}

}  // namespace

std::string hex(uint64_t v, int digits) {
  std::string s(size_t(digits), '0');
  putHex(s.data(), v, digits);
  return s;
}

void ensureTraceHeaders(Fields& h, std::mt19937_64& rng) {
  const Carried c = carried(h);
  if (!c.requestId) setRequestId(h, rng);
  const bool hasW3c = c.traceparent.has_value(), hasB3 = c.b3TraceId.has_value();
  if (hasW3c && hasB3) return;
  // W3C: 00-<32 hex trace id>-<16 hex span id>-01; B3 takes the same ids.
  std::array<char, 55> tp;
  std::string_view traceId, spanId;
  char* trace = &tp[3];
  char* span = &tp[36];
  if (hasB3) {
    std::string_view t = *c.b3TraceId, s = c.b3SpanId;
    if ((t.size() == 16 || t.size() == 32) && isHex(t)) {
      std::fill(trace, trace + 32 - t.size(), '0');  // 64-bit B3 ids widen to 128
      std::copy(t.begin(), t.end(), trace + 32 - t.size());
      traceId = {trace, 32};
    }
    if (s.size() == 16 && isHex(s)) {
      std::copy(s.begin(), s.end(), span);
      spanId = {span, 16};
    }
  } else if (hasW3c) {
    std::string_view v = *c.traceparent;
    if (v.size() >= 55 && isHex(v.substr(3, 32)) && isHex(v.substr(36, 16))) {
      std::copy(v.begin() + 3, v.begin() + 35, trace);
      std::copy(v.begin() + 36, v.begin() + 52, span);
      traceId = {trace, 32};
      spanId = {span, 16};
    }
  }
  if (traceId.empty()) {
    putHex(trace, rng(), 16);
    putHex(trace + 16, rng(), 16);
    traceId = {trace, 32};
  }
  if (spanId.empty()) {
    putHex(span, rng(), 16);
    spanId = {span, 16};
  }
  if (!hasW3c) {
    tp[0] = '0', tp[1] = '0', tp[2] = '-', tp[35] = '-', tp[52] = '-', tp[53] = '0', tp[54] = '1';
    insertNew(h, "traceparent", std::string_view(tp.data(), tp.size()));
  }
  if (!hasB3) {
    insertNew(h, "x-b3-traceid", traceId);
    if (c.b3SpanIdSeen) h.erase("x-b3-spanid");  // a stray span id without a trace id is replaced
    insertNew(h, "x-b3-spanid", spanId);
    if (c.b3SampledSeen) h.erase("x-b3-sampled");
    insertNew(h, "x-b3-sampled", "1");
  }
}

}  // namespace mp
