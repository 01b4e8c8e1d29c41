#include <iostream>

#include "command_line.h"
#include "commands.h"

namespace ms::cli {

int graphCommand(const std::vector<std::string>&) {
  std::cerr << "meshctl graph: not built yet\n";
  return kFailed;
}

}  // namespace ms::cli
