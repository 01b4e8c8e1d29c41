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
  // The field it is about ("spec.services[1].workloads[0]"), when the check knew it: what
  // tells which entry of a MeshDesign a finding is about, since the design is one resource.
  std::string path = {};  // "= {}": initializers written before it, by position, need not name it
};

using Diagnostics = std::vector<Diagnostic>;

bool hasErrors(const Diagnostics& diagnostics);

}  // namespace ms::model
