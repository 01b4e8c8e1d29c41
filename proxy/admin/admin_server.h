#pragma once
// The admin listener: /stats/prometheus, /clusters, /config_dump, /ready,
// /quitquitquit, like Envoy's admin interface (plain HTTP, loopback only).
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

namespace mp {

class ProxyServer;

class AdminServer {
 public:
  AdminServer(boost::asio::io_context& io, ProxyServer& server);
  bool listen(const std::string& address, uint16_t port);
  void close();
  // Renders the body for one admin path; status 404 for unknown paths.
  std::pair<unsigned, std::string> handle(const std::string& method, const std::string& path);

 private:
  void accept();
  std::string clusters() const;
  std::string configDump() const;

  boost::asio::io_context& io_;
  ProxyServer& server_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace mp
