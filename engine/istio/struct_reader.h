#pragma once

// Reads YAML into model types through their fields() lists, checking types, required and
// unknown fields the way Istio's strict validation does, and recording every field's position.

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "istio/read_context.h"
#include "istio/yaml_scalar.h"
#include "model/fields.h"

namespace ms::istio {

struct FieldProbe {
  template <class T> void operator()(const char*, T&) {}
  template <class T> void operator()(const char*, T&, model::RequiredField) {}
};

// A model type that lists its fields (see model/fields.h).
template <class T>
concept Described = requires(T& t, FieldProbe& probe) { t.fields(probe); };

std::string joinPath(const std::string& parent, const std::string& name);

// Each read() leaves `out` untouched and reports a diagnostic when the node does not fit.
bool read(const YAML::Node& n, std::string& out, ReadContext& ctx, const std::string& path);
bool read(const YAML::Node& n, std::int64_t& out, ReadContext& ctx, const std::string& path);
bool read(const YAML::Node& n, double& out, ReadContext& ctx, const std::string& path);
bool read(const YAML::Node& n, bool& out, ReadContext& ctx, const std::string& path);
bool read(const YAML::Node& n, model::Value& out, ReadContext& ctx, const std::string& path);
template <class T>
bool read(const YAML::Node& n, std::optional<T>& out, ReadContext& ctx, const std::string& path);
template <class T>
bool read(const YAML::Node& n, std::vector<T>& out, ReadContext& ctx, const std::string& path);
template <class T>
bool read(const YAML::Node& n, std::map<std::string, T>& out, ReadContext& ctx,
          const std::string& path);
template <Described T>
bool read(const YAML::Node& n, T& out, ReadContext& ctx, const std::string& path);

class StructReader {
 public:
  StructReader(const YAML::Node& map, ReadContext& ctx, std::string path);

  template <class T> void operator()(const char* name, T& field) { visit(name, field, false); }
  template <class T> void operator()(const char* name, T& field, model::RequiredField) {
    visit(name, field, true);
  }

  // Reports the keys no field claimed.
  void finish(const std::vector<std::string>& knownNames);
  const std::vector<std::string>& knownNames() const { return known_; }

 private:
  struct Entry {
    std::string key;
    YAML::Mark mark;
    YAML::Node value;
  };
  const Entry* take(const char* name);
  const Entry* takeProtoName(const char* name);
  void missing(const char* name);

  template <class T> void visit(const char* name, T& field, bool required) {
    known_.emplace_back(name);
    const Entry* e = take(name);
    if (!e) e = takeProtoName(name);
    if (!e || e->value.IsNull()) {
      if (required) missing(name);
      return;
    }
    const std::string path = joinPath(path_, name);
    ctx_.remember(path, e->mark);
    read(e->value, field, ctx_, path);
  }

  const YAML::Node& map_;
  ReadContext& ctx_;
  std::string path_;
  std::vector<Entry> entries_;
  std::vector<bool> taken_;
  std::vector<std::string> known_;
};

void reportWrongType(const YAML::Node& n, const char* expected, ReadContext& ctx,
                     const std::string& path);

template <class T>
bool read(const YAML::Node& n, std::optional<T>& out, ReadContext& ctx, const std::string& path) {
  if (n.IsNull()) return true;
  T value{};
  if (!read(n, value, ctx, path)) return false;
  out = std::move(value);
  return true;
}

template <class T>
bool read(const YAML::Node& n, std::vector<T>& out, ReadContext& ctx, const std::string& path) {
  if (!ctx.spend()) return false;
  if (!n.IsSequence()) return reportWrongType(n, "a list", ctx, path), false;
  out.clear();
  out.reserve(n.size());
  size_t i = 0;
  for (const auto& item : n) {
    const std::string itemPath = path + "[" + std::to_string(i++) + "]";
    ctx.remember(itemPath, item.Mark());
    T value{};
    if (item.IsNull()) {
      if constexpr (Described<T>) {
        out.push_back(std::move(value));  // `- ` is an empty object, as in `rules: [{}]`
        continue;
      }
      reportWrongType(item, "a value", ctx, itemPath);
      continue;
    }
    if (read(item, value, ctx, itemPath)) out.push_back(std::move(value));
  }
  return true;
}

template <class T>
bool read(const YAML::Node& n, std::map<std::string, T>& out, ReadContext& ctx,
          const std::string& path) {
  if (!ctx.spend()) return false;
  if (!n.IsMap()) return reportWrongType(n, "an object", ctx, path), false;
  out.clear();
  for (const auto& kv : n) {
    if (!kv.first.IsScalar()) {
      reportWrongType(kv.first, "a string key", ctx, path);
      continue;
    }
    const std::string& key = kv.first.Scalar();
    const std::string itemPath = joinPath(path, key);
    ctx.remember(itemPath, kv.first.Mark());
    if (out.count(key)) {
      ctx.schemaError(kv.first.Mark(), itemPath + ": duplicate key \"" + key + "\"");
      continue;
    }
    T value{};
    if (kv.second.IsNull() && !Described<T>) {
      reportWrongType(kv.second, "a value", ctx, itemPath);
      continue;
    }
    if (kv.second.IsNull() || read(kv.second, value, ctx, itemPath))
      out.emplace(key, std::move(value));
  }
  return true;
}

template <Described T>
bool read(const YAML::Node& n, T& out, ReadContext& ctx, const std::string& path) {
  if (!ctx.spend()) return false;
  if (!n.IsMap()) return reportWrongType(n, "an object", ctx, path), false;
  StructReader reader(n, ctx, path);
  out.fields(reader);
  reader.finish(reader.knownNames());
  return true;
}

}  // namespace ms::istio
