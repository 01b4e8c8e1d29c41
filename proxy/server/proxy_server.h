#pragma once
// Wires one meshproxy process: loads the config, opens the listeners and the
// admin listener, watches config and certificate files, applies reloads.
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "common/file_watcher.h"
#include "http/hangup_watch.h"
#include "server/proxy_runtime.h"

namespace mp {

class AdminServer;

class ProxyServer {
 public:
  ProxyServer(asio::io_context& io, std::string configPath);
  ~ProxyServer();
  // Loads the config and opens every socket; false (logged) when it cannot.
  bool start();
  void stop();
  // Reads the config file again; an invalid file keeps the last good snapshot.
  bool reload();
  ProxyRuntime& runtime() { return rt_; }
  bool ready() const { return ready_; }

 private:
  struct Acceptor {
    std::string listener;
    std::unique_ptr<tcp::acceptor> acceptor;
  };
  bool syncListeners();
  void accept(Acceptor& a);
  void watchFiles();
  std::function<bool(bool)> admitsNow(std::string address, uint16_t port);

  asio::io_context& io_;
  std::string configPath_;
  ProxyRuntime rt_;
  std::map<std::string, Acceptor> acceptors_;  // by "address:port"
  std::unique_ptr<AdminServer> admin_;
  FileWatcher watcher_;
  bool ready_ = false;
};

}  // namespace mp
