#pragma once
// The design as one YAML text: every resource in document order, MeshDesign included.
// It is what the YAML pane shows and what Save writes; export (istio/exporter.h) is the
// Istio-only view of the same model.
#include <string>

#include "model/diagnostic.h"
#include "model/mesh.h"

namespace ms::studio {

std::string designText(const model::Mesh& mesh);

struct ParsedDesign {
  model::Mesh mesh;
  model::Diagnostics diagnostics;  // import diagnostics followed by the analysis
  // False when a document could not be read at all (syntax error, alias bomb): applying the
  // mesh would drop what the user wrote, so the text stays text until it reads.
  bool complete = true;
};

// Imports and analyses `text` as if it were the file `file`. Pure: safe on any thread.
ParsedDesign parseDesign(const std::string& text, const std::string& file);

}  // namespace ms::studio
