// meshproxy: MeshStudio's sidecar / gateway. One event loop (one worker),
// like Envoy with --concurrency 1.
#include <boost/asio/signal_set.hpp>
#include <cstring>
#include <iostream>

#include "common/log.h"
#include "config/config_parser.h"
#include "server/proxy_server.h"

int main(int argc, char** argv) {
  std::string config;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    if ((!std::strcmp(argv[i], "--config") || !std::strcmp(argv[i], "-c")) && i + 1 < argc) config = argv[++i];
    else if (!std::strcmp(argv[i], "--check")) check = true;
    else if (!std::strcmp(argv[i], "--concurrency") && i + 1 < argc) ++i;  // always one worker
    else {
      std::cerr << "usage: meshproxy --config FILE [--check]\n";
      return 2;
    }
  }
  if (config.empty()) {
    std::cerr << "usage: meshproxy --config FILE [--check]\n";
    return 2;
  }
  if (check) {
    auto r = mp::loadConfigFile(config);
    if (!r) {
      std::cerr << r.error() << "\n";
      return 1;
    }
    std::cout << "ok: version " << (*r)->version << "\n";
    return 0;
  }
  mp::log::setRole("meshproxy");
  // One thread runs everything: no locking inside Asio's scheduler or reactor.
  boost::asio::io_context io(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE);
  mp::ProxyServer server(io, config);
  if (!server.start()) return 1;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { server.stop(); });
  ::signal(SIGPIPE, SIG_IGN);
  io.run();
  mp::log::info("stopped");
  return 0;
}
