#include "workload/workload_server.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http.hpp>

#include "common/log.h"

namespace mp {
namespace {
namespace http = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

const char* kTraceHeaders[] = {"x-request-id", "traceparent", "tracestate", "x-b3-traceid", "x-b3-spanid",
                               "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags", "b3"};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket s, WorkloadServer& w) : stream_(std::move(s)), w_(w), timer_(w.io) {}
  void read() {
    parser_.emplace();
    parser_->body_limit(64 << 20);
    stream_.expires_after(std::chrono::seconds(300));
    http::async_read(stream_, buf_, *parser_, [self = shared_from_this()](boost::beast::error_code ec, size_t) {
      if (ec) return self->close();
      self->req_ = self->parser_->release();
      self->handle();
    });
  }

 private:
  void handle() {
    const std::string target(req_.target());
    if (target.rfind("/__admin/", 0) == 0) return admin(target);
    ++w_.requests;
    const Behaviour& b = w_.behaviour;
    status_ = 200;
    if (w_.behaviour.failNext > 0) {
      --w_.behaviour.failNext;
      status_ = b.errorStatus;
    } else if (b.errorRate > 0 && std::uniform_real_distribution<double>(0, 1)(w_.rng) < b.errorRate) {
      status_ = b.errorStatus;
    }
    auto delay = b.latency.draw(w_.rng);
    if (delay.count() == 0) return callDownstream();
    timer_.expires_after(delay);
    timer_.async_wait([self = shared_from_this()](boost::beast::error_code) { self->callDownstream(); });
  }

  void callDownstream() {
    const auto& calls = w_.behaviour.calls;
    if (calls.empty() || !w_.client || status_ >= 400) return respond();
    pendingCalls_ = w_.behaviour.parallel ? calls.size() : 1;
    if (w_.behaviour.parallel)
      for (size_t i = 0; i < calls.size(); ++i) callOne(i, false);
    else callOne(0, true);
  }

  void callOne(size_t i, bool sequential) {
    const DownstreamCall call = w_.behaviour.calls[i];
    Request r{http::verb::get, call.path, 11};
    r.set(http::field::host, call.service);
    for (auto h : kTraceHeaders) {
      auto it = req_.find(h);
      if (it != req_.end()) r.set(h, it->value());
    }
    w_.client->call(std::move(r), [self = shared_from_this(), i, sequential, call](unsigned status, Response&&) {
      self->trail_ += call.service + "=" + std::to_string(status) + ";";
      if (status == 0 || status >= 500) self->downstreamFailed_ = true;
      if (sequential && i + 1 < self->w_.behaviour.calls.size() && !self->downstreamFailed_)
        return self->callOne(i + 1, true);
      if (sequential || --self->pendingCalls_ == 0) self->respond();
    });
  }

  void respond() {
    if (downstreamFailed_ && status_ < 400) status_ = 502;
    if (status_ >= 400) ++w_.errors;
    auto res = std::make_shared<Response>(http::status(status_), 11);
    res->set("x-ms-service", w_.id.service);
    res->set("x-ms-version", w_.id.version);
    res->set("x-ms-pod", w_.id.pod);
    res->set("x-ms-path", req_.target());  // lets tests see rewrites
    if (!trail_.empty()) res->set("x-ms-calls", trail_);
    auto rid = req_.find("x-request-id");
    if (rid != req_.end()) res->set("x-request-id", rid->value());
    res->body().assign(w_.behaviour.responseSize, 'x');
    send(res);
  }

  void admin(const std::string& target) {
    auto res = std::make_shared<Response>(http::status::ok, 11);
    if (target == "/__admin/behaviour" && (req_.method() == http::verb::post || req_.method() == http::verb::put)) {
      auto b = parseBehaviour(req_.body(), w_.behaviour);
      if (!b) {
        res->result(http::status::bad_request);
        res->body() = b.error() + "\n";
      } else {
        w_.behaviour = *b;
        res->body() = describeBehaviour(w_.behaviour);
        log::info("behaviour changed");
      }
    } else if (target == "/__admin/behaviour") {
      res->body() = describeBehaviour(w_.behaviour);
    } else if (target == "/__admin/stats") {
      res->body() = "requests: " + std::to_string(w_.requests) + "\nerrors: " + std::to_string(w_.errors) + "\n";
    } else if (target == "/__admin/ready") {
      res->body() = "ready\n";
    } else {
      res->result(http::status::not_found);
    }
    send(res);
  }

  void send(std::shared_ptr<Response> res) {
    res->keep_alive(req_.keep_alive());
    res->prepare_payload();
    http::async_write(stream_, *res, [self = shared_from_this(), res](boost::beast::error_code ec, size_t) {
      if (ec || !res->keep_alive()) return self->close();
      self->trail_.clear();
      self->downstreamFailed_ = false;
      self->read();
    });
  }

  void close() {
    boost::beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  boost::beast::tcp_stream stream_;
  WorkloadServer& w_;
  asio::steady_timer timer_;
  boost::beast::flat_buffer buf_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request req_;
  unsigned status_ = 200;
  size_t pendingCalls_ = 0;
  bool downstreamFailed_ = false;
  std::string trail_;
};
}  // namespace

WorkloadServer::WorkloadServer(asio::io_context& ioc, WorkloadIdentity wid, Behaviour b,
                               std::optional<tcp::endpoint> sidecar)
    : id(std::move(wid)), behaviour(std::move(b)), io(ioc), acceptor_(ioc) {
  if (sidecar) client = std::make_unique<SidecarClient>(ioc, *sidecar);
}

bool WorkloadServer::listen(const tcp::endpoint& ep) {
  boost::beast::error_code ec;
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    log::error("listen " + ep.address().to_string() + ":" + std::to_string(ep.port()) + ": " + ec.message());
    return false;
  }
  accept();
  return true;
}

void WorkloadServer::accept() {
  acceptor_.async_accept([this](boost::beast::error_code ec, tcp::socket s) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) {
      s.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(s), *this)->read();
    }
    accept();
  });
}

}  // namespace mp
