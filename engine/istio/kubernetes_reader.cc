#include "istio/kubernetes_reader.h"

namespace ms::istio {

namespace {

using model::Value;

const Value* path(const Value& root, std::initializer_list<const char*> keys) {
  const Value* v = &root;
  for (const char* key : keys) {
    v = v->find(key);
    if (!v) return nullptr;
  }
  return v;
}

model::Labels stringMap(const Value* v) {
  model::Labels out;
  if (!v || !v->isMap()) return out;
  for (const auto& [key, value] : v->asMap())
    if (value.isString()) out[key] = value.asString();
  return out;
}

std::string text(const Value* v) {
  if (!v) return {};
  if (v->isString()) return v->asString();
  if (v->isInt()) return std::to_string(v->asInt());
  return {};
}

model::KubernetesService readService(const Value& raw) {
  model::KubernetesService svc;
  svc.selector = stringMap(path(raw, {"spec", "selector"}));
  const Value* ports = path(raw, {"spec", "ports"});
  if (!ports || !ports->isList()) return svc;
  for (const Value& p : ports->asList()) {
    model::ServicePort port;
    port.name = text(p.find("name"));
    port.protocol = text(p.find("protocol"));
    port.appProtocol = text(p.find("appProtocol"));
    if (const Value* n = p.find("port"); n && n->isInt()) port.port = n->asInt();
    port.targetPort = text(p.find("targetPort"));
    svc.ports.push_back(std::move(port));
  }
  return svc;
}

void readPodSpec(const Value* podSpec, model::KubernetesWorkload& w) {
  w.serviceAccount = "default";
  if (!podSpec) return;
  if (auto sa = text(podSpec->find("serviceAccountName")); !sa.empty()) w.serviceAccount = sa;
  else if (auto old = text(podSpec->find("serviceAccount")); !old.empty()) w.serviceAccount = old;
  const Value* containers = podSpec->find("containers");
  if (!containers || !containers->isList()) return;
  for (const Value& c : containers->asList()) {
    const Value* ports = c.find("ports");
    if (!ports || !ports->isList()) continue;
    for (const Value& p : ports->asList())
      if (const Value* n = p.find("containerPort"); n && n->isInt())
        w.containerPorts.push_back(n->asInt());
  }
}

}  // namespace

void readKubernetesSpec(model::Resource& r, ReadContext&) {
  using model::Kind;
  switch (r.kind) {
    case Kind::Service: r.spec = readService(r.raw); break;
    case Kind::Deployment: {
      model::KubernetesWorkload w;
      if (const Value* n = path(r.raw, {"spec", "replicas"}); n && n->isInt()) w.replicas = n->asInt();
      w.podLabels = stringMap(path(r.raw, {"spec", "template", "metadata", "labels"}));
      w.podAnnotations = stringMap(path(r.raw, {"spec", "template", "metadata", "annotations"}));
      readPodSpec(path(r.raw, {"spec", "template", "spec"}), w);
      r.spec = std::move(w);
      break;
    }
    case Kind::Pod: {
      model::KubernetesWorkload w;
      w.podLabels = r.meta.labels;
      w.podAnnotations = r.meta.annotations;
      readPodSpec(r.raw.find("spec"), w);
      r.spec = std::move(w);
      break;
    }
    case Kind::Namespace: r.spec = model::KubernetesNamespace{r.meta.labels}; break;
    default: break;
  }
}

}  // namespace ms::istio
