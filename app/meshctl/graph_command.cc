#include <iostream>

#include "analysis/graph/graph_export.h"
#include "command_line.h"
#include "commands.h"
#include "istio/importer.h"

namespace ms::cli {

namespace {

const char* kHelp = R"(Usage: meshctl graph PATH... [--format dot|svg]

Draws the design's services (with their versions), the calls between them (labelled with
canary weights, route timeouts and retries) and the gateway entry. dot is Graphviz input;
svg is a finished picture.

Options:
  --format dot|svg   output form (default dot)

Exit status: 0 drawn, 2 usage or I/O error.
)";

}  // namespace

int graphCommand(const std::vector<std::string>& args) {
  CommandLine cl(args, {}, {"--format"});
  if (cl.flag("--help")) return std::cout << kHelp, kOk;
  const std::string format = cl.option("--format", "dot");
  if (!cl.ok() || cl.positional().empty() || (format != "dot" && format != "svg")) {
    return usageError("graph", cl, "give at least one file or folder",
                      "--format must be dot or svg", kHelp);
  }
  const istio::ImportResult result = istio::importPaths(cl.positional());
  if (result.ioError) {
    for (const auto& d : result.diagnostics)
      if (d.code == "MS0100") std::cerr << d.where.file << ": " << d.message << "\n";
    return kUsage;
  }
  std::cout << (format == "svg" ? analysis::graphSvg(result.mesh) : analysis::graphDot(result.mesh));
  return kOk;
}

}  // namespace ms::cli
