#include "istio/read_context.h"

#include <algorithm>

#include "istio/yaml_scalar.h"

namespace ms::istio {

model::SourceLocation ReadContext::locate(const YAML::Mark& mark) const {
  if (mark.is_null()) return {file_, lineOffset_ + 1, 1};
  // yaml-cpp places end-of-input errors one line past the last; point at the last line.
  const int line = std::clamp(mark.line + 1, 1, std::max(lineCount_, 1));
  const int column = line == mark.line + 1 ? mark.column + 1 : 1;
  return {file_, lineOffset_ + line, column};
}

void ReadContext::remember(const std::string& path, const YAML::Mark& mark) {
  resource_.positions.insert_or_assign(path, locate(mark));
}

void ReadContext::schemaError(const YAML::Mark& mark, const std::string& message) {
  report("IST0106", model::Level::Error, mark, "Schema validation error: " + message);
}

void ReadContext::report(const std::string& code, model::Level level, const YAML::Mark& mark,
                         const std::string& message) {
  diagnostics_.push_back({code, level, resource_.kindName, resource_.meta.namespace_,
                          resource_.meta.name, locate(mark), message});
}

model::Value ReadContext::value(const YAML::Node& node) {
  model::Value v = toValue(node, &budget_);
  if (budget_ < 0) spend();  // reports once
  return v;
}

bool ReadContext::spend() {
  if (--budget_ >= 0) return true;
  if (!budgetReported_) {
    budgetReported_ = true;
    report("MS0104", model::Level::Error, YAML::Mark::null_mark(),
           "document is too large or expands too far through aliases; split it up");
  }
  return false;
}

}  // namespace ms::istio
