#pragma once

#include "model/istio_common.h"

namespace ms::model {

struct IstioIngressListener {
  std::optional<Port> port;
  OptString bind, captureMode, defaultEndpoint;
  std::optional<ServerTlsSettings> tls;
  std::optional<ConnectionPoolSettings> connectionPool;
  template <class V> void fields(V& v) {
    v("port", port, Required);
    v("bind", bind);
    v("captureMode", captureMode);
    v("defaultEndpoint", defaultEndpoint);
    v("tls", tls);
    v("connectionPool", connectionPool);
  }
  bool operator==(const IstioIngressListener&) const = default;
};

struct IstioEgressListener {
  std::optional<Port> port;
  OptString bind, captureMode;
  Strings hosts;
  template <class V> void fields(V& v) {
    v("port", port);
    v("bind", bind);
    v("captureMode", captureMode);
    v("hosts", hosts, Required);
  }
  bool operator==(const IstioEgressListener&) const = default;
};

struct OutboundTrafficPolicy {
  OptString mode;
  std::optional<Destination> egressProxy;
  template <class V> void fields(V& v) {
    v("mode", mode);
    v("egressProxy", egressProxy);
  }
  bool operator==(const OutboundTrafficPolicy&) const = default;
};

struct Sidecar {
  std::optional<LabelSelector> workloadSelector;
  std::vector<IstioIngressListener> ingress;
  std::vector<IstioEgressListener> egress;
  std::optional<ConnectionPoolSettings> inboundConnectionPool;
  std::optional<OutboundTrafficPolicy> outboundTrafficPolicy;
  template <class V> void fields(V& v) {
    v("workloadSelector", workloadSelector);
    v("ingress", ingress);
    v("egress", egress);
    v("inboundConnectionPool", inboundConnectionPool);
    v("outboundTrafficPolicy", outboundTrafficPolicy);
  }
  bool operator==(const Sidecar&) const = default;
};

}  // namespace ms::model
