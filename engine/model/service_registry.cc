#include "model/service_registry.h"

#include <algorithm>

#include "model/hosts.h"

namespace ms::model {

namespace {

constexpr const char* kIngressNamespace = "istio-system";
constexpr const char* kIngressName = "istio-ingressgateway";

}  // namespace

bool labelsInclude(const Labels& labels, const Labels& selector) {
  return std::all_of(selector.begin(), selector.end(), [&](const auto& kv) {
    const auto it = labels.find(kv.first);
    return it != labels.end() && it->second == kv.second;
  });
}

std::string designWorkloadName(const DesignService& s, const DesignWorkload& w) {
  if (w.name) return *w.name;
  return s.name.value_or("") + (w.version ? "-" + *w.version : std::string());
}

ServiceRegistry::ServiceRegistry(const Mesh& mesh) : design_(mesh.design()) {
  addKubernetes(mesh);
  addDesign(mesh);
  addServiceEntries(mesh);
  addImplicitIngressGateway();
  buildIndexes();
}

void ServiceRegistry::buildIndexes() {
  for (size_t i = 0; i < services_.size(); ++i) {
    serviceByHost_.emplace(services_[i].host, i);  // the first definition of a host wins
    if (services_[i].external && !services_[i].host.empty() && services_[i].host[0] == '*')
      wildcardServices_.push_back(i);
  }
  for (size_t i = 0; i < workloads_.size(); ++i) workloadsByNamespace_[workloads_[i].namespace_].push_back(i);
}

void ServiceRegistry::addKubernetes(const Mesh& mesh) {
  for (const Resource& r : mesh.resources) {
    if (const auto* svc = r.as<KubernetesService>()) {
      RegistryService s{r.meta.name, r.meta.namespace_,
                        resolveHost(r.meta.name, r.meta.namespace_), svc->selector, {}, &r, false};
      for (const ServicePort& p : svc->ports)
        s.ports.push_back({p.name, p.appProtocol.empty() ? p.protocol : p.appProtocol,
                           p.targetPort.empty() ? std::to_string(p.port) : p.targetPort, p.port});
      services_.push_back(std::move(s));
    } else if (const auto* w = r.as<KubernetesWorkload>()) {
      const auto inject = w->podAnnotations.find("sidecar.istio.io/inject");
      workloads_.push_back({r.meta.name, r.meta.namespace_, w->serviceAccount, w->podLabels,
                            w->replicas, w->containerPorts,
                            inject == w->podAnnotations.end() || inject->second != "false", &r,
                            nullptr, nullptr});
    }
  }
}

void ServiceRegistry::addDesign(const Mesh& mesh) {
  const Resource* designResource = nullptr;
  for (const Resource& r : mesh.resources)
    if (r.as<MeshDesign>()) designResource = &r;
  if (!design_) return;
  for (const DesignService& ds : design_->services) {
    if (!ds.name) continue;
    const std::string ns = ds.namespace_.value_or("default");
    RegistryService s{*ds.name, ns, resolveHost(*ds.name, ns), {{"app", *ds.name}}, {},
                      designResource, false};
    for (const DesignServicePort& p : ds.ports) {
      const std::int64_t port = p.port.value_or(0);
      s.ports.push_back({p.name.value_or(""), p.protocol.value_or(""),
                         std::to_string(p.targetPort.value_or(port)), port});
    }
    services_.push_back(std::move(s));
    for (const DesignWorkload& dw : ds.workloads) {
      Labels labels = dw.labels;
      labels.emplace("app", *ds.name);
      if (dw.version) labels.emplace("version", *dw.version);
      std::vector<std::int64_t> ports;
      for (const DesignServicePort& p : ds.ports) ports.push_back(p.targetPort.value_or(p.port.value_or(0)));
      const std::string name = designWorkloadName(ds, dw);
      workloads_.push_back({name, ns, dw.serviceAccount.value_or(*ds.name), std::move(labels),
                            dw.replicas.value_or(1), std::move(ports), dw.injected.value_or(true),
                            designResource, &dw, &ds});
    }
  }
}

void ServiceRegistry::addServiceEntries(const Mesh& mesh) {
  for (const Resource& r : mesh.resources) {
    const auto* se = r.as<ServiceEntry>();
    if (!se) continue;
    for (const std::string& host : se->hosts) {
      RegistryService s{host, r.meta.namespace_, host, {}, {}, &r, true};
      if (se->workloadSelector) s.selector = se->workloadSelector->labels;
      for (const Port& p : se->ports)
        s.ports.push_back({p.name.value_or(""), p.protocol.value_or(""),
                           std::to_string(p.targetPort.value_or(p.number.value_or(0))),
                           p.number.value_or(0)});
      services_.push_back(std::move(s));
    }
  }
}

// istioctl analyze assumes the default ingress gateway exists unless the input defines one.
void ServiceRegistry::addImplicitIngressGateway() {
  const Labels labels{{"istio", "ingressgateway"}, {"app", kIngressName}};
  const bool haveService = std::any_of(services_.begin(), services_.end(), [](const auto& s) {
    return s.name == kIngressName && s.namespace_ == kIngressNamespace;
  });
  if (!haveService) {
    services_.push_back({kIngressName, kIngressNamespace,
                         resolveHost(kIngressName, kIngressNamespace),
                         {{"istio", "ingressgateway"}},
                         {{"http2", "HTTP", "8080", 80}, {"https", "HTTPS", "8443", 443},
                          {"tcp", "TCP", "31400", 31400}},
                         nullptr, false});
  }
  const bool haveGatewayPod = std::any_of(workloads_.begin(), workloads_.end(), [](const auto& w) {
    return labelsInclude(w.labels, {{"istio", "ingressgateway"}});
  });
  if (!haveGatewayPod) {
    workloads_.push_back({kIngressName, kIngressNamespace, "istio-ingressgateway-service-account",
                          labels, 1, {8080, 8443, 31400}, false, nullptr, nullptr, nullptr});
  }
}

const RegistryService* ServiceRegistry::findHost(const std::string& host,
                                                 const std::string& fromNamespace) const {
  const std::string fqdn = resolveHost(host, fromNamespace);
  if (auto it = serviceByHost_.find(fqdn); it != serviceByHost_.end()) return &services_[it->second];
  // A ServiceEntry host with one dot (httpbin.org) is itself, not "service.namespace".
  if (auto it = serviceByHost_.find(host); it != serviceByHost_.end()) return &services_[it->second];
  for (size_t i : wildcardServices_)
    if (hostMatches(services_[i].host, fqdn)) return &services_[i];
  return nullptr;
}

std::vector<const RegistryService*> ServiceRegistry::servicesMatching(
    const std::string& hostPattern, const std::string& fromNamespace) const {
  const std::string pattern = resolveHost(hostPattern, fromNamespace);
  std::vector<const RegistryService*> out;
  for (const RegistryService& s : services_)
    if (hostsOverlap(pattern, s.host)) out.push_back(&s);
  return out;
}

std::vector<const RegistryWorkload*> ServiceRegistry::selectedBy(const RegistryService& s) const {
  if (s.selector.empty()) return {};
  return matching(s.external ? "" : s.namespace_, s.selector);
}

std::vector<const RegistryWorkload*> ServiceRegistry::matching(const std::string& ns,
                                                               const Labels& labels) const {
  std::vector<const RegistryWorkload*> out;
  if (ns.empty()) {
    for (const RegistryWorkload& w : workloads_)
      if (labelsInclude(w.labels, labels)) out.push_back(&w);
    return out;
  }
  const auto it = workloadsByNamespace_.find(ns);
  if (it == workloadsByNamespace_.end()) return out;
  for (size_t i : it->second)
    if (labelsInclude(workloads_[i].labels, labels)) out.push_back(&workloads_[i]);
  return out;
}

std::vector<const RegistryService*> ServiceRegistry::servicesOf(const RegistryWorkload& w) const {
  std::vector<const RegistryService*> out;
  for (const RegistryService& s : services_)
    if (!s.external && !s.selector.empty() && s.namespace_ == w.namespace_ &&
        labelsInclude(w.labels, s.selector))
      out.push_back(&s);
  return out;
}

const Behaviour* ServiceRegistry::behaviourOf(const RegistryWorkload& w) const {
  if (w.design && w.design->behaviour) return &*w.design->behaviour;
  if (!design_) return nullptr;
  for (const WorkloadBehaviour& b : design_->behaviours)
    if (b.workload == w.name && b.namespace_.value_or("default") == w.namespace_ && b.behaviour)
      return &*b.behaviour;
  return nullptr;
}

}  // namespace ms::model
