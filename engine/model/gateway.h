#pragma once

#include "model/istio_common.h"

namespace ms::model {

struct Server {
  std::optional<Port> port;
  OptString bind, defaultEndpoint, name;
  Strings hosts;
  std::optional<ServerTlsSettings> tls;
  template <class V> void fields(V& v) {
    v("port", port, Required);
    v("bind", bind);
    v("hosts", hosts, Required);
    v("tls", tls);
    v("defaultEndpoint", defaultEndpoint);
    v("name", name);
  }
  bool operator==(const Server&) const = default;
};

struct Gateway {
  std::vector<Server> servers;
  Labels selector;
  template <class V> void fields(V& v) {
    v("servers", servers);
    v("selector", selector);
  }
  bool operator==(const Gateway&) const = default;
};

}  // namespace ms::model
