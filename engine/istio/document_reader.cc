#include "istio/document_reader.h"

#include "istio/kubernetes_reader.h"
#include "istio/struct_reader.h"

namespace ms::istio {

namespace {

using model::Kind;
using model::Level;

template <class Spec>
void readSpec(const YAML::Node& root, model::Resource& r, ReadContext& ctx) {
  Spec spec{};
  if (const YAML::Node node = root["spec"]; node && !node.IsNull()) {
    ctx.remember("spec", node.Mark());
    read(node, spec, ctx, "spec");
  }
  r.spec = std::move(spec);
}

void readTypedSpec(const YAML::Node& root, model::Resource& r, ReadContext& ctx) {
  switch (r.kind) {
    case Kind::VirtualService: return readSpec<model::VirtualService>(root, r, ctx);
    case Kind::DestinationRule: return readSpec<model::DestinationRule>(root, r, ctx);
    case Kind::Gateway: return readSpec<model::Gateway>(root, r, ctx);
    case Kind::ServiceEntry: return readSpec<model::ServiceEntry>(root, r, ctx);
    case Kind::Sidecar: return readSpec<model::Sidecar>(root, r, ctx);
    case Kind::PeerAuthentication: return readSpec<model::PeerAuthentication>(root, r, ctx);
    case Kind::AuthorizationPolicy: return readSpec<model::AuthorizationPolicy>(root, r, ctx);
    case Kind::RequestAuthentication: return readSpec<model::RequestAuthentication>(root, r, ctx);
    case Kind::MeshDesign: return readSpec<model::MeshDesign>(root, r, ctx);
    default: return;
  }
}

// Top-level fields other than apiVersion/kind/metadata/spec/status are errors for typed kinds.
void checkTopLevel(const YAML::Node& root, ReadContext& ctx) {
  for (const auto& kv : root) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (key == "apiVersion" || key == "kind" || key == "metadata" || key == "spec" ||
        key == "status")
      continue;
    ctx.schemaError(kv.first.Mark(), "unknown field \"" + key +
                                         "\" at the top level; did you mean to put it "
                                         "under spec?");
  }
}

bool readMetadata(const YAML::Node& root, model::Resource& r, ReadContext& ctx,
                  const std::string& defaultNamespace) {
  const YAML::Node meta = root["metadata"];
  if (!meta || !meta.IsMap()) {
    ctx.schemaError(meta ? meta.Mark() : root.Mark(),
                    "metadata: missing; every object needs metadata.name");
    return false;
  }
  ctx.remember("metadata", meta.Mark());
  model::Value::Map extra;
  for (const auto& kv : meta) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    const std::string path = "metadata." + key;
    ctx.remember(path, kv.first.Mark());
    if (key == "name") read(kv.second, r.meta.name, ctx, path);
    else if (key == "namespace") read(kv.second, r.meta.namespace_, ctx, path);
    else if (key == "labels") read(kv.second, r.meta.labels, ctx, path);
    else if (key == "annotations") read(kv.second, r.meta.annotations, ctx, path);
    else extra.emplace_back(key, ctx.value(kv.second));
  }
  r.meta.extra = model::Value(std::move(extra));
  if (r.meta.namespace_.empty()) r.meta.namespace_ = defaultNamespace;
  else r.meta.namespaceGiven = true;
  if (r.meta.name.empty() && !r.meta.extra.find("generateName")) {
    ctx.schemaError(meta.Mark(), "metadata.name: missing; give the object a name");
    return false;
  }
  return true;
}

std::string scalarField(const YAML::Node& root, const char* name) {
  const YAML::Node n = root[name];
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

}  // namespace

std::optional<model::Resource> readDocument(const YAML::Node& root, ReadContext& ctx,
                                            const std::string& defaultNamespace) {
  if (!root || root.IsNull()) return std::nullopt;
  model::Resource& r = ctx.resource();
  r.where = ctx.locate(root.Mark());
  if (!root.IsMap()) {
    ctx.report("MS0101", Level::Error, root.Mark(),
               "this document is not a Kubernetes object: expected a map with apiVersion, "
               "kind and metadata");
    return std::nullopt;
  }
  r.apiVersion = scalarField(root, "apiVersion");
  r.kindName = scalarField(root, "kind");
  if (r.apiVersion.empty() || r.kindName.empty()) {
    ctx.schemaError(root.Mark(), std::string("missing ") +
                                     (r.apiVersion.empty() ? "apiVersion" : "kind") +
                                     "; every document needs apiVersion and kind");
    return std::nullopt;
  }
  r.kind = model::kindOf(r.apiVersion, r.kindName);
  readMetadata(root, r, ctx, defaultNamespace);

  if (r.kind == Kind::Other) {
    r.raw = ctx.value(root);
    const char* preferred = model::preferredApiVersion(r.kindName);
    if (preferred && model::apiGroup(preferred) == model::apiGroup(r.apiVersion))
      ctx.schemaError(root.Mark(), r.kindName + " is not served as " + r.apiVersion +
                                       "; use " + preferred);
    else
      ctx.report("MS0102", Level::Info, root.Mark(),
                 r.apiVersion + " " + r.kindName +
                     " is not modeled by MeshStudio; it is kept and exported unchanged");
    return std::move(r);
  }
  if (model::isKubernetesKind(r.kind)) {
    r.raw = ctx.value(root);
    readKubernetesSpec(r, ctx);
    return std::move(r);
  }
  checkTopLevel(root, ctx);
  readTypedSpec(root, r, ctx);
  if (const YAML::Node status = root["status"]; status && !status.IsNull())
    r.status = ctx.value(status);
  return std::move(r);
}

}  // namespace ms::istio
