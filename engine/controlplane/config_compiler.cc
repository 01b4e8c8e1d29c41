#include "controlplane/config_compiler.h"

#include "controlplane/cluster_compiler.h"
#include "controlplane/route_compiler.h"
#include "controlplane/security_policy.h"
#include "istio/struct_writer.h"

namespace ms::controlplane {

int gatewayListenPort(std::int64_t serverPort) {
  return static_cast<int>(serverPort < 1024 ? serverPort + 10000 : serverPort);
}

namespace {

ProxyConfig baseConfig(const PodPlacement& pod, const Placement& placement, const model::ServiceRegistry& registry,
                       const std::string& version) {
  ProxyConfig c;
  c.version = version;
  c.accessLog = true;
  const auto services = registry.servicesOf(*pod.workload);
  c.node = NodeInfo{pod.nodeId, pod.workload->name, pod.workload->namespace_,
                    services.empty() ? std::string() : services.front()->host, pod.workload->labels};
  const std::string sa = pod.workload->serviceAccount;
  c.identity = Identity{pod.certDir + "/" + sa + ".crt", pod.certDir + "/" + sa + ".key", pod.certDir + "/ca.crt",
                        placement.trustDomain};
  c.admin = SocketAddress{pod.address, kAdminPort};
  return c;
}

void addSidecarListeners(ProxyConfig& c, const model::Mesh& mesh, const model::ServiceRegistry& registry,
                         const PodPlacement& pod, const std::vector<Cluster>& clusters) {
  Listener outbound;
  outbound.name = "outbound";
  outbound.kind = "outbound";
  outbound.address = pod.address;
  outbound.port = kOutboundPort;
  outbound.routeTable = "outbound";
  c.listeners.push_back(std::move(outbound));
  c.routeTables.push_back(compileOutboundRoutes(mesh, registry, *pod.workload, clusters));

  Listener inbound;
  inbound.name = "inbound";
  inbound.kind = "inbound";
  inbound.address = pod.address;
  inbound.port = kInboundPort;
  inbound.mtls = inboundMtlsMode(mesh, *pod.workload, pod.appPort);
  inbound.forwardTo = SocketAddress{pod.address, pod.appPort};
  inbound.authorization = authorizationFor(mesh, *pod.workload);
  c.listeners.push_back(std::move(inbound));
}

bool isHttp(const model::Server& server) {
  const std::string p = server.port && server.port->protocol ? *server.port->protocol : "";
  return p == "HTTP" || p == "HTTP2" || p == "GRPC" || p == "http" || p == "http2";
}

void addGatewayListeners(ProxyConfig& c, const model::Mesh& mesh, const model::ServiceRegistry& registry,
                         const PodPlacement& pod) {
  for (const model::Resource& r : mesh.resources) {
    const auto* gw = r.as<model::Gateway>();
    if (!gw || !model::labelsInclude(pod.workload->labels, gw->selector)) continue;
    for (const model::Server& server : gw->servers) {
      if (!server.port || !server.port->number || !isHttp(server)) continue;  // TLS/TCP servers: not yet
      const int port = gatewayListenPort(*server.port->number);
      const std::string table = r.meta.namespace_ + "/" + r.meta.name + ":" + std::to_string(port);
      Listener l;
      l.name = table;
      l.kind = "gateway";
      l.address = pod.address;
      l.port = port;
      l.routeTable = table;
      for (const std::string& h : server.hosts) l.hosts.push_back(h.substr(h.find('/') == std::string::npos ? 0 : h.find('/') + 1));
      c.listeners.push_back(std::move(l));
      c.routeTables.push_back(compileGatewayRoutes(mesh, registry, r, server, table));
    }
  }
}

}  // namespace

std::map<std::string, ProxyConfig> compileConfigs(const model::Mesh& mesh, const Placement& placement,
                                                  const std::string& version) {
  const model::ServiceRegistry registry(mesh);
  const std::vector<Cluster> clusters = compileClusters(mesh, registry, placement);
  std::map<std::string, ProxyConfig> out;
  for (const PodPlacement& pod : placement.pods) {
    if (!pod.workload || (!pod.workload->injected && !pod.isGateway)) continue;  // no sidecar, no config
    ProxyConfig c = baseConfig(pod, placement, registry, version);
    if (pod.isGateway) addGatewayListeners(c, mesh, registry, pod);
    else addSidecarListeners(c, mesh, registry, pod, clusters);
    c.clusters = clusters;
    out.emplace(pod.name, std::move(c));
  }
  return out;
}

std::string toYaml(const ProxyConfig& config) {
  YAML::Emitter e;
  e.SetIndent(2);
  istio::ModelWriter(e).write(config);
  return std::string(e.c_str()) + "\n";
}

}  // namespace ms::controlplane
