#include <iostream>

#include "analysis/diagnostic_format.h"
#include "command_line.h"
#include "controlplane/ca/atomic_file.h"
#include "commands.h"
#include "istio/exporter.h"
#include "load_design.h"

namespace ms::cli {

namespace {

const char* kHelp = R"(Usage: meshctl export PATH... -o FILE [--kubernetes] [--force]

Writes the design as Istio YAML in a stable order. MeshDesign documents are left out;
objects MeshStudio does not model are written unchanged.

Options:
  -o, --output FILE   where to write ("-" for standard output)
  --kubernetes        also write Namespaces, ServiceAccounts, Services and Deployments
  --force             write even when the design has errors

Exit status: 0 written, 3 not written because of errors, 2 usage or I/O error.
)";

}  // namespace

int exportCommand(const std::vector<std::string>& args) {
  std::vector<std::string> normalized = args;
  for (auto& a : normalized)
    if (a == "-o") a = "--output";
  CommandLine cl(normalized, {"--kubernetes", "--force"}, {"--output"});
  if (cl.flag("--help")) return std::cout << kHelp, kOk;
  const std::string output = cl.option("--output");
  if (!cl.ok() || cl.positional().empty() || output.empty()) {
    return usageError("export", cl, "give at least one file or folder",
                      "say where to write with -o FILE", kHelp);
  }
  const istio::ImportResult result = loadAndAnalyze(cl.positional());
  for (const auto& d : result.diagnostics)
    if (d.level != model::Level::Info) std::cerr << analysis::formatText(d) << "\n";
  if (result.ioError) return kUsage;
  if (model::hasErrors(result.diagnostics) && !cl.flag("--force")) {
    std::cerr << "meshctl export: not written: the design has errors (fix them, or use --force)\n";
    return kFindings;
  }
  const std::string text = istio::exportYaml(result.mesh, {cl.flag("--kubernetes")});
  if (output == "-") {
    std::cout << text;
    return kOk;
  }
  // A reader (kubectl, a watcher) never sees half a file.
  if (const ca::Status written = ca::writeFileAtomically(output, text, 0644); !written) {
    std::cerr << "meshctl export: cannot write " << output << ": " << written.error()
              << "; check the folder exists and is writable\n";
    return kUsage;
  }
  return kOk;
}

}  // namespace ms::cli
