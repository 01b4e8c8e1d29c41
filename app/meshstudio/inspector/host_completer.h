#pragma once
// Suggestions for the fields that name services: a host field offers the services the design
// knows (short name and FQDN, ServiceEntry hosts), a destination's subset the subsets the
// DestinationRules define for its host. Free text stays allowed: Istio accepts hosts the
// design does not know (they become IST0101 problems, not typing errors).
#include <QStringList>

#include <string>

#include "model/mesh.h"

class QLineEdit;

namespace ms::studio {

class DesignDocument;

bool isHostField(const std::string& path);    // "spec.host", "...destination.host", "spec.hosts[0]"
bool isSubsetField(const std::string& path);  // "...destination.subset"

QStringList hostSuggestions(const model::Mesh& mesh);
QStringList subsetSuggestions(const model::Mesh& mesh, const QString& host);

// Attaches a completer to `edit` when `path` is a host or subset field of `kind`; false
// otherwise. The suggestions are computed from the document each time the editor gains
// focus; a subset field reads its host from the sibling editor of the same form.
bool attachHostCompleter(QLineEdit* edit, const std::string& kind, const std::string& path,
                         const DesignDocument* document);

}  // namespace ms::studio
