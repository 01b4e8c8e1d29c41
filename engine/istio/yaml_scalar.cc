#include "istio/yaml_scalar.h"

#include <charconv>
#include <cmath>

namespace ms::istio {

namespace {

bool isPlain(const YAML::Node& n) { return n.Tag() == "?"; }

bool parseInt(const std::string& s, std::int64_t& out) {
  std::string_view v = s;
  int base = 10;
  bool negative = false;
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
    negative = v[0] == '-';
    v.remove_prefix(1);
  }
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'o')) {
    base = v[1] == 'x' ? 16 : 8;
    v.remove_prefix(2);
  }
  if (v.empty()) return false;
  std::uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), magnitude, base);
  if (ec != std::errc() || end != v.data() + v.size()) return false;
  if (magnitude > static_cast<std::uint64_t>(INT64_MAX)) return false;
  out = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
  return true;
}

bool parseFloat(const std::string& s, double& out) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") return out = INFINITY, true;
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return out = -INFINITY, true;
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return out = NAN, true;
  // Core schema: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
    if (exp == 0) return false;
  }
  if (i != s.size()) return false;
  auto [end, ec] = std::from_chars(s.data() + (s[0] == '+' ? 1 : 0), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

model::Value resolveScalar(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (!isPlain(n)) return model::Value(s);
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return {};
  if (s == "true" || s == "True" || s == "TRUE") return model::Value(true);
  if (s == "false" || s == "False" || s == "FALSE") return model::Value(false);
  std::int64_t i = 0;
  if (parseInt(s, i)) return model::Value(i);
  double d = 0;
  if (parseFloat(s, d)) return model::Value(d);
  return model::Value(s);
}

model::Value toValue(const YAML::Node& node, long* budget) {
  if (budget && --*budget < 0) return {};
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return resolveScalar(node);
    case YAML::NodeType::Sequence: {
      model::Value::List list;
      list.reserve(node.size());
      for (const auto& item : node) list.push_back(toValue(item, budget));
      return model::Value(std::move(list));
    }
    case YAML::NodeType::Map: {
      model::Value::Map map;
      for (const auto& kv : node)
        map.emplace_back(kv.first.IsScalar() ? kv.first.Scalar() : std::string("?"),
                         toValue(kv.second, budget));
      return model::Value(std::move(map));
    }
    default: return {};
  }
}

const char* yamlTypeName(const model::Value& v) {
  if (v.isNull()) return "null";
  if (v.isBool()) return "boolean";
  if (v.isInt()) return "integer";
  if (v.isDouble()) return "number";
  if (v.isString()) return "string";
  if (v.isList()) return "list";
  return "object";
}

}  // namespace ms::istio
