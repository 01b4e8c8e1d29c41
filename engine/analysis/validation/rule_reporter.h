#pragma once

#include <string>

#include "analysis/context.h"

namespace ms::analysis {

// Reports IST0106 findings about one resource, at field paths.
class RuleReporter {
 public:
  RuleReporter(const Context& ctx, const model::Resource& resource) : ctx_(ctx), r_(resource) {}

  void error(const std::string& path, const std::string& message) const {
    ctx_.report("IST0106", model::Level::Error, r_, path, "Schema validation error: " + message);
  }
  // Reports `problem` when it is not empty (the form field_checks return).
  void check(const std::string& path, const std::string& problem) const {
    if (!problem.empty()) error(path, problem);
  }
  void checkDuration(const std::string& path, const std::optional<std::string>& value) const;

  const model::Resource& resource() const { return r_; }

 private:
  const Context& ctx_;
  const model::Resource& r_;
};

std::string at(const std::string& path, size_t index);  // "path[index]"

}  // namespace ms::analysis
