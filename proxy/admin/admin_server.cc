#include "admin/admin_server.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "common/log.h"
#include "server/proxy_server.h"

namespace mp {
namespace {
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

// One admin connection: read a request, answer, repeat while keep-alive.
class AdminSession : public std::enable_shared_from_this<AdminSession> {
 public:
  AdminSession(tcp::socket s, AdminServer& admin) : stream_(std::move(s)), admin_(admin) {}
  void read() {
    req_ = {};
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buf_, req_, [self = shared_from_this()](boost::beast::error_code ec, size_t) {
      if (ec) return self->close();
      std::string target(self->req_.target());
      auto [status, body] = self->admin_.handle(std::string(self->req_.method_string()), target.substr(0, target.find('?')));
      auto res = std::make_shared<http::response<http::string_body>>(http::status(status), 11);
      res->set(http::field::content_type, target.rfind("/config_dump", 0) == 0 ? "application/yaml" : "text/plain; charset=utf-8");
      res->body() = std::move(body);
      res->keep_alive(self->req_.keep_alive());
      res->prepare_payload();
      http::async_write(self->stream_, *res, [self, res](boost::beast::error_code ec, size_t) {
        if (ec || !res->keep_alive()) return self->close();
        self->read();
      });
    });
  }

 private:
  void close() {
    boost::beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }
  boost::beast::tcp_stream stream_;
  AdminServer& admin_;
  boost::beast::flat_buffer buf_;
  http::request<http::string_body> req_;
};

const char* ejectionState(const UpstreamCluster& c, size_t h) { return c.outlier().ejected(h) ? "failed_outlier_check" : "healthy"; }
}  // namespace

AdminServer::AdminServer(boost::asio::io_context& io, ProxyServer& server)
    : io_(io), server_(server), acceptor_(io) {}

bool AdminServer::listen(const std::string& address, uint16_t port) {
  boost::beast::error_code ec;
  auto addr = boost::asio::ip::make_address(address, ec);
  tcp::endpoint ep(addr, port);
  if (!ec) acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(boost::asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(64, ec);
  if (ec) {
    log::error("admin listener " + address + ":" + std::to_string(port) + ": " + ec.message());
    return false;
  }
  accept();
  return true;
}

void AdminServer::close() {
  boost::beast::error_code ec;
  acceptor_.close(ec);
}

void AdminServer::accept() {
  acceptor_.async_accept([this](boost::beast::error_code ec, tcp::socket s) {
    if (ec == boost::asio::error::operation_aborted) return;
    if (!ec) std::make_shared<AdminSession>(std::move(s), *this)->read();
    accept();
  });
}

std::pair<unsigned, std::string> AdminServer::handle(const std::string& method, const std::string& path) {
  auto& rt = server_.runtime();
  if (path == "/stats/prometheus" || path == "/stats") return {200, rt.stats().prometheus(rt.clusters())};
  if (path == "/clusters") return {200, clusters()};
  if (path == "/config_dump") return {200, configDump()};
  if (path == "/ready") return server_.ready() ? std::pair<unsigned, std::string>{200, "LIVE\n"} : std::pair<unsigned, std::string>{503, "PRE_INITIALIZING\n"};
  if (path == "/server_info") return {200, "version: " + rt.snapshot()->version + "\nreloads: " + std::to_string(rt.reloads()) + "\n"};
  if (path == "/quitquitquit") {
    if (method != "POST" && method != "GET") return {405, "use POST\n"};
    // Answer first, stop on the next turn of the loop.
    boost::asio::post(io_, [this]() { server_.stop(); });
    return {200, "OK\n"};
  }
  return {404, "unknown admin path; try /stats/prometheus /clusters /config_dump /ready /quitquitquit\n"};
}

// Envoy's /clusters text form: cluster::host::field::value lines.
std::string AdminServer::clusters() const {
  std::string out;
  for (const auto* c : server_.runtime().clusters()) {
    const std::string& n = c->statName();
    const auto& st = c->stats();
    out += n + "::outlier::ejections_active::" + std::to_string(c->outlier().ejectedCount()) + "\n";
    out += n + "::circuit_breakers::max_connections::" + std::to_string(c->policy().pool.maxConnections) + "\n";
    out += n + "::circuit_breakers::max_pending_requests::" + std::to_string(c->policy().pool.maxPendingRequests) + "\n";
    out += n + "::upstream_cx_active::" + std::to_string(st.cxActive) + "\n";
    for (size_t h = 0; h < c->hostCount(); ++h) {
      const auto& ep = c->endpoint(h);
      const std::string p = n + "::" + ep.address + ":" + std::to_string(ep.port) + "::";
      out += p + "health_flags::" + ejectionState(*c, h) + "\n";
      out += p + "rq_active::" + std::to_string(c->activeRequests(h)) + "\n";
      out += p + "times_ejected::" + std::to_string(c->outlier().timesEjected(h)) + "\n";
      if (!ep.workload.empty()) out += p + "workload::" + ep.workload + "\n";
    }
  }
  return out;
}

std::string AdminServer::configDump() const {
  const auto& s = *server_.runtime().snapshot();
  return "# config version: " + s.version + "\n# reloads applied: " + std::to_string(server_.runtime().reloads()) + "\n" + s.rawYaml;
}

}  // namespace mp
