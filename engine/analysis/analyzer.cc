#include "analysis/analyzer.h"

#include <algorithm>

#include "analysis/context.h"
#include "analysis/graph/graph_checks.h"
#include "analysis/ist/istio_analyzers.h"
#include "analysis/validation/admission_rules.h"

namespace ms::analysis {

model::Diagnostics analyze(const model::Mesh& mesh) {
  model::Diagnostics out;
  const model::ServiceRegistry registry(mesh);
  const Context ctx(mesh, registry, out);
  runAdmissionRules(ctx);
  runIstioAnalyzers(ctx);
  runGraphChecks(ctx);
  std::stable_sort(out.begin(), out.end(), [](const model::Diagnostic& a, const model::Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) <
           std::tie(b.where.file, b.where.line, b.where.column);
  });
  return out;
}

}  // namespace ms::analysis
