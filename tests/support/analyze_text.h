#pragma once

#include <string>

#include "model/diagnostic.h"

namespace ms::test {

// Imports YAML text (as file "test.yaml") and runs every analysis; import findings included.
model::Diagnostics analyzeText(const std::string& yaml);

// Findings with `code`, in order.
model::Diagnostics withCode(const model::Diagnostics& all, const std::string& code);

}  // namespace ms::test
