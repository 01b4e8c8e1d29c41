#include "workload/behaviour.h"

#include <yaml-cpp/yaml.h>

#include <cmath>

namespace mp {

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
    if (auto l = n["latency"]) {
      const std::string d = l["distribution"].as<std::string>("fixed");
      using D = LatencySpec::Dist;
      if (d == "none") b.latency = {};
      else if (d == "fixed") b.latency = {D::Fixed, l["ms"].as<double>(0), 0};
      else if (d == "uniform") b.latency = {D::Uniform, l["min"].as<double>(0), l["max"].as<double>(0)};
      else if (d == "normal") b.latency = {D::Normal, l["mean"].as<double>(0), l["stddev"].as<double>(0)};
      else if (d == "lognormal") b.latency = {D::LogNormal, l["mu"].as<double>(0), l["sigma"].as<double>(0)};
      else if (d == "exponential") b.latency = {D::Exponential, l["mean"].as<double>(0), 0};
      else return Error{"latency.distribution: unknown '" + d + "'"};
    }
    if (n["errorRate"]) b.errorRate = n["errorRate"].as<double>();
    if (b.errorRate < 0 || b.errorRate > 1) return Error{"errorRate: expected 0..1"};
    if (n["errorStatus"]) b.errorStatus = n["errorStatus"].as<uint32_t>();
    if (n["failNext"]) b.failNext = n["failNext"].as<uint32_t>();
    if (n["responseSize"]) b.responseSize = n["responseSize"].as<uint64_t>();
    if (n["calls"]) {
      b.calls.clear();
      for (const auto& c : n["calls"]) b.calls.push_back({c["service"].as<std::string>(), c["path"].as<std::string>("/")});
    }
    if (n["mode"]) b.parallel = n["mode"].as<std::string>() == "parallel";
  } catch (const YAML::Exception& e) {
    return Error{std::string("behaviour: ") + e.what()};
  }
  return b;
}

std::string describeBehaviour(const Behaviour& b) {
  static const char* names[] = {"none", "fixed", "uniform", "normal", "lognormal", "exponential"};
  std::string s = "latency: {distribution: " + std::string(names[int(b.latency.dist)]) + ", a: " +
                  std::to_string(b.latency.a) + ", b: " + std::to_string(b.latency.b) + "}\n";
  s += "errorRate: " + std::to_string(b.errorRate) + "\nerrorStatus: " + std::to_string(b.errorStatus) + "\n";
  s += "failNext: " + std::to_string(b.failNext) + "\nresponseSize: " + std::to_string(b.responseSize) + "\n";
  s += std::string("mode: ") + (b.parallel ? "parallel" : "sequence") + "\ncalls:\n";
  for (auto& c : b.calls) s += "  - {service: " + c.service + ", path: " + c.path + "}\n";
  return s;
}

}  // namespace mp
