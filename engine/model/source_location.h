#pragma once

#include <string>

namespace ms::model {

// Where something came from in the user's files. line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
  bool operator==(const SourceLocation&) const = default;
};

}  // namespace ms::model
