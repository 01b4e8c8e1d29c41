#include "workload/workload_server.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "common/deadline.h"
#include "common/log.h"
#include "http/hangup_watch.h"
#include "http/ready_read.h"
#include "http/wire_format.h"
#include "workload/call_runner.h"
#include "workload/call_verdict.h"

namespace mp {
namespace {
namespace http = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Socket = asio::basic_stream_socket<tcp, asio::io_context::executor_type>;

constexpr std::chrono::seconds kIdleTimeout{300};

// One client connection. It runs on the io_context's own executor, bounds
// its time with one Deadline rather than a timer per operation, reads with
// ready reads (no recv tried before epoll says there are bytes) and writes
// each response from one reused buffer: the workload sits behind every
// sidecar of a simulation, so it should cost little per request.
class Session : public std::enable_shared_from_this<Session>, public HangupListener {
 public:
  Session(Socket s, WorkloadServer& w)
      : socket_(std::move(s)), w_(w), timer_(w.io),
        // The deadline dies with this session, so this is safe.
        deadline_(w.io, [this] { close(); }) {}

  void start() {
    HangupWatch::of(w_.io).watch(socket_.native_handle(), weak_from_this());
    read();
  }

  // A FIN that came with the last request is seen by the watch alone: the
  // read for the next request would wait for it in vain.
  void onHangup() override {
    peerGone_ = true;
    if (reading_ && buf_.size() == 0 && peerLeft()) close();
  }

 private:
  bool peerLeft() { return mp::peerLeft(socket_.native_handle()); }

  void read() {
    if (peerGone_ && buf_.size() == 0 && peerLeft()) return close();
    reading_ = true;
    parser_.emplace();
    parser_->body_limit(64 << 20);
    deadline_.set(kIdleTimeout);
    http::async_read(socket_, buf_, *parser_, [self = shared_from_this()](boost::beast::error_code ec, size_t) {
      self->reading_ = false;
      if (ec) return self->close();
      self->deadline_.clear();
      self->req_ = self->parser_->release();
      self->handle();
    });
  }

 private:
  void handle() {
    const std::string target(req_.target());
    if (target.rfind("/__admin/", 0) == 0) return admin(target);
    ++w_.requests;
    plan_ = w_.behaviour();
    status_ = w_.drawOwnStatus();
    auto delay = plan_->latency.draw(w_.rng);
    if (delay.count() == 0) return callDownstream();
    timer_.expires_after(delay);
    timer_.async_wait([self = shared_from_this()](boost::beast::error_code) { self->callDownstream(); });
  }

  // A workload that already decided to fail answers without calling anyone.
  void callDownstream() {
    const auto& calls = plan_->calls;
    outcomes_.assign(calls.size(), std::nullopt);
    if (calls.empty() || !w_.client || status_ >= 400) return respond();
    if (!plan_->parallel) return callInSequence(0);
    pendingCalls_ = calls.size();
    for (size_t i = 0; i < calls.size(); ++i)
      runCall(*w_.client, calls[i], req_.base(), plan_->propagateHeaders, [self = shared_from_this(), i](CallOutcome o) {
        self->outcomes_[i] = std::move(o);
        if (--self->pendingCalls_ == 0) self->respond();
      });
  }

  // In sequence, a failed required call ends the sequence; a failed optional
  // one does not.
  void callInSequence(size_t i) {
    const auto& calls = plan_->calls;
    if (i == calls.size()) return respond();
    runCall(*w_.client, calls[i], req_.base(), plan_->propagateHeaders, [self = shared_from_this(), i](CallOutcome o) {
      const bool stop = o.failed() && !self->plan_->calls[i].optional;
      self->outcomes_[i] = std::move(o);
      if (stop) return self->respond();
      self->callInSequence(i + 1);
    });
  }

