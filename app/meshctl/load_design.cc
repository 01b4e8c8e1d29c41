#include "load_design.h"

#include <algorithm>

#include "analysis/analyzer.h"

namespace ms::cli {

istio::ImportResult loadAndAnalyze(const std::vector<std::string>& paths) {
  istio::ImportResult result = istio::importPaths(paths);
  model::Diagnostics found = analysis::analyze(result.mesh);
  result.diagnostics.insert(result.diagnostics.end(), found.begin(), found.end());
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const model::Diagnostic& a, const model::Diagnostic& b) {
                     return std::tie(a.where.file, a.where.line, a.where.column) <
                            std::tie(b.where.file, b.where.line, b.where.column);
                   });
  return result;
}

}  // namespace ms::cli
