#pragma once

#include <string>

#include "model/diagnostic.h"

namespace ms::analysis {

// istioctl analyze's line form:
//   Error [IST0101] (VirtualService default/reviews bookinfo.yaml:14:9) Referenced host ...
std::string formatText(const model::Diagnostic& d);

// A JSON array of {code, level, kind, namespace, name, file, line, column, message}.
std::string formatJson(const model::Diagnostics& diagnostics);

std::string jsonEscape(const std::string& text);

}  // namespace ms::analysis
