#pragma once

#include <optional>
#include <string>

namespace ms::model {

// Seconds in a duration as Istio writes them (Go syntax: "1s", "0.5s", "1m30s", "250ms",
// "500us"); nullopt when the text is not a duration.
std::optional<double> parseDurationSeconds(const std::string& text);

}  // namespace ms::model
