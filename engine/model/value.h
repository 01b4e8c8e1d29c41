#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ms::model {

// A free-form YAML/JSON value: what we keep verbatim where the model has no typed field
// (kinds we do not model, metadata extras, google.protobuf.Struct-like fields).
class Value {
 public:
  using List = std::vector<Value>;
  using Entry = std::pair<std::string, Value>;
  using Map = std::vector<Entry>;  // keeps the author's key order for export

  Value() = default;
  Value(bool b) : data_(b) {}
  Value(std::int64_t i) : data_(i) {}
  Value(int i) : data_(std::int64_t{i}) {}
  Value(double d) : data_(d) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(List l) : data_(std::move(l)) {}
  Value(Map m) : data_(std::move(m)) {}

  bool isNull() const { return std::holds_alternative<std::monostate>(data_); }
  bool isBool() const { return std::holds_alternative<bool>(data_); }
  bool isInt() const { return std::holds_alternative<std::int64_t>(data_); }
  bool isDouble() const { return std::holds_alternative<double>(data_); }
  bool isString() const { return std::holds_alternative<std::string>(data_); }
  bool isList() const { return std::holds_alternative<List>(data_); }
  bool isMap() const { return std::holds_alternative<Map>(data_); }

  bool asBool() const { return std::get<bool>(data_); }
  std::int64_t asInt() const { return std::get<std::int64_t>(data_); }
  double asDouble() const { return std::get<double>(data_); }
  const std::string& asString() const { return std::get<std::string>(data_); }
  const List& asList() const { return std::get<List>(data_); }
  List& asList() { return std::get<List>(data_); }
  const Map& asMap() const { return std::get<Map>(data_); }
  Map& asMap() { return std::get<Map>(data_); }

  // Map lookup; nullptr when this is not a map or has no such key.
  const Value* find(const std::string& key) const;

  // Equality as data: map key order does not matter, 1 equals 1.0.
  bool operator==(const Value& other) const;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, List, Map> data_;
};

}  // namespace ms::model
