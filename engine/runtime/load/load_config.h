#pragma once

// What to load and how: the HTTP/1.1 target, the load model, stages and limits.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ms::runtime {

struct LoadTarget {
  std::string address = "127.0.0.1";  // an IP address (or "localhost"); no DNS
  std::uint16_t port = 80;
  std::string host;  // Host header; address:port when empty
  std::string path = "/";
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;  // extra request headers
  std::string body;  // sent with Content-Length when not empty
};

enum class LoadModel {
  Open,    // requests at a fixed rate, whatever the responses do (no coordinated omission)
  Closed,  // a fixed number of clients, each sending its next request on a response
};

// At `at` after start, switch to this rate (open) or concurrency (closed).
struct LoadStage {
  std::chrono::milliseconds at{0};
  double rate = 0;
  int concurrency = 0;
};

// Steps from `from` to `to` over `duration` in `steps` equal stages starting at `at`:
// a linear ramp is a staircase of stages.
std::vector<LoadStage> rampStages(std::chrono::milliseconds at, std::chrono::milliseconds duration,
                                  double from, double to, int steps, LoadModel model);

struct LoadOptions {
  LoadModel model = LoadModel::Open;
  double rate = 10;                           // open model, requests per second
  int concurrency = 1;                        // closed model, clients
  std::vector<LoadStage> stages;              // sorted by `at`
  std::chrono::milliseconds duration{0};      // stop issuing after this; 0 = until stop()
  std::chrono::milliseconds timeout{10'000};  // per request, from its intended send time
  int maxConnections = 512;                   // open model cap on keep-alive connections
  std::size_t maxPending = 1 << 20;           // open model backlog cap while no connection is free
  std::uint32_t maxHeaderBytes = 16 * 1024;
  std::uint64_t maxBodyBytes = 1024 * 1024;  // larger bodies fail as Protocol errors
  // Closed model: pause of a client after a failed connect, so that a target that is down
  // is not hammered in a busy loop of refused connections.
  std::chrono::milliseconds reconnectBackoff{10};
};

// The request bytes every connection sends, serialized once.
std::string serializeRequest(const LoadTarget& target);

}  // namespace ms::runtime
