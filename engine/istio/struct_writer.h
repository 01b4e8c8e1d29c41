#pragma once

// Writes model types as YAML through their fields() lists, in their declared order, putting
// back any unknown fields the reader kept (Resource::unknownFields) where they stood.

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "istio/struct_reader.h"  // Described, joinPath
#include "model/fields.h"

namespace ms::istio {

using UnknownFields = std::unordered_map<std::string, model::Value::Map>;

// Absent fields are left out; an empty list or map is the same as absent.
template <class T> bool isAbsent(const T&) { return false; }
template <class T> bool isAbsent(const std::optional<T>& v) { return !v.has_value(); }
template <class T> bool isAbsent(const std::vector<T>& v) { return v.empty(); }
template <class K, class T> bool isAbsent(const std::map<K, T>& v) { return v.empty(); }
inline bool isAbsent(const model::Value& v) { return v.isNull(); }

class ModelWriter {
 public:
  explicit ModelWriter(YAML::Emitter& e, const UnknownFields* unknown = nullptr)
      : e_(e), unknown_(unknown) {}

  void write(const std::string& v, const std::string& path = {});
  void write(std::int64_t v, const std::string& path = {});
  void write(double v, const std::string& path = {});
  void write(bool v, const std::string& path = {});
  void write(const model::Value& v, const std::string& path = {});

  template <class T> void write(const std::optional<T>& v, const std::string& path = {}) {
    if (v) write(*v, path);
  }

  template <class T> void write(const std::vector<T>& v, const std::string& path = {}) {
    e_ << YAML::BeginSeq;
    for (size_t i = 0; i < v.size(); ++i) write(v[i], itemPath(path, i));
    e_ << YAML::EndSeq;
  }

  template <class T> void write(const std::map<std::string, T>& v, const std::string& path = {}) {
    e_ << YAML::BeginMap;
    for (const auto& [key, value] : v) {
      e_ << YAML::Key << key << YAML::Value;
      write(value, childPath(path, key));
    }
    e_ << YAML::EndMap;
  }

  template <Described T> void write(const T& v, const std::string& path = {}) {
    e_ << YAML::BeginMap;
    FieldWriter fields{*this, path};
    // fields() is one template for reading and writing; writing only reads through it.
    const_cast<T&>(v).fields(fields);
    writeUnknown(path);
    e_ << YAML::EndMap;
  }

  YAML::Emitter& emitter() { return e_; }

 private:
  struct FieldWriter {
    ModelWriter& w;
    const std::string& path;
    template <class T> void operator()(const char* name, const T& field) {
      if (isAbsent(field)) return;
      w.e_ << YAML::Key << name << YAML::Value;
      w.write(field, w.childPath(path, name));
    }
    template <class T> void operator()(const char* name, const T& field, model::RequiredField) {
      (*this)(name, field);
    }
  };

  // Paths matter only when there are unknown fields to put back.
  std::string childPath(const std::string& path, const std::string& name) const {
    return unknown_ && !unknown_->empty() ? joinPath(path, name) : std::string();
  }
  std::string itemPath(const std::string& path, size_t i) const {
    return unknown_ && !unknown_->empty() ? path + "[" + std::to_string(i) + "]" : std::string();
  }
  void writeUnknown(const std::string& path);

  YAML::Emitter& e_;
  const UnknownFields* unknown_;
};

}  // namespace ms::istio
