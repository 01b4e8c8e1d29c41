#pragma once

#include <string>
#include <vector>

#include "model/source_location.h"

namespace ms::model {

enum class Level { Error, Warning, Info };

const char* levelName(Level level);

// One finding about the user's input, in istioctl analyze's terms.
struct Diagnostic {
  std::string code;  // IST0101, MS0001, ...
  Level level = Level::Error;
  std::string kind, namespace_, name;  // the resource it is about (may be empty)
  SourceLocation where;
  std::string message;
};

using Diagnostics = std::vector<Diagnostic>;

bool hasErrors(const Diagnostics& diagnostics);

}  // namespace ms::model
