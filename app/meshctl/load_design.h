#pragma once

#include <string>
#include <vector>

#include "istio/importer.h"

namespace ms::cli {

// Imports PATHs and runs every check; the result holds the mesh and all diagnostics.
istio::ImportResult loadAndAnalyze(const std::vector<std::string>& paths);

}  // namespace ms::cli
