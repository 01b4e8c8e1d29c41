#include "istio/design_manifests.h"

#include <set>

#include "model/service_registry.h"

namespace ms::istio {

namespace {

using model::Kind;
using model::Value;

Value labelsValue(const model::Labels& labels) {
  Value::Map m;
  for (const auto& [k, v] : labels) m.emplace_back(k, Value(v));
  return Value(std::move(m));
}

model::Resource makeResource(Kind kind, const char* apiVersion, const std::string& name,
                             const std::string& ns, Value::Map body) {
  model::Resource r;
  r.kind = kind;
  r.apiVersion = apiVersion;
  r.kindName = model::kindName(kind);
  r.meta.name = name;
  r.meta.namespace_ = ns;
  r.meta.namespaceGiven = true;
  Value::Map doc{{"apiVersion", Value(apiVersion)},
                 {"kind", Value(r.kindName)},
                 {"metadata", Value(Value::Map{{"name", Value(name)}, {"namespace", Value(ns)}})}};
  for (auto& entry : body) doc.push_back(std::move(entry));
  r.raw = Value(std::move(doc));
  return r;
}

model::Labels podLabels(const model::DesignService& s, const model::DesignWorkload& w) {
  model::Labels labels = w.labels;
  labels.emplace("app", *s.name);
  if (w.version) labels.emplace("version", *w.version);
  return labels;
}

Value servicePorts(const model::DesignService& s) {
  Value::List ports;
  for (const auto& p : s.ports) {
    Value::Map port{{"port", Value(*p.port)}};
    if (p.name) port.emplace_back("name", Value(*p.name));
    if (p.targetPort) port.emplace_back("targetPort", Value(*p.targetPort));
    ports.emplace_back(std::move(port));
  }
  return Value(std::move(ports));
}

Value deploymentSpec(const model::DesignService& s, const model::DesignWorkload& w) {
  const model::Labels labels = podLabels(s, w);
  Value::List containerPorts;
  for (const auto& p : s.ports)
    containerPorts.emplace_back(Value::Map{{"containerPort", Value(p.targetPort.value_or(*p.port))}});
  Value::Map container{{"name", Value(*s.name)},
                       {"image", Value("meshstudio/meshworkload:latest")},
                       {"ports", Value(std::move(containerPorts))}};
  Value::Map podSpec{{"serviceAccountName", Value(w.serviceAccount.value_or(*s.name))},
                     {"containers", Value(Value::List{Value(std::move(container))})}};
  return Value(Value::Map{
      {"replicas", Value(w.replicas.value_or(1))},
      {"selector", Value(Value::Map{{"matchLabels", labelsValue(labels)}})},
      {"template", Value(Value::Map{{"metadata", Value(Value::Map{{"labels", labelsValue(labels)}})},
                                    {"spec", Value(std::move(podSpec))}})}});
}

}  // namespace

std::vector<model::Resource> designManifests(const model::Mesh& mesh) {
  std::vector<model::Resource> out;
  const model::MeshDesign* design = mesh.design();
  if (!design) return out;
  std::set<std::string> serviceAccounts;
  for (const auto& s : design->services) {
    if (!s.name) continue;
    const std::string ns = s.namespace_.value_or("default");
    if (!mesh.find(Kind::Service, ns, *s.name))
      out.push_back(makeResource(Kind::Service, "v1", *s.name, ns,
                                 {{"spec", Value(Value::Map{{"selector", labelsValue({{"app", *s.name}})},
                                                            {"ports", servicePorts(s)}})}}));
    for (const auto& w : s.workloads) {
      const std::string sa = w.serviceAccount.value_or(*s.name);
      if (!mesh.find(Kind::ServiceAccount, ns, sa) && serviceAccounts.insert(ns + "/" + sa).second)
        out.push_back(makeResource(Kind::ServiceAccount, "v1", sa, ns, {}));
      const std::string name = model::designWorkloadName(s, w);
      if (!mesh.find(Kind::Deployment, ns, name))
        out.push_back(makeResource(Kind::Deployment, "apps/v1", name, ns,
                                   {{"spec", deploymentSpec(s, w)}}));
    }
  }
  return out;
}

}  // namespace ms::istio
