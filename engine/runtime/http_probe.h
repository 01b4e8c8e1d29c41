#pragma once

// A minimal blocking HTTP/1.1 client for the supervisor's control traffic (readiness,
// admin calls): one request per connection, short timeouts, no dependencies.

#include <chrono>
#include <string>

namespace ms::runtime {

struct ProbeResult {
  int status = 0;  // 0: no HTTP answer (refused, timeout, garbage)
  std::string body;
};

ProbeResult httpRequest(const std::string& address, int port, const std::string& method, const std::string& path,
                        const std::string& body = {},
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(500));

}  // namespace ms::runtime