  void respond() {
    const CallVerdict v = judgeCalls(status_, plan_->calls, outcomes_);
    if (v.status >= 400) ++w_.errors;
    Response res{http::status(v.status), 11};
    res.set("x-ms-service", w_.id.service);
    res.set("x-ms-version", w_.id.version);
    res.set("x-ms-pod", w_.id.pod);
    res.set("x-ms-path", req_.target());  // lets tests see rewrites
    if (!v.trail.empty()) res.set("x-ms-calls", v.trail);
    if (!v.degraded.empty()) res.set("x-mesh-degraded", v.degraded);
    auto rid = req_.find("x-request-id");
    if (rid != req_.end()) res.set("x-request-id", rid->value());
    res.body().assign(plan_->responseSize, 'x');
    send(res);
  }

  void admin(const std::string& target) {
    Response res{http::status::ok, 11};
    if (target == "/__admin/behaviour" && (req_.method() == http::verb::post || req_.method() == http::verb::put)) {
      auto b = parseBehaviour(req_.body(), w_.current());
      if (!b) {
        res.result(http::status::bad_request);
        res.body() = b.error() + "\n";
      } else {
        w_.setBehaviour(std::move(*b));
        res.body() = describeBehaviour(w_.current());
        log::info("behaviour changed");
      }
    } else if (target == "/__admin/behaviour") {
      res.body() = describeBehaviour(w_.current());
    } else if (target == "/__admin/stats") {
      res.body() = "requests: " + std::to_string(w_.requests) + "\nerrors: " + std::to_string(w_.errors) + "\n";
    } else if (target == "/__admin/ready") {
      res.body() = "ready\n";
    } else {
      res.result(http::status::not_found);
    }
    send(res);
  }

  void send(Response& res) {
    const bool keepAlive = req_.keep_alive();
    res.keep_alive(keepAlive);
    res.prepare_payload();
    if (req_.method() == http::verb::head) res.body().clear();  // GET's headers, Content-Length included; no body
    serializeResponse(res, out_);
    deadline_.set(kIdleTimeout);  // a client that stops reading cannot hold us
    asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this(), keepAlive](boost::beast::error_code ec, size_t) {
      if (ec || !keepAlive) return self->close();
      self->plan_.reset();
      self->read();
    });
  }

  void close() {
    deadline_.clear();
    boost::beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  ReadySocket socket_;
  WorkloadServer& w_;
  asio::steady_timer timer_;
  Deadline deadline_;
  boost::beast::flat_buffer buf_;
  std::optional<RequestParser> parser_;
  Request req_;
  std::string out_;  // the serialised response, capacity reused
  std::shared_ptr<const Behaviour> plan_;
  unsigned status_ = 200;
  size_t pendingCalls_ = 0;
  std::vector<std::optional<CallOutcome>> outcomes_;
  bool reading_ = false;   // waiting for a request
  bool peerGone_ = false;  // the hang-up watch saw the client close
};
}  // namespace

WorkloadServer::WorkloadServer(asio::io_context& ioc, WorkloadIdentity wid, Behaviour b,
                               std::optional<tcp::endpoint> sidecar)
    : id(std::move(wid)), io(ioc), acceptor_(ioc) {
  if (sidecar) client = std::make_unique<SidecarClient>(ioc, *sidecar);
  setBehaviour(std::move(b));
}

Behaviour WorkloadServer::current() const {
  Behaviour b = *behaviour_;
  b.failNext = failNext_;
  return b;
}

void WorkloadServer::setBehaviour(Behaviour b) {
  failNext_ = b.failNext;
  behaviour_ = std::make_shared<const Behaviour>(std::move(b));
}

unsigned WorkloadServer::drawOwnStatus() {
  if (failNext_ > 0) {
    --failNext_;
    return behaviour_->errorStatus;
  }
  const double rate = behaviour_->errorRate;
  if (rate > 0 && std::uniform_real_distribution<double>(0, 1)(rng) < rate) return behaviour_->errorStatus;
  return 200;
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
  acceptor_.async_accept(io.get_executor(), [this](boost::beast::error_code ec, Socket s) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) {
      s.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(s), *this)->start();
    }
    accept();
  });
}

}  // namespace mp
