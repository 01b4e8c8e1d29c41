#include "server/proxy_server.h"

#include <boost/asio/steady_timer.hpp>
#include <filesystem>

#include "admin/admin_server.h"
#include "common/log.h"
#include "config/config_parser.h"
#include "http/connection_manager.h"
#include "http/downstream_session.h"

namespace mp {

ProxyServer::ProxyServer(asio::io_context& io, std::string configPath)
    : io_(io),
      configPath_(std::filesystem::absolute(configPath).lexically_normal().string()),
      rt_(io),
      watcher_(io, [this](const std::string& path) {
        if (path == configPath_) reload();
        else rt_.refreshCertificates();
      }) {}

ProxyServer::~ProxyServer() = default;

bool ProxyServer::start() {
  auto snap = loadConfigFile(configPath_);
  if (!snap) {
    log::error("config rejected: " + snap.error());
    return false;
  }
  rt_.apply(*snap);
  if (!syncListeners()) return false;
  const auto& s = *rt_.snapshot();
  admin_ = std::make_unique<AdminServer>(io_, *this);
  if (!admin_->listen(s.adminAddress, s.adminPort)) return false;
  watcher_.watch(configPath_);
  watchFiles();
  ready_ = true;
  log::info("config version " + s.version + " applied; " + std::to_string(s.listeners.size()) + " listeners");
  return true;
}

// Identity and cluster TLS files; a watch on a file that does not exist yet
// still fires when it is created.
void ProxyServer::watchFiles() {
  for (const auto& f : rt_.certificateFiles()) watcher_.watch(std::filesystem::absolute(f).lexically_normal().string());
}

bool ProxyServer::reload() {
  auto snap = loadConfigFile(configPath_);
  if (!snap) {
    log::error("config rejected, keeping version " + rt_.snapshot()->version + ": " + snap.error());
    return false;
  }
  rt_.apply(*snap);
  syncListeners();
  watchFiles();
  log::info("config version " + rt_.snapshot()->version + " applied");
  return true;
}

// Opens listeners that are new, closes those that are gone; sessions already
// accepted keep running on their own sockets.
bool ProxyServer::syncListeners() {
  std::map<std::string, Acceptor> next;
  bool ok = true;
  for (const auto& l : rt_.snapshot()->listeners) {
    const std::string key = l.address + ":" + std::to_string(l.port);
    auto old = acceptors_.find(key);
    if (old != acceptors_.end()) {
      old->second.listener = l.name;
      next[key] = std::move(old->second);
      acceptors_.erase(old);
      continue;
    }
    beast::error_code ec;
    auto addr = asio::ip::make_address(l.address, ec);
    if (ec) {
      log::error("listener " + l.name + ": bad address " + l.address);
      ok = false;
      continue;
    }
    auto acc = std::make_unique<tcp::acceptor>(io_);
    tcp::endpoint ep(addr, l.port);
    acc->open(ep.protocol(), ec);
    if (!ec) acc->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acc->bind(ep, ec);
    if (!ec) acc->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      log::error("listener " + l.name + " on " + key + ": " + ec.message());
      ok = false;
      continue;
    }
    next[key] = Acceptor{l.name, std::move(acc)};
    accept(next[key]);
  }
  for (auto& [k, a] : acceptors_) {
    beast::error_code ec;
    a.acceptor->close(ec);
  }
  acceptors_ = std::move(next);
  return ok;
}

void ProxyServer::accept(Acceptor& a) {
  tcp::acceptor* acc = a.acceptor.get();
  // Accepted sockets run on the io_context's own executor (AnyStream::Socket).
  acc->async_accept(io_.get_executor(), [this, acc](beast::error_code ec, AnyStream::Socket sock) {
    if (ec == asio::error::operation_aborted || !acc->is_open()) return;
    if (!ec) {
      // Find the listener's current config by the socket this came in on.
      std::string name;
      for (auto& [k, x] : acceptors_)
        if (x.acceptor.get() == acc) name = x.listener;
      const Listener* l = rt_.snapshot()->listener(name);
      if (l) {
        SessionOptions opts;
        opts.limits = rt_.snapshot()->limits;
        opts.tls = l->kind == ListenerKind::Inbound ? l->tlsMode : PeerAuthMode::Disable;
        opts.serverCtx = rt_.identity().server();
        opts.trustDomain = rt_.snapshot()->identity.trustDomain;
        if (l->kind == ListenerKind::Inbound) opts.admits = admitsNow(l->address, l->port);
        opts.closeWatch = &HangupWatch::of(io_);
        auto handler = [this, name](Request&& req, const SessionPeer& p, std::function<void(Response&&)> respond) {
          DownstreamInfo info{name, p.spiffe, p.tls, p.remoteIp, p.localPort};
          return handleRequest(rt_, info, std::move(req), std::move(respond));
        };
        std::make_shared<DownstreamSession>(std::move(sock), std::move(opts), std::move(handler))->start();
      }
    }
    auto again = [this, acc]() {
      for (auto& [k, x] : acceptors_)
        if (x.acceptor.get() == acc) return accept(x);
    };
    if (!ec) return again();
    // Out of file descriptors and the like: back off instead of spinning.
    log::warn("accept failed: " + ec.message());
    auto timer = std::make_shared<asio::steady_timer>(io_, Millis(50));
    timer->async_wait([timer, again](beast::error_code) { again(); });
  });
}

// Inbound connections are admitted by the PeerAuthentication mode in force
// now, looked up by the listener's address (names may change on reload): a
// removed listener's sessions finish as before.
std::function<bool(bool)> ProxyServer::admitsNow(std::string address, uint16_t port) {
  return [this, address = std::move(address), port](bool tls) {
    for (const auto& l : rt_.snapshot()->listeners)
      if (l.port == port && l.address == address && l.kind == ListenerKind::Inbound)
        return l.tlsMode == PeerAuthMode::Permissive || (l.tlsMode == PeerAuthMode::Strict) == tls;
    return true;
  };
}

void ProxyServer::stop() {
  for (auto& [k, a] : acceptors_) {
    beast::error_code ec;
    a.acceptor->close(ec);
  }
  if (admin_) admin_->close();
  io_.stop();
}

}  // namespace mp
