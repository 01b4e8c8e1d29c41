#pragma once
// Envoy's HTTP connection manager for one request: trace headers, listener
// logic (outbound / inbound / gateway), route lookup, fault injection,
// direct responses and redirects, mirroring, header rules, the router call,
// then the access log line and Istio metrics.
#include <functional>
#include <memory>

#include "server/proxy_runtime.h"
#include "upstream/upstream_connection.h"

namespace mp {

struct DownstreamInfo {
  std::string listenerName;
  std::string peerSpiffe;  // verified URI SAN, empty for plaintext
  bool tls = false;
  std::string remoteIp;
  uint16_t localPort = 0;
};

using Respond = std::function<void(Response&&)>;

// Handles one request; respond is called exactly once (unless the session is
// abandoned through the returned cancel function).
std::function<void()> handleRequest(ProxyRuntime& rt, const DownstreamInfo& info, Request&& req, Respond respond);

// A locally generated response (404, 403, 503 ...).
Response localResponse(uint32_t status, std::string body);

}  // namespace mp
