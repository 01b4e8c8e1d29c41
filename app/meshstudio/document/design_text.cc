#include "document/design_text.h"

#include "analysis/analyzer.h"
#include "istio/exporter.h"
#include "istio/importer.h"

namespace ms::studio {

std::string designText(const model::Mesh& mesh) {
  std::string text;
  for (const auto& r : mesh.resources) {
    if (!text.empty()) text += "---\n";
    text += istio::writeResource(r);
  }
  return text;
}

ParsedDesign parseDesign(const std::string& text, const std::string& file) {
  ParsedDesign parsed;
  istio::importText(text, file, parsed.mesh, parsed.diagnostics);
  for (const auto& d : parsed.diagnostics)
    if (d.level == model::Level::Error && (d.code == "MS0101" || d.code == "MS0104")) parsed.complete = false;
  auto analysis = analysis::analyze(parsed.mesh);
  parsed.diagnostics.insert(parsed.diagnostics.end(), analysis.begin(), analysis.end());
  return parsed;
}

}  // namespace ms::studio
