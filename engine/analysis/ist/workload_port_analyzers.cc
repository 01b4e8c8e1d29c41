// IST0116 and IST0137 as Istio's deployment.ServiceAssociationAnalyzer; IST0118 as its
// service.PortNameAnalyzer.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

// One port of a Service as Kubernetes declares it.
struct PortView {
  std::int64_t port = 0;
  std::string protocol;    // TCP, UDP, SCTP (TCP when unset)
  std::string targetPort;  // the port when unset
};

// Kubernetes Services from their spec; MeshDesign services (TCP) from the registry.
std::vector<PortView> portsOf(const model::RegistryService& s) {
  std::vector<PortView> out;
  if (const auto* k8s = s.source ? s.source->as<model::KubernetesService>() : nullptr) {
    for (const model::ServicePort& p : k8s->ports)
      out.push_back(
          {p.port, p.protocol.empty() ? "TCP" : p.protocol,
           p.targetPort.empty() || p.targetPort == "0" ? std::to_string(p.port) : p.targetPort});
    return out;
  }
  for (const model::RegistryPort& p : s.ports) out.push_back({p.port, "TCP", p.targetPort});
  return out;
}

// findMatchingServices: Services of the deployment's namespace whose selector matches its pods.
std::vector<const model::RegistryService*> servicesOf(const Context& ctx,
                                                      const model::RegistryWorkload& w) {
  std::vector<const model::RegistryService*> out;
  for (const model::RegistryService& s : ctx.registry.services())
    if (!s.external && s.source && s.namespace_ == w.namespace_ && selects(s.selector, w.labels))
      out.push_back(&s);
  return out;
}

std::string fullName(const model::RegistryService* s) { return s->namespace_ + "/" + s->name; }

// One port number served with different protocols by the deployment's services.
void checkProtocols(const Context& ctx, const model::Resource& r, const model::RegistryWorkload& w,
                    const std::vector<const model::RegistryService*>& services) {
  std::map<std::int64_t, std::map<std::string, std::vector<std::string>>> byPort;
  for (const model::RegistryService* s : services)
    for (const PortView& p : portsOf(*s)) byPort[p.port][p.protocol].push_back(fullName(s));
  for (const auto& [port, protocols] : byPort) {
    if (protocols.size() < 2) continue;
    std::vector<std::string> names;
    for (const auto& [protocol, list] : protocols)
      names.insert(names.end(), list.begin(), list.end());
    ctx.report("IST0116", Level::Warning, r, "metadata.name",
               "This deployment " + w.name + " is associated with multiple services using port " +
                   std::to_string(port) + " but different protocols: [" + join(names, " ") + "]");
  }
}

// One targetPort reached through different service ports.
void checkTargetPorts(const Context& ctx, const model::Resource& r,
                      const model::RegistryWorkload& w,
                      const std::vector<const model::RegistryService*>& services) {
  std::map<std::string, std::map<std::int64_t, std::string>> byTarget;
  for (const model::RegistryService* s : services)
    for (const PortView& p : portsOf(*s)) byTarget[p.targetPort][p.port] = fullName(s);
  for (const auto& [target, ports] : byTarget) {
    if (ports.size() < 2) continue;
    std::vector<std::string> names;
    std::vector<std::int64_t> numbers;
    for (const auto& [port, name] : ports) {
      numbers.push_back(port);
      names.push_back(name);
    }
    ctx.report("IST0137", Level::Warning, r, "metadata.name",
               "This deployment " + w.name + " is associated with multiple services [" +
                   join(names, " ") + "] using targetPort \"" + target +
                   "\" but different ports: " + intList(numbers) + ".");
  }
}

// Deployments (and MeshDesign workloads, which stand for one) that have a sidecar.
void checkDeployments(const Context& ctx) {
  const NamespaceInjection namespaces = namespaceInjection(ctx);
  for (const model::RegistryWorkload& w : ctx.registry.workloads()) {
    const model::Resource* r = w.source;
    if (!r || (!w.design && r->kind != model::Kind::Deployment) || !inMesh(namespaces, w)) continue;
    const auto services = servicesOf(ctx, w);
    checkProtocols(ctx, *r, w, services);
    checkTargetPorts(ctx, *r, w, services);
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// kube.ConvertProtocol + protocol.Parse: whether Istio can tell the port's protocol from its
// appProtocol or name ("http", "http-web", "grpc-web-x", ...). UDP needs no name, and a few
// well-known ports default to TCP.
bool protocolKnown(const model::ServicePort& p) {
  if (p.protocol == "UDP") return true;
  std::string name = lower(p.appProtocol.empty() ? p.name : p.appProtocol);
  if (name.rfind("kubernetes.io/", 0) == 0) return true;  // h2c, ws, wss
  if (name.rfind("grpc-web", 0) == 0) return true;
  name = name.substr(0, name.find('-'));
  static const std::set<std::string> known = {"tcp",        "udp",   "grpc",  "http",
                                              "http_proxy", "http2", "https", "tls",
                                              "mongo",      "redis", "mysql"};
  if (known.count(name)) return true;
  return p.port == 25 || p.port == 53 || p.port == 3306 || p.port == 27017;
}

std::string label(const model::Resource& r, const char* key) {
  const auto it = r.meta.labels.find(key);
  return it == r.meta.labels.end() ? "" : it->second;
}

// Control-plane Services (label istio, or release=istio) and Services that gateway
// controllers manage are skipped, as Istio does. ExternalName Services get another message.
bool skipPortNames(const model::Resource& r) {
  if (r.meta.labels.count("istio") || label(r, "release") == "istio") return true;
  const std::string managed = label(r, "gateway.istio.io/managed");
  if (managed == "istio.io-gateway-controller" || managed == "istio.io-mesh-controller" ||
      managed == "istio.io-eastwest-controller")
    return true;
  const model::Value* spec = r.raw.find("spec");
  const model::Value* type = spec ? spec->find("type") : nullptr;
  return type && type->isString() && type->asString() == "ExternalName";
}

void checkPortNames(const Context& ctx) {
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::Service)) {
    const auto* svc = r->as<model::KubernetesService>();
    if (!svc || skipPortNames(*r)) continue;
    for (size_t i = 0; i < svc->ports.size(); ++i) {
      const model::ServicePort& p = svc->ports[i];
      if (protocolKnown(p)) continue;
      ctx.report("IST0118", Level::Info, *r, "spec.ports[" + std::to_string(i) + "]",
                 "Port name " + p.name + " (port: " + std::to_string(p.port) +
                     ", targetPort: " + (p.targetPort.empty() ? "0" : p.targetPort) +
                     ") doesn't follow the naming convention of Istio port.");
    }
  }
}

}  // namespace

void analyzeWorkloadPorts(const Context& ctx) {
  checkDeployments(ctx);
  checkPortNames(ctx);
}

}  // namespace ms::analysis::ist
