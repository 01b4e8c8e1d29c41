#include "analyze_text.h"

#include "analysis/analyzer.h"
#include "istio/importer.h"

namespace ms::test {

model::Diagnostics analyzeText(const std::string& yaml) {
  model::Mesh mesh;
  model::Diagnostics out;
  istio::importText(yaml, "test.yaml", mesh, out);
  const model::Diagnostics found = analysis::analyze(mesh);
  out.insert(out.end(), found.begin(), found.end());
  return out;
}

model::Diagnostics withCode(const model::Diagnostics& all, const std::string& code) {
  model::Diagnostics out;
  for (const auto& d : all)
    if (d.code == code) out.push_back(d);
  return out;
}

}  // namespace ms::test
