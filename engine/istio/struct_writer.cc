#include "istio/struct_writer.h"

#include <charconv>
#include <cmath>

#include "istio/yaml_scalar.h"

namespace ms::istio {

void write(YAML::Emitter& e, const std::string& v) {
  // A string YAML would read back as something else must be quoted.
  YAML::Node probe(v);
  probe.SetTag("?");
  const bool plainIsString = resolveScalar(probe).isString();
  if (!plainIsString || v.empty()) e << YAML::DoubleQuoted;
  e << v;
}

void write(YAML::Emitter& e, std::int64_t v) { e << v; }

void write(YAML::Emitter& e, double v) {
  if (std::isnan(v)) return void(e << ".nan");
  if (std::isinf(v)) return void(e << (v > 0 ? ".inf" : "-.inf"));
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  std::string text(buffer, ec == std::errc() ? end : buffer);
  e << text;  // shortest form that reads back exactly: 0.1, 12.5, 1e-05
}

void write(YAML::Emitter& e, bool v) { e << (v ? "true" : "false"); }

void write(YAML::Emitter& e, const model::Value& v) {
  if (v.isNull()) e << YAML::Null;
  else if (v.isBool()) write(e, v.asBool());
  else if (v.isInt()) write(e, v.asInt());
  else if (v.isDouble()) write(e, v.asDouble());
  else if (v.isString()) write(e, v.asString());
  else if (v.isList()) {
    e << YAML::BeginSeq;
    for (const auto& item : v.asList()) write(e, item);
    e << YAML::EndSeq;
  } else {
    e << YAML::BeginMap;
    for (const auto& [key, value] : v.asMap()) {
      e << YAML::Key << key << YAML::Value;
      write(e, value);
    }
    e << YAML::EndMap;
  }
}

}  // namespace ms::istio
