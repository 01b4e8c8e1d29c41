#include "analysis/validation/rule_reporter.h"

#include "analysis/validation/field_checks.h"

namespace ms::analysis {

void RuleReporter::checkDuration(const std::string& path,
                                 const std::optional<std::string>& value) const {
  if (value) check(path, analysis::checkDuration(*value));
}

std::string at(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

}  // namespace ms::analysis
