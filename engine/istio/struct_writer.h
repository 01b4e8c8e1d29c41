#pragma once

// Writes model types as YAML through their fields() lists, in their declared order.

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "istio/struct_reader.h"  // Described
#include "model/fields.h"

namespace ms::istio {

void write(YAML::Emitter& e, const std::string& v);
void write(YAML::Emitter& e, std::int64_t v);
void write(YAML::Emitter& e, double v);
void write(YAML::Emitter& e, bool v);
void write(YAML::Emitter& e, const model::Value& v);
template <class T> void write(YAML::Emitter& e, const std::optional<T>& v);
template <class T> void write(YAML::Emitter& e, const std::vector<T>& v);
template <class T> void write(YAML::Emitter& e, const std::map<std::string, T>& v);
template <Described T> void write(YAML::Emitter& e, const T& v);

// Absent fields are left out; an empty list or map is the same as absent.
template <class T> bool isAbsent(const std::optional<T>& v) { return !v.has_value(); }
template <class T> bool isAbsent(const std::vector<T>& v) { return v.empty(); }
template <class K, class T> bool isAbsent(const std::map<K, T>& v) { return v.empty(); }
inline bool isAbsent(const model::Value& v) { return v.isNull(); }

class StructWriter {
 public:
  explicit StructWriter(YAML::Emitter& e) : e_(e) {}
  template <class T> void operator()(const char* name, const T& field) {
    if (isAbsent(field)) return;
    e_ << YAML::Key << name << YAML::Value;
    write(e_, field);
  }
  template <class T> void operator()(const char* name, const T& field, model::RequiredField) {
    (*this)(name, field);
  }

 private:
  YAML::Emitter& e_;
};

template <class T> void write(YAML::Emitter& e, const std::optional<T>& v) {
  if (v) write(e, *v);
}

template <class T> void write(YAML::Emitter& e, const std::vector<T>& v) {
  e << YAML::BeginSeq;
  for (const T& item : v) write(e, item);
  e << YAML::EndSeq;
}

template <class T> void write(YAML::Emitter& e, const std::map<std::string, T>& v) {
  e << YAML::BeginMap;
  for (const auto& [key, value] : v) {
    e << YAML::Key << key << YAML::Value;
    write(e, value);
  }
  e << YAML::EndMap;
}

template <Described T> void write(YAML::Emitter& e, const T& v) {
  e << YAML::BeginMap;
  StructWriter writer(e);
  // fields() is one template for reading and writing; the writer only reads through it.
  const_cast<T&>(v).fields(writer);
  e << YAML::EndMap;
}

}  // namespace ms::istio
