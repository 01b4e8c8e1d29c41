#include "istio/struct_writer.h"

#include <charconv>
#include <cmath>

#include "istio/yaml_scalar.h"

namespace ms::istio {

void ModelWriter::write(const std::string& v, const std::string&) {
  // A string YAML would read back as something else (80, true, null) must be quoted.
  YAML::Node probe(v);
  probe.SetTag("?");
  if (v.empty() || !resolveScalar(probe).isString()) e_ << YAML::DoubleQuoted;
  e_ << v;
}

void ModelWriter::write(std::int64_t v, const std::string&) { e_ << v; }

void ModelWriter::write(double v, const std::string&) {
  if (std::isnan(v)) return void(e_ << ".nan");
  if (std::isinf(v)) return void(e_ << (v > 0 ? ".inf" : "-.inf"));
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  // The shortest form that reads back exactly (0.1, 12.5, 1e-05); whole numbers keep ".0"
  // so that a number field stays a number.
  std::string text(buffer, ec == std::errc() ? end : buffer);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  e_ << text;
}

void ModelWriter::write(bool v, const std::string&) { e_ << (v ? "true" : "false"); }

void ModelWriter::write(const model::Value& v, const std::string&) {
  if (v.isNull()) e_ << YAML::Null;
  else if (v.isBool()) write(v.asBool());
  else if (v.isInt()) write(v.asInt());
  else if (v.isDouble()) write(v.asDouble());
  else if (v.isString()) write(v.asString());
  else if (v.isList()) {
    e_ << YAML::BeginSeq;
    for (const auto& item : v.asList()) write(item);
    e_ << YAML::EndSeq;
  } else {
    e_ << YAML::BeginMap;
    for (const auto& [key, value] : v.asMap()) {
      e_ << YAML::Key << key << YAML::Value;
      write(value);
    }
    e_ << YAML::EndMap;
  }
}

void ModelWriter::writeUnknown(const std::string& path) {
  if (!unknown_) return;
  const auto it = unknown_->find(path);
  if (it == unknown_->end()) return;
  for (const auto& [key, value] : it->second) {
    e_ << YAML::Key << key << YAML::Value;
    write(value);
  }
}

}  // namespace ms::istio
