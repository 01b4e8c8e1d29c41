#include "workload/behaviour.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

namespace mp {
namespace {

constexpr size_t kMaxCalls = 64, kMaxPropagated = 64;
constexpr double kMaxTimeoutMs = 3600000;

// RFC 9110 token characters: what a header name or a method may contain.
bool isToken(const std::string& s) {
  if (s.empty() || s.size() > 256) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// A bad value is an error, never silently the default (yaml-cpp's
// as<T>(fallback) would hide "optional: maybe").
struct BadField {
  std::string message;
};
template <class T>
T field(const YAML::Node& n, const char* key, T fallback, const std::string& at, const char* expected) {
  const YAML::Node v = n[key];
  if (!v) return fallback;
  try {
    return v.as<T>();
  } catch (const YAML::BadConversion&) {
    throw BadField{at + (at.empty() ? "" : ".") + key + ": expected " + expected};
  }
}

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Framing and connection headers belong to each hop; copying them from the
// incoming request would corrupt the downstream call.
bool isHopHeader(const std::string& name) {
  static const char* hop[] = {"host", "content-length", "transfer-encoding", "connection", "keep-alive",
                              "te", "trailer", "upgrade", "proxy-connection", "expect"};
  return std::find(std::begin(hop), std::end(hop), name) != std::end(hop);
}

Result<LatencySpec> parseLatency(const YAML::Node& l) {
  if (!l.IsMap()) return Error{"latency: expected a map"};
  const std::string d = field<std::string>(l, "distribution", "fixed", "latency", "a name");
  auto num = [&](const char* k) { return field<double>(l, k, 0, "latency", "a number"); };
  using D = LatencySpec::Dist;
  if (d == "none") return LatencySpec{};
  if (d == "fixed") return LatencySpec{D::Fixed, num("ms"), 0};
  if (d == "uniform") return LatencySpec{D::Uniform, num("min"), num("max")};
  if (d == "normal") return LatencySpec{D::Normal, num("mean"), num("stddev")};
  if (d == "lognormal") return LatencySpec{D::LogNormal, num("mu"), num("sigma")};
  if (d == "exponential") return LatencySpec{D::Exponential, num("mean"), 0};
  return Error{"latency.distribution: unknown '" + d + "'"};
}

Result<DownstreamCall> parseCall(const YAML::Node& c, size_t i) {
  const std::string at = "calls[" + std::to_string(i) + "]";
  if (!c.IsMap()) return Error{at + ": expected a map"};
  DownstreamCall call;
  call.service = field<std::string>(c, "service", "", at, "a host name");
  if (call.service.empty()) return Error{at + ".service: required"};
  call.path = field<std::string>(c, "path", "/", at, "a path");
  if (call.path.empty() || call.path[0] != '/') return Error{at + ".path: must start with '/'"};
  call.method = field<std::string>(c, "method", "GET", at, "an HTTP method");
  for (auto& ch : call.method) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  if (!isToken(call.method)) return Error{at + ".method: not an HTTP method"};
  const double ms = field<double>(c, "timeoutMs", 0, at, "milliseconds");
  if (!(ms >= 0 && ms <= kMaxTimeoutMs)) return Error{at + ".timeoutMs: expected 0..3600000"};
  call.timeout = std::chrono::microseconds(int64_t(std::llround(ms * 1000)));
  const int64_t retries = field<int64_t>(c, "retries", 0, at, "an integer");
  if (retries < 0 || retries > kMaxCallRetries) return Error{at + ".retries: expected 0..10"};
  call.retries = uint32_t(retries);
  call.optional = field<bool>(c, "optional", false, at, "true or false");
  return call;
}

Result<std::vector<std::string>> parsePropagated(const YAML::Node& n) {
  if (!n.IsSequence()) return Error{"propagateHeaders: expected a list of header names"};
  if (n.size() > kMaxPropagated) return Error{"propagateHeaders: at most 64 names"};
  std::vector<std::string> out;
  for (const auto& h : n) {
    if (!h.IsScalar()) return Error{"propagateHeaders: expected header names"};
    std::string name = lower(h.as<std::string>());
    if (!isToken(name)) return Error{"propagateHeaders: '" + name + "' is not a header name"};
    if (isHopHeader(name)) return Error{"propagateHeaders: '" + name + "' belongs to one hop and cannot be propagated"};
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
  return out;
}

// Applies the fields present in n onto b; returns an error message or "".
std::string applyFields(const YAML::Node& n, Behaviour& b) {
  if (auto l = n["latency"]) {
    auto spec = parseLatency(l);
    if (!spec) return spec.error();
    b.latency = *spec;
  }
  b.errorRate = field<double>(n, "errorRate", b.errorRate, "", "a number");
  if (!(b.errorRate >= 0 && b.errorRate <= 1)) return "errorRate: expected 0..1";
  b.errorStatus = field<uint32_t>(n, "errorStatus", b.errorStatus, "", "an HTTP status");
  if (b.errorStatus < 100 || b.errorStatus > 599) return "errorStatus: expected 100..599";
  b.failNext = field<uint32_t>(n, "failNext", b.failNext, "", "a count");
  b.responseSize = field<uint64_t>(n, "responseSize", b.responseSize, "", "a byte count");
  if (b.responseSize > (64u << 20)) return "responseSize: at most 64 MiB";
  if (auto calls = n["calls"]) {
    if (!calls.IsSequence() && !calls.IsNull()) return "calls: expected a list";
    if (calls.size() > kMaxCalls) return "calls: at most 64";
    b.calls.clear();
    for (size_t i = 0; i < calls.size(); ++i) {
      auto c = parseCall(calls[i], i);
      if (!c) return c.error();
      b.calls.push_back(std::move(*c));
    }
  }
  if (n["mode"]) {
    const std::string mode = field<std::string>(n, "mode", "", "", "sequence or parallel");
    if (mode != "parallel" && mode != "sequence") return "mode: expected sequence or parallel";
    b.parallel = mode == "parallel";
  }
  if (auto p = n["propagateHeaders"]) {
    auto names = parsePropagated(p);
    if (!names) return names.error();
    b.propagateHeaders = std::move(*names);
  }
  return {};
}

}  // namespace

std::chrono::microseconds DownstreamCall::attemptTimeout() const {
  return timeout.count() > 0 ? timeout : std::chrono::microseconds(kDefaultCallTimeout);
}

std::chrono::microseconds LatencySpec::draw(std::mt19937_64& rng) const {
  double ms = 0;
  switch (dist) {
    case Dist::None: return std::chrono::microseconds(0);
    case Dist::Fixed: ms = a; break;
    case Dist::Uniform: ms = std::uniform_real_distribution<double>(a, std::max(a, b))(rng); break;
    case Dist::Normal: ms = std::normal_distribution<double>(a, b)(rng); break;
    case Dist::LogNormal: ms = std::lognormal_distribution<double>(a, b)(rng); break;
    case Dist::Exponential: ms = a > 0 ? std::exponential_distribution<double>(1.0 / a)(rng) : 0; break;
  }
  return std::chrono::microseconds(int64_t(std::max(0.0, ms) * 1000));
}

Result<Behaviour> parseBehaviour(const std::string& text, const Behaviour& base) {
  Behaviour b = base;
  try {
    YAML::Node n = YAML::Load(text);
    if (!n || n.IsNull()) return b;
    if (!n.IsMap()) return Error{"behaviour: expected a map"};
    if (auto err = applyFields(n, b); !err.empty()) return Error{err};
  } catch (const BadField& e) {
    return Error{e.message};
  } catch (const YAML::Exception& e) {
    return Error{std::string("behaviour: ") + e.what()};
  }
  return b;
}

std::string describeBehaviour(const Behaviour& b) {
  YAML::Emitter e;
  e << YAML::BeginMap << YAML::Key << "latency" << YAML::Value << YAML::Flow << YAML::BeginMap;
  static const char* names[] = {"none", "fixed", "uniform", "normal", "lognormal", "exponential"};
  e << YAML::Key << "distribution" << YAML::Value << names[int(b.latency.dist)];
  using D = LatencySpec::Dist;
  switch (b.latency.dist) {
    case D::None: break;
    case D::Fixed: e << YAML::Key << "ms" << YAML::Value << b.latency.a; break;
    case D::Uniform: e << YAML::Key << "min" << YAML::Value << b.latency.a << YAML::Key << "max" << YAML::Value << b.latency.b; break;
    case D::Normal: e << YAML::Key << "mean" << YAML::Value << b.latency.a << YAML::Key << "stddev" << YAML::Value << b.latency.b; break;
    case D::LogNormal: e << YAML::Key << "mu" << YAML::Value << b.latency.a << YAML::Key << "sigma" << YAML::Value << b.latency.b; break;
    case D::Exponential: e << YAML::Key << "mean" << YAML::Value << b.latency.a; break;
  }
  e << YAML::EndMap;
  e << YAML::Key << "errorRate" << YAML::Value << b.errorRate;
  e << YAML::Key << "errorStatus" << YAML::Value << b.errorStatus;
  e << YAML::Key << "failNext" << YAML::Value << b.failNext;
  e << YAML::Key << "responseSize" << YAML::Value << b.responseSize;
  e << YAML::Key << "mode" << YAML::Value << (b.parallel ? "parallel" : "sequence");
  e << YAML::Key << "propagateHeaders" << YAML::Value << YAML::Flow << b.propagateHeaders;
  e << YAML::Key << "calls" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : b.calls) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "service" << YAML::Value << c.service;
    e << YAML::Key << "path" << YAML::Value << c.path << YAML::Key << "method" << YAML::Value << c.method;
    if (c.timeout.count() > 0) e << YAML::Key << "timeoutMs" << YAML::Value << double(c.timeout.count()) / 1000.0;
    e << YAML::Key << "retries" << YAML::Value << c.retries;
    e << YAML::Key << "optional" << YAML::Value << c.optional << YAML::EndMap;
  }
  e << YAML::EndSeq << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

}  // namespace mp
