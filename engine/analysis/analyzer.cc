#include "analysis/analyzer.h"

#include <algorithm>

namespace ms::analysis {

model::Diagnostics analyze(const model::Mesh&) {
  model::Diagnostics out;
  return out;
}

}  // namespace ms::analysis
