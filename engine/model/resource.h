#pragma once

#include <string>
#include <unordered_map>
#include <variant>

#include "model/destination_rule.h"
#include "model/gateway.h"
#include "model/kind.h"
#include "model/kubernetes.h"
#include "model/mesh_design.h"
#include "model/security.h"
#include "model/service_entry.h"
#include "model/sidecar.h"
#include "model/source_location.h"
#include "model/virtual_service.h"

namespace ms::model {

struct ObjectMeta {
  std::string name, namespace_;  // namespace_ is always resolved ("default" when not given)
  bool namespaceGiven = false;   // whether the file said it, so export writes back what it read
  Labels labels, annotations;
  Value extra = Value::Map{};  // every other metadata field, kept for export
  bool operator==(const ObjectMeta&) const = default;
};

using Spec = std::variant<std::monostate, VirtualService, DestinationRule, Gateway, ServiceEntry,
                          Sidecar, PeerAuthentication, AuthorizationPolicy, RequestAuthentication,
                          MeshDesign, KubernetesService, KubernetesWorkload, KubernetesNamespace>;

// One object of the design: an Istio resource with a typed spec, a MeshDesign, or a
// Kubernetes/other object kept verbatim.
struct Resource {
  Kind kind = Kind::Other;
  std::string apiVersion, kindName;
  ObjectMeta meta;
  Spec spec;
  Value status;  // Istio kinds: kept as given
  Value raw;     // Kubernetes and other kinds: the whole document, exported unchanged

  SourceLocation where;  // the document's first line
  // Field path ("spec.http[0].route[1].weight") -> where that field's key stands.
  std::unordered_map<std::string, SourceLocation> positions;
  // Fields the schema does not know (reported as errors), by parent path, kept so that an
  // export loses nothing the user wrote.
  std::unordered_map<std::string, Value::Map> unknownFields;

  template <class T> const T* as() const { return std::get_if<T>(&spec); }
  template <class T> T* as() { return std::get_if<T>(&spec); }

  // Where a field stands, or its nearest recorded ancestor, or the document.
  SourceLocation at(const std::string& path) const;

  // "VirtualService default/reviews"
  std::string ref() const;
  std::string namespacedName() const { return meta.namespace_ + "/" + meta.name; }
};

}  // namespace ms::model
