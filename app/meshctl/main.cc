// meshctl: MeshStudio's command line. A thin front end on the engine.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"

namespace {

const char* kUsage = R"(meshctl - design, check and run service meshes

Usage: meshctl COMMAND [ARGS...]

Commands:
  validate PATH...   check Istio/Kubernetes YAML and MeshStudio designs (istioctl analyze-style)
  export PATH...     write the design as Istio YAML (and Kubernetes manifests)
  graph PATH...      draw the call and routing graph as Graphviz dot or SVG
  simulate PATH...   run the design with real proxies, drive load, print live figures

Run 'meshctl COMMAND --help' for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? ms::cli::kUsage : ms::cli::kOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "validate") return ms::cli::validateCommand(args);
  if (command == "export") return ms::cli::exportCommand(args);
  if (command == "graph") return ms::cli::graphCommand(args);
  if (command == "simulate") return ms::cli::simulateCommand(args);
  std::cerr << "meshctl: unknown command '" << command << "'\n\n" << kUsage;
  return ms::cli::kUsage;
}
