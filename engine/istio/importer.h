#pragma once

#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/mesh.h"

namespace ms::istio {

struct ImportOptions {
  std::string defaultNamespace = "default";  // for objects without metadata.namespace
};

// Reads YAML text of one or more documents into `mesh`. Never throws: every problem becomes a
// diagnostic with file:line:column, and one bad document does not lose the others.
void importText(const std::string& text, const std::string& file, model::Mesh& mesh,
                model::Diagnostics& diagnostics, const ImportOptions& options = {});

struct ImportResult {
  model::Mesh mesh;
  model::Diagnostics diagnostics;
  bool ioError = false;  // a path could not be read (reported as a diagnostic)
};

// Files, and folders searched recursively for *.yaml / *.yml, each in name order.
ImportResult importPaths(const std::vector<std::string>& paths, const ImportOptions& options = {});

}  // namespace ms::istio
