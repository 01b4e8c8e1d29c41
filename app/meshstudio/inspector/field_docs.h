#pragma once
// What Istio's CRD schemas say about each spec field (generated into field_docs.gen.cc by
// gen_field_docs.py). Paths leave out list indexes and write map values as "*":
// "spec.http.route.weight", "spec.portLevelMtls.*.mode".
#include <cstddef>
#include <optional>

namespace ms::studio {

struct IstioFieldDoc {
  const char* kind;
  const char* path;
  const char* description;
  const char* enumValues;  // "A|B|C", or "" when the field is not an enum
  bool duration;           // the schema validates it as a duration
  std::optional<int> minimum, maximum;
};

extern const IstioFieldDoc kIstioFieldDocs[];  // sorted by kind, then path
extern const std::size_t kIstioFieldDocCount;

}  // namespace ms::studio
