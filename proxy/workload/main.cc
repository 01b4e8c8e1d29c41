// meshworkload: a synthetic service for MeshStudio designs.
//   meshworkload --listen 127.0.10.2:8080 --service reviews --version v1 --pod reviews-v1-0
//                [--sidecar 127.0.10.2:15001] [--behaviour FILE] [--latency-ms N]
//                [--error-rate R --error-status S] [--response-size N]
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/log.h"
#include "workload/workload_server.h"

namespace {
std::optional<boost::asio::ip::tcp::endpoint> endpointOf(const std::string& s) {
  auto c = s.rfind(':');
  if (c == std::string::npos) return std::nullopt;
  boost::system::error_code ec;
  auto addr = boost::asio::ip::make_address(s.substr(0, c), ec);
  if (ec) return std::nullopt;
  return boost::asio::ip::tcp::endpoint(addr, uint16_t(std::atoi(s.c_str() + c + 1)));
}
int usage() {
  std::cerr << "usage: meshworkload --listen ADDR:PORT [--service S] [--version V] [--pod P] [--namespace N]\n"
               "       [--sidecar ADDR:PORT] [--behaviour FILE] [--latency-ms N] [--error-rate R]\n"
               "       [--error-status S] [--response-size N]\n";
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  mp::WorkloadIdentity id;
  mp::Behaviour b;
  std::string listen, sidecar, flagYaml;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) return usage();
    std::string v = argv[++i];
    if (a == "--listen") listen = v;
    else if (a == "--service") id.service = v;
    else if (a == "--version") id.version = v;
    else if (a == "--pod") id.pod = v;
    else if (a == "--namespace") id.ns = v;
    else if (a == "--sidecar") sidecar = v;
    else if (a == "--behaviour") {
      std::ifstream in(v);
      std::stringstream ss;
      ss << in.rdbuf();
      if (!in) {
        std::cerr << v << ": cannot read\n";
        return 1;
      }
      auto r = mp::parseBehaviour(ss.str(), b);
      if (!r) {
        std::cerr << v << ": " << r.error() << "\n";
        return 1;
      }
      b = *r;
    } else if (a == "--latency-ms") flagYaml += "latency: {distribution: fixed, ms: " + v + "}\n";
    else if (a == "--error-rate") flagYaml += "errorRate: " + v + "\n";
    else if (a == "--error-status") flagYaml += "errorStatus: " + v + "\n";
    else if (a == "--response-size") flagYaml += "responseSize: " + v + "\n";
    else return usage();
  }
  if (!flagYaml.empty()) {
    auto r = mp::parseBehaviour(flagYaml, b);
    if (!r) {
      std::cerr << r.error() << "\n";
      return 1;
    }
    b = *r;
  }
  auto ep = endpointOf(listen);
  if (!ep) return usage();
  std::optional<boost::asio::ip::tcp::endpoint> sc;
  if (!sidecar.empty() && !(sc = endpointOf(sidecar))) return usage();
  mp::log::setRole("meshworkload " + id.pod);
  boost::asio::io_context io(1);
  mp::WorkloadServer server(io, id, b, sc);
  if (!server.listen(*ep)) return 1;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  ::signal(SIGPIPE, SIG_IGN);
  io.run();
  return 0;
}
