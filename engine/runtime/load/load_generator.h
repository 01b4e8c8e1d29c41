#pragma once

// Generates HTTP/1.1 load against one endpoint from a thread of its own, and measures it.
//
//   LoadGenerator generator(target, options);
//   if (!generator.start(&error)) ...;
//   every 500 ms: LoadCounts delta = generator.takeInterval();
//   generator.setRate(500);            // from any thread
//   generator.stop();                  // closes every socket, joins the thread
//
// Open model: request i is due at start + i/rate; its latency counts from then, including
// any wait for a free connection (no coordinated omission). Connections are kept alive and
// opened on demand up to maxConnections. Closed model: `concurrency` clients, each with one
// connection, each sending its next request when the previous one completes.
// A generator runs once: start() after stop() is refused.

#include <chrono>
#include <memory>
#include <string>

#include "runtime/load/load_config.h"
#include "runtime/load/load_stats.h"

namespace ms::runtime {

class LoadGenerator {
 public:
  LoadGenerator(LoadTarget target, LoadOptions options);
  ~LoadGenerator();  // stop()s
  LoadGenerator(const LoadGenerator&) = delete;
  LoadGenerator& operator=(const LoadGenerator&) = delete;

  // Starts the thread. False (with a reason) when the address is not an IP address (or
  // "localhost") or the generator already ran.
  bool start(std::string* error = nullptr);
  // Prompt: in-flight requests are abandoned (counted as sent, not completed).
  void stop();

  // After start(): from any thread, applied on the generator thread. Before start(): from
  // the owning thread, sets the starting value. Ignored for the other model. The closed
  // model's concurrency is capped by options.maxConnections.
  void setRate(double requestsPerSecond);
  void setConcurrency(int clients);

  // Thread-safe snapshots.
  LoadCounts total() const;
  LoadCounts takeInterval();

  // With options.duration: waits until it has passed and every request has an outcome.
  bool waitFinished(std::chrono::milliseconds timeout);
  bool finished() const;

  // CPU time the generator thread has used, for reports and benchmarks.
  double cpuSeconds() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ms::runtime
