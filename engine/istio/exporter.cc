#include "istio/exporter.h"

#include <algorithm>

#include "istio/design_manifests.h"
#include "istio/struct_writer.h"

namespace ms::istio {

namespace {

using model::Kind;

void writeMetadata(ModelWriter& w, const model::Resource& r) {
  YAML::Emitter& e = w.emitter();
  e << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value;
  w.write(r.meta.name);
  if (r.meta.namespaceGiven) {
    e << YAML::Key << "namespace" << YAML::Value;
    w.write(r.meta.namespace_);
  }
  if (!r.meta.labels.empty()) e << YAML::Key << "labels" << YAML::Value, w.write(r.meta.labels);
  if (!r.meta.annotations.empty())
    e << YAML::Key << "annotations" << YAML::Value, w.write(r.meta.annotations);
  if (r.meta.extra.isMap())
    for (const auto& [key, value] : r.meta.extra.asMap())
      e << YAML::Key << key << YAML::Value, w.write(value);
  e << YAML::EndMap;
}

void writeTyped(YAML::Emitter& e, const model::Resource& r) {
  ModelWriter w(e, &r.unknownFields);
  e << YAML::BeginMap;
  e << YAML::Key << "apiVersion" << YAML::Value << r.apiVersion;
  e << YAML::Key << "kind" << YAML::Value << r.kindName;
  writeMetadata(w, r);
  e << YAML::Key << "spec" << YAML::Value;
  std::visit(
      [&](const auto& spec) {
        using T = std::decay_t<decltype(spec)>;
        if constexpr (Described<T>) w.write(spec, "spec");
        else e << YAML::Flow << YAML::BeginMap << YAML::EndMap;
      },
      r.spec);
  if (!r.status.isNull()) e << YAML::Key << "status" << YAML::Value, w.write(r.status);
  e << YAML::EndMap;
}

int exportRank(Kind kind) {
  constexpr Kind order[] = {Kind::Namespace,          Kind::ServiceAccount,
                            Kind::Service,            Kind::Deployment,
                            Kind::Pod,                Kind::Gateway,
                            Kind::VirtualService,     Kind::DestinationRule,
                            Kind::ServiceEntry,       Kind::Sidecar,
                            Kind::PeerAuthentication, Kind::AuthorizationPolicy,
                            Kind::RequestAuthentication, Kind::Other};
  const auto it = std::find(std::begin(order), std::end(order), kind);
  return static_cast<int>(it - std::begin(order));
}

bool exported(const model::Resource& r, const ExportOptions& options) {
  if (r.kind == Kind::MeshDesign) return false;
  if (model::isKubernetesKind(r.kind)) return options.kubernetes;
  return true;
}

}  // namespace

std::string writeResource(const model::Resource& r) {
  YAML::Emitter e;
  e.SetIndent(2);
  e.SetSeqFormat(YAML::Block);
  if (model::isIstioKind(r.kind) || r.kind == Kind::MeshDesign) writeTyped(e, r);
  else ModelWriter(e).write(r.raw);
  return std::string(e.c_str()) + "\n";
}

std::string exportYaml(const model::Mesh& mesh, const ExportOptions& options) {
  std::vector<model::Resource> generated;
  if (options.kubernetes) generated = designManifests(mesh);
  std::vector<const model::Resource*> out;
  for (const auto& r : mesh.resources)
    if (exported(r, options)) out.push_back(&r);
  for (const auto& r : generated) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const model::Resource* a, const model::Resource* b) {
    return std::make_tuple(exportRank(a->kind), a->meta.namespace_, a->meta.name, a->kindName) <
           std::make_tuple(exportRank(b->kind), b->meta.namespace_, b->meta.name, b->kindName);
  });
  std::string text;
  for (const model::Resource* r : out) {
    if (!text.empty()) text += "---\n";
    text += writeResource(*r);
  }
  return text;
}

}  // namespace ms::istio
