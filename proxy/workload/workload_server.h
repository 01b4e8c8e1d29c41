#pragma once
// meshworkload's HTTP server: answers per its Behaviour, names itself in
// x-ms-service / x-ms-version / x-ms-pod, and takes live behaviour changes at
// /__admin/behaviour (GET shows, POST/PUT replaces the given fields).
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <random>
#include <string>

#include "workload/behaviour.h"
#include "workload/sidecar_client.h"

namespace mp {

struct WorkloadIdentity {
  std::string service = "workload", version = "v1", pod = "workload-0", ns = "default";
};

class WorkloadServer {
 public:
  WorkloadServer(boost::asio::io_context& io, WorkloadIdentity id, Behaviour b,
                 std::optional<boost::asio::ip::tcp::endpoint> sidecar);
  bool listen(const boost::asio::ip::tcp::endpoint& ep);

  // A request keeps the behaviour it started with, even if it is replaced
  // while its calls are in flight.
  std::shared_ptr<const Behaviour> behaviour() const { return behaviour_; }
  // The behaviour as now in force, failNext counting down.
  Behaviour current() const;
  void setBehaviour(Behaviour b);
  // The status this request answers with by itself: errorStatus for the
  // next failNext requests and at errorRate, else 200.
  unsigned drawOwnStatus();

  const WorkloadIdentity id;
  uint64_t requests = 0, errors = 0;
  boost::asio::io_context& io;
  std::mt19937_64 rng{std::random_device{}()};
  std::unique_ptr<SidecarClient> client;

 private:
  void accept();
  std::shared_ptr<const Behaviour> behaviour_;
  uint32_t failNext_ = 0;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace mp
