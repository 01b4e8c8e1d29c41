#include "model/value.h"

#include <algorithm>

namespace ms::model {

const Value* Value::find(const std::string& key) const {
  if (!isMap()) return nullptr;
  for (const auto& [k, v] : asMap())
    if (k == key) return &v;
  return nullptr;
}

static bool isNumber(const Value& v) { return v.isInt() || v.isDouble(); }
static double numberOf(const Value& v) {
  return v.isInt() ? static_cast<double>(v.asInt()) : v.asDouble();
}

bool Value::operator==(const Value& other) const {
  if (isNumber(*this) && isNumber(other)) {
    if (isInt() && other.isInt()) return asInt() == other.asInt();
    return numberOf(*this) == numberOf(other);
  }
  if (data_.index() != other.data_.index()) return false;
  if (isMap()) {
    const Map& a = asMap();
    const Map& b = other.asMap();
    if (a.size() != b.size()) return false;
    return std::all_of(a.begin(), a.end(), [&](const Entry& e) {
      const Value* w = other.find(e.first);
      return w && *w == e.second;
    });
  }
  return data_ == other.data_;
}

}  // namespace ms::model
