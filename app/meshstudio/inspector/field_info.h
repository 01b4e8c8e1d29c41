#pragma once
// What the inspector knows about a field beyond its C++ type: a short description for the
// tooltip, the values of an enum, whether it holds a duration, numeric bounds and what an
// unset value means. Istio's kinds take this from their CRD schemas (field_docs.gen.cc), the
// MeshDesign from docs/design-file.md (a hand table).
#include <QString>
#include <QStringList>

#include <optional>
#include <string>

namespace ms::studio {

struct FieldInfo {
  QString description;
  QStringList choices;       // enum values; empty for free text
  bool duration = false;     // validated with model::parseDurationSeconds
  QStringList durationWords; // words accepted besides a duration ("end")
  std::optional<double> minimum, maximum;
  QString unsetText;         // what leaving it unset means ("30s", "sequence"), if known
  bool deprecated = false;   // Istio keeps it for old configs; forms tuck it away when unset
};

// `kind`: the resource's kind name ("VirtualService", "MeshDesign"); `schemaPath`: the field's
// path without list indexes, map values as "*" ("spec.http.route.weight").
FieldInfo fieldInfo(const std::string& kind, const std::string& schemaPath);

// Whether `text` is acceptable for a duration field (empty is: it means unset).
bool isValidDuration(const FieldInfo& info, const QString& text);

}  // namespace ms::studio
