#pragma once

// A minimal blocking HTTP/1.1 client for the supervisor's control traffic (readiness,
// admin calls) and for probes sent on a pod's behalf: one request per connection, no
// dependencies.

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ms::runtime {

struct HttpRequest {
  std::string address;  // an IPv4 address
  int port = 80;
  std::string method = "GET";
  std::string path = "/";
  std::string host;  // the Host header; `address` when empty
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{500};
};

struct ProbeResult {
  int status = 0;  // 0: no HTTP answer (refused, reset, timeout, garbage)
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
  double seconds = 0;  // from connecting to the end of the response, or to the failure
  bool timedOut = false;

  // The header's value, or "" when absent.
  std::string header(const std::string& name) const;
};

ProbeResult httpRequest(const HttpRequest& request);

ProbeResult httpRequest(const std::string& address, int port, const std::string& method, const std::string& path,
                        const std::string& body = {},
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(500));

}  // namespace ms::runtime
