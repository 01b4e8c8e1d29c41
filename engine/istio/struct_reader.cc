#include "istio/struct_reader.h"

#include <algorithm>

namespace ms::istio {

namespace {

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string suggestion(const std::string& key, const std::vector<std::string>& known) {
  std::string best;
  size_t bestDistance = std::max<size_t>(2, key.size() / 3) + 1;
  for (const auto& name : known) {
    const size_t d = editDistance(key, name);
    if (d < bestDistance) bestDistance = d, best = name;
  }
  return best.empty() ? "" : "; did you mean \"" + best + "\"?";
}

std::string describe(const YAML::Node& n) {
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "an object";
  if (n.IsScalar()) {
    const model::Value v = resolveScalar(n);
    return std::string(yamlTypeName(v)) + " \"" + n.Scalar() + "\"";
  }
  return "nothing";
}

std::string where(const std::string& path) { return path.empty() ? "document" : path; }

}  // namespace

std::string joinPath(const std::string& parent, const std::string& name) {
  return parent.empty() ? name : parent + "." + name;
}

void reportWrongType(const YAML::Node& n, const char* expected, ReadContext& ctx,
                     const std::string& path) {
  ctx.schemaError(n.Mark(), where(path) + ": expected " + expected + ", got " + describe(n));
}

bool read(const YAML::Node& n, std::string& out, ReadContext& ctx, const std::string& path) {
  if (n.IsScalar()) {
    const model::Value v = resolveScalar(n);
    if (v.isString()) return out = v.asString(), true;
    // A plain scalar that YAML reads as a number or boolean is not a string to the API server.
    ctx.schemaError(n.Mark(), where(path) + ": expected a string, got " + describe(n) +
                                  "; quote it (\"" + n.Scalar() + "\")");
    return false;
  }
  return reportWrongType(n, "a string", ctx, path), false;
}

bool read(const YAML::Node& n, std::int64_t& out, ReadContext& ctx, const std::string& path) {
  if (n.IsScalar()) {
    const model::Value v = resolveScalar(n);
    if (v.isInt()) return out = v.asInt(), true;
  }
  return reportWrongType(n, "an integer", ctx, path), false;
}

bool read(const YAML::Node& n, double& out, ReadContext& ctx, const std::string& path) {
  if (n.IsScalar()) {
    const model::Value v = resolveScalar(n);
    if (v.isInt()) return out = static_cast<double>(v.asInt()), true;
    if (v.isDouble()) return out = v.asDouble(), true;
  }
  return reportWrongType(n, "a number", ctx, path), false;
}

bool read(const YAML::Node& n, bool& out, ReadContext& ctx, const std::string& path) {
  if (n.IsScalar()) {
    const model::Value v = resolveScalar(n);
    if (v.isBool()) return out = v.asBool(), true;
  }
  return reportWrongType(n, "true or false", ctx, path), false;
}

bool read(const YAML::Node& n, model::Value& out, ReadContext& ctx, const std::string&) {
  if (!ctx.spend()) return false;
  out = ctx.value(n);
  return true;
}

StructReader::StructReader(const YAML::Node& map, ReadContext& ctx, std::string path)
    : map_(map), ctx_(ctx), path_(std::move(path)) {
  for (const auto& kv : map_) {
    if (!kv.first.IsScalar()) {
      ctx_.schemaError(kv.first.Mark(), where(path_) + ": keys must be field names");
      continue;
    }
    const std::string& key = kv.first.Scalar();
    const bool duplicate = std::any_of(entries_.begin(), entries_.end(),
                                       [&](const Entry& e) { return e.key == key; });
    if (duplicate) {
      ctx_.schemaError(kv.first.Mark(),
                       joinPath(path_, key) + ": field \"" + key + "\" is given twice");
      continue;
    }
    entries_.push_back({key, kv.first.Mark(), kv.second});
  }
  taken_.assign(entries_.size(), false);
}

const StructReader::Entry* StructReader::take(const char* name) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].key == name) {
      taken_[i] = true;
      return &entries_[i];
    }
  }
  return nullptr;
}

// protojson, which Istio decodes with, also accepts a field's proto name (prefix_rewrite for
// prefixRewrite); the CRD schema lists only the JSON name, so we accept it with a warning.
const StructReader::Entry* StructReader::takeProtoName(const char* name) {
  std::string protoName;
  for (const char* c = name; *c; ++c) {
    if (std::isupper(static_cast<unsigned char>(*c))) {
      protoName += '_';
      protoName += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
    } else {
      protoName += *c;
    }
  }
  if (protoName == name) return nullptr;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (taken_[i] || entries_[i].key != protoName) continue;
    taken_[i] = true;
    ctx_.report("IST0106", model::Level::Warning, entries_[i].mark,
                joinPath(path_, protoName) + ": \"" + protoName +
                    "\" is the proto field name; write \"" + name +
                    "\" as the CRD schema does (export will)");
    return &entries_[i];
  }
  return nullptr;
}

void StructReader::missing(const char* name) {
  ctx_.schemaError(map_.Mark(), where(path_) + ": missing required field \"" + name + "\"");
}

void StructReader::finish(const std::vector<std::string>& knownNames) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (taken_[i]) continue;
    const Entry& e = entries_[i];
    ctx_.schemaError(e.mark, joinPath(path_, e.key) + ": unknown field \"" + e.key + "\"" +
                                 suggestion(e.key, knownNames));
    ctx_.resource().unknownFields[path_].emplace_back(e.key, ctx_.value(e.value));
  }
}

}  // namespace ms::istio
