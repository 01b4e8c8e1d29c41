#include "workload/sidecar_client.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <optional>

#include "http/wire_format.h"

namespace mp {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr uint32_t kMaxHeaderBytes = 64 << 10;
constexpr uint64_t kMaxBodyBytes = 64ull << 20;
}  // namespace

struct SidecarClient::Conn {
  explicit Conn(asio::io_context& io) : socket(io) {}
  void close() {
    beast::error_code ec;
    socket.close(ec);
  }
  tcp::socket socket;
  beast::flat_buffer buffer;
  std::string out;  // the serialised request, capacity reused
  uint64_t idleEpoch = 0;  // tells a cancelled idle watch from the current one
  bool idle = false;
  char probe = 0;
};

// One attempt: connection (pooled or new), request out, response in, all
// under one deadline.
struct SidecarClient::Attempt : std::enable_shared_from_this<Attempt> {
  Attempt(SidecarClient& c, Request r, Done d) : client(c), req(std::move(r)), done(std::move(d)), timer(c.io_) {}

  void start(std::chrono::microseconds timeout) {
    timer.expires_after(timeout);
    timer.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec && !self->finished) self->finish({Result::Kind::Timeout, 0});
    });
    conn = client.takeIdle();
    reused = conn != nullptr;
    if (conn) return write();
    connect();
  }

  void connect() {
    conn = std::make_shared<Conn>(client.io_);
    conn->socket.async_connect(client.sidecar_, [self = shared_from_this(), c = conn](beast::error_code ec) {
      if (self->finished || self->conn != c) return;
      if (ec) return self->finish({Result::Kind::Failed, 0});
      c->socket.set_option(tcp::no_delay(true), ec);
      self->write();
    });
  }

  // One flat buffer, not Beast's serializer: a request is a few hundred bytes.
  void write() {
    serializeRequest(req, conn->out);
    asio::async_write(conn->socket, asio::buffer(conn->out), [self = shared_from_this(), c = conn](beast::error_code ec, size_t) {
      if (self->finished || self->conn != c) return;
      if (ec) return self->failed();
      self->read();
    });
  }

  void read() {
    parser.emplace();
    parser->header_limit(kMaxHeaderBytes);
    parser->body_limit(kMaxBodyBytes);
    http::async_read(conn->socket, conn->buffer, *parser, [self = shared_from_this(), c = conn](beast::error_code ec, size_t) {
      if (self->finished || self->conn != c) return;
      if (ec) return self->failed();
      const auto& res = self->parser->get();
      const unsigned status = res.result_int();
      auto used = std::move(self->conn);
      // Back in the pool before done runs, so a call made from done reuses it.
      if (res.keep_alive()) self->client.keepIdle(std::move(used));
      else used->close();
      self->finish({Result::Kind::Response, status});
    });
  }

  // A reused keep-alive connection the sidecar closed just before our request
  // is not the application's failure: one more try on a fresh connection.
  void failed() {
    const bool nothingReceived = conn->buffer.size() == 0 && (!parser || !parser->got_some());
    if (reused && !staleRetried && nothingReceived) {
      staleRetried = true;
      reused = false;
      conn->close();
      return connect();
    }
    finish({Result::Kind::Failed, 0});
  }

  void finish(Result r) {
    finished = true;
    timer.cancel();
    if (conn) conn->close();  // abandoned mid-exchange: never reused
    conn.reset();
    auto d = std::move(done);
    d(r);
  }

  SidecarClient& client;
  Request req;
  Done done;
  asio::steady_timer timer;
  std::shared_ptr<Conn> conn;
  std::optional<ResponseParser> parser;
  bool reused = false, staleRetried = false, finished = false;
};

SidecarClient::SidecarClient(asio::io_context& io, tcp::endpoint sidecar) : io_(io), sidecar_(sidecar) {}

SidecarClient::~SidecarClient() {
  for (auto& c : idle_) c->close();
}

void SidecarClient::send(Request req, std::chrono::microseconds timeout, Done done) {
  req.keep_alive(true);
  req.prepare_payload();
  auto a = std::make_shared<Attempt>(*this, std::move(req), std::move(done));
  // Posted so done never runs inside send (callers may hold state mid-update).
  asio::post(io_, [a, timeout] { a->start(timeout); });
}

std::shared_ptr<SidecarClient::Conn> SidecarClient::takeIdle() {
  if (idle_.empty()) return nullptr;
  auto c = std::move(idle_.back());
  idle_.pop_back();
  c->idle = false;
  beast::error_code ec;
  c->socket.cancel(ec);  // ends the idle watch; its handler sees the epoch moved on
  return c;
}

// While idle, a read stays pending: it completes only if the sidecar closes
// the connection (or sends bytes nobody asked for), and costs no system call
// until then.
void SidecarClient::keepIdle(std::shared_ptr<Conn> c) {
  if (idle_.size() >= kMaxIdle || c->buffer.size() > 0) return c->close();
  c->idle = true;
  const uint64_t epoch = ++c->idleEpoch;
  idle_.push_back(c);
  c->socket.async_read_some(asio::buffer(&c->probe, 1),
                            [this, alive = std::weak_ptr<int>(life_), c, epoch](beast::error_code, size_t) {
    if (alive.expired() || !c->idle || c->idleEpoch != epoch) return;
    dropIdle(c);
  });
}

void SidecarClient::dropIdle(const std::shared_ptr<Conn>& c) {
  idle_.erase(std::remove(idle_.begin(), idle_.end(), c), idle_.end());
  c->idle = false;
  c->close();
}

}  // namespace mp
