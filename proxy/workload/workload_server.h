#pragma once
// meshworkload's HTTP server: answers per its Behaviour, names itself in
// x-ms-service / x-ms-version / x-ms-pod, and takes live behaviour changes at
// /__admin/behaviour (GET shows, POST/PUT replaces the given fields).
#include <boost/asio/ip/tcp.hpp>
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

  // Internal, used by sessions.
  WorkloadIdentity id;
  Behaviour behaviour;
  std::mt19937_64 rng{std::random_device{}()};
  uint64_t requests = 0, errors = 0;
  boost::asio::io_context& io;
  std::unique_ptr<SidecarClient> client;

 private:
  void accept();
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace mp
