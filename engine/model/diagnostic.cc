#include "model/diagnostic.h"

#include <algorithm>

namespace ms::model {

const char* levelName(Level level) {
  switch (level) {
    case Level::Error: return "Error";
    case Level::Warning: return "Warning";
    case Level::Info: return "Info";
  }
  return "Error";
}

bool hasErrors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.level == Level::Error; });
}

}  // namespace ms::model
