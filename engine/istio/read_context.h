#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "model/diagnostic.h"
#include "model/resource.h"

namespace ms::istio {

// What a reader needs while it walks one document: where diagnostics and positions go.
class ReadContext {
 public:
  // lineOffset: 0-based line of the document's first line in the file; lineCount: its lines.
  ReadContext(std::string file, int lineOffset, int lineCount, model::Resource& resource,
              model::Diagnostics& diagnostics)
      : file_(std::move(file)), lineOffset_(lineOffset), lineCount_(lineCount),
        resource_(resource), diagnostics_(diagnostics) {}

  model::SourceLocation locate(const YAML::Mark& mark) const;
  void remember(const std::string& path, const YAML::Mark& mark);

  // IST0106, as istioctl reports what the API server's schema check rejects.
  void schemaError(const YAML::Mark& mark, const std::string& message);
  void report(const std::string& code, model::Level level, const YAML::Mark& mark,
              const std::string& message);

  // Guards against alias bombs: each node read costs one unit.
  bool spend();
  // A free-form value, read within the same budget.
  model::Value value(const YAML::Node& node);

  const std::string& file() const { return file_; }
  model::Resource& resource() { return resource_; }

 private:
  std::string file_;
  int lineOffset_;
  int lineCount_;
  model::Resource& resource_;
  model::Diagnostics& diagnostics_;
  long budget_ = 200000;
  bool budgetReported_ = false;
};

}  // namespace ms::istio
