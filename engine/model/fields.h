#pragma once

// How model types describe themselves.
//
// Every Istio/Kubernetes value type lists its YAML fields once, in export order:
//
//   struct Destination {
//     std::optional<std::string> host;
//     template <class V> void fields(V& v) { v("host", host, Required); ... }
//   };
//
// One list serves the YAML reader (typed reading, unknown-field errors, positions),
// the writer, and the schema-coverage test, so the three can never disagree.
// Scalars are std::optional so that "absent" and "zero" stay different on a round trip.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/value.h"

namespace ms::model {

struct RequiredField {};
inline constexpr RequiredField Required{};

using OptString = std::optional<std::string>;
using OptInt = std::optional<std::int64_t>;
using OptDouble = std::optional<double>;
using OptBool = std::optional<bool>;
using Strings = std::vector<std::string>;
using Labels = std::map<std::string, std::string>;

}  // namespace ms::model
