#include "analysis/ist/ist_util.h"

#include <algorithm>
#include <sstream>

#include "model/hosts.h"

namespace ms::analysis::ist {

namespace {

bool startsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);) out.push_back(part);
  return out;
}

// The namespaces a Service is visible in: its networking.istio.io/exportTo annotation
// ("." is its own namespace), or everywhere.
std::vector<std::string> serviceScopes(const model::Resource* source, const std::string& ns) {
  if (!source) return {"*"};
  const auto it = source->meta.annotations.find("networking.istio.io/exportTo");
  if (it == source->meta.annotations.end() || it->second.empty()) return {"*"};
  std::vector<std::string> scopes;
  for (const std::string& e : split(it->second, ',')) scopes.push_back(e == "." ? ns : e);
  return scopes;
}

// hasIstioProxy: a container named istio-proxy with an image (a pod injected already).
bool hasIstioProxy(const model::Resource& r) {
  const model::Value* spec = r.raw.find("spec");
  if (spec && r.kind == model::Kind::Deployment) {
    const model::Value* tmpl = spec->find("template");
    spec = tmpl ? tmpl->find("spec") : nullptr;
  }
  const model::Value* containers = spec ? spec->find("containers") : nullptr;
  if (!containers || !containers->isList()) return false;
  for (const model::Value& c : containers->asList()) {
    const model::Value* name = c.find("name");
    const model::Value* image = c.find("image");
    if (name && name->isString() && name->asString() == "istio-proxy" && image &&
        image->isString() && !image->asString().empty())
      return true;
  }
  return false;
}

}  // namespace

std::string toFqdn(const std::string& host, const std::string& ns) {
  if (startsWith(host, "*") || host.find('.') != std::string::npos) return host;
  return host + "." + ns + "." + model::kClusterDomain;
}

bool hostNamesMatch(const std::string& a, const std::string& b) {
  const bool aWild = startsWith(a, "*"), bWild = startsWith(b, "*");
  if (aWild && bWild) {
    return a.size() < b.size() ? endsWith(b.substr(1), a.substr(1))
                               : endsWith(a.substr(1), b.substr(1));
  }
  if (aWild) return endsWith(b, a.substr(1));
  if (bWild) return endsWith(a, b.substr(1));
  return a == b;
}

std::string selectorString(const model::Labels& labels) {
  std::string out;
  for (const auto& [key, value] : labels) out += (out.empty() ? "" : ",") + key + "=" + value;
  return out;
}

bool selects(const model::Labels& selector, const model::Labels& labels) {
  return model::labelsInclude(labels, selector);
}

std::string intList(const std::vector<std::int64_t>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? " " : "") + std::to_string(values[i]);
  return out + "]";
}

std::string join(const std::vector<std::string>& names, const char* sep) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? sep : "") + names[i];
  return out;
}

ServiceHostIndex::ServiceHostIndex(const Context& ctx) {
  // Istio fills the map with ServiceEntries first, then Services, a later one replacing an
  // earlier one under the same key.
  addServiceEntries(ctx);
  addServices(ctx);
}

void ServiceHostIndex::addServiceEntries(const Context& ctx) {
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::ServiceEntry)) {
    const auto* se = r->as<model::ServiceEntry>();
    KnownService known;
    for (const model::Port& p : se->ports) known.ports.push_back(p.number.value_or(0));
    if (se->workloadSelector) known.workloadSelector = se->workloadSelector->labels;
    const std::string& ns = r->meta.namespace_;
    for (const std::string& host : se->hosts) {
      const std::string fqdn = toFqdn(host, ns);
      const bool all = se->exportTo.empty() || std::find(se->exportTo.begin(), se->exportTo.end(),
                                                         "*") != se->exportTo.end();
      if (all) {
        add("*", fqdn, known);
        continue;
      }
      for (const std::string& e : se->exportTo) add(e == "." ? ns : e, fqdn, known);
    }
  }
}

// Kubernetes Services, MeshDesign services and the implicit ingress gateway Service: each is
// converted to a ServiceEntry with its FQDN and port numbers, as istioctl converts Services.
void ServiceHostIndex::addServices(const Context& ctx) {
  for (const model::RegistryService& s : ctx.registry.services()) {
    if (s.external) continue;
    KnownService known;
    for (const model::RegistryPort& p : s.ports) known.ports.push_back(p.port);
    const model::Resource* annotated =
        s.source && s.source->kind == model::Kind::Service ? s.source : nullptr;
    for (const std::string& scope : serviceScopes(annotated, s.namespace_))
      add(scope, toFqdn(s.name, s.namespace_), known);
  }
}

// A later entry under the same key replaces an earlier one, as in Istio's map.
void ServiceHostIndex::add(const std::string& scope, const std::string& fqdn,
                           const KnownService& service) {
  byScopedFqdn_.insert_or_assign(scope + "/" + fqdn, service);
  if (startsWith(fqdn, "*")) wildcards_.insert_or_assign(scope + "/" + fqdn, service);
}

const KnownService* ServiceHostIndex::find(const std::string& sourceNs,
                                           const model::Strings& exportTo,
                                           const std::string& host) const {
  const std::string fqdn = toFqdn(host, sourceNs);
  auto lookup = [&](const std::string& scope) -> const KnownService* {
    const auto it = byScopedFqdn_.find(scope + "/" + fqdn);
    return it == byScopedFqdn_.end() ? nullptr : &it->second;
  };
  if (const KnownService* s = lookup("*")) return s;
  if (exportTo.empty()) {
    if (const KnownService* s = lookup(sourceNs)) return s;
  } else {
    for (const std::string& e : exportTo)
      if (const KnownService* s = lookup(e == "." ? sourceNs : e)) return s;
  }
  // Wildcard ServiceEntry hosts visible in sourceNs cover the host by suffix.
  const std::string bare = startsWith(host, "*") ? host.substr(1) : host;
  for (const auto& [key, service] : wildcards_) {
    const auto slash = key.find('/');
    const std::string scope = key.substr(0, slash), seHost = key.substr(slash + 1);
    if (scope != "*" && scope != sourceNs) continue;
    if (endsWith(bare, seHost.substr(1))) return &service;
  }
  return nullptr;
}

NamespaceInjection namespaceInjection(const Context& ctx) {
  NamespaceInjection out;
  for (const model::Resource* ns : ctx.mesh.ofKind(model::Kind::Namespace)) {
    const auto* n = ns->as<model::KubernetesNamespace>();
    if (!n) continue;
    const auto label = n->labels.find("istio-injection");
    out.emplace(ns->meta.name, label != n->labels.end() && label->second == "enabled");
  }
  return out;
}

bool inMesh(const NamespaceInjection& namespaces, const model::RegistryWorkload& w) {
  if (w.design) return w.injected;
  if (!w.source) return false;  // the implicit ingress gateway runs its own proxy
  const auto* k = w.source->as<model::KubernetesWorkload>();
  if (!k) return false;
  if (hasIstioProxy(*w.source)) return true;
  const auto inject = k->podAnnotations.find("sidecar.istio.io/inject");
  if (inject != k->podAnnotations.end()) return inject->second == "true";
  const auto ns = namespaces.find(w.namespace_);
  return ns != namespaces.end() && ns->second;
}

}  // namespace ms::analysis::ist
