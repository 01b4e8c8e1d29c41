#include <iostream>

#include "analysis/diagnostic_format.h"
#include "command_line.h"
#include "commands.h"
#include "load_design.h"

namespace ms::cli {

namespace {

const char* kHelp = R"(Usage: meshctl validate PATH... [--output text|json] [--fail-on error|warning]

Checks files and folders of Istio and Kubernetes YAML and MeshStudio designs: Istio's
admission rules (IST0106), istioctl analyze's analyzers (IST codes) and MeshStudio's graph
checks (MS codes). Prints one line per finding.

Options:
  --output text|json     output form (default text)
  --fail-on error|warning  the lowest level that fails the run (default error)

Exit status: 0 no failing findings, 3 failing findings, 2 usage or I/O error.
)";

}  // namespace

int validateCommand(const std::vector<std::string>& args) {
  CommandLine cl(args, {}, {"--output", "--fail-on"});
  if (cl.flag("--help")) return std::cout << kHelp, kOk;
  const std::string output = cl.option("--output", "text");
  const std::string failOn = cl.option("--fail-on", "error");
  if (!cl.ok() || cl.positional().empty() || (output != "text" && output != "json") ||
      (failOn != "error" && failOn != "warning")) {
    return usageError("validate", cl, "give at least one file or folder",
                      "bad --output or --fail-on value", kHelp);
  }
  const istio::ImportResult result = loadAndAnalyze(cl.positional());
  if (output == "json") {
    std::cout << analysis::formatJson(result.diagnostics);
  } else {
    for (const auto& d : result.diagnostics) std::cout << analysis::formatText(d) << "\n";
    if (result.diagnostics.empty()) std::cout << "\u2714 No validation issues found.\n";
  }
  if (result.ioError) return kUsage;
  for (const auto& d : result.diagnostics) {
    if (d.level == model::Level::Error) return kFindings;
    if (failOn == "warning" && d.level == model::Level::Warning) return kFindings;
  }
  return kOk;
}

}  // namespace ms::cli
