// meshworkload's client to its sidecar, against an in-process fake sidecar:
// the caller's timeout abandons the attempt and closes the connection,
// keep-alive connections are reused, and one the sidecar closed while idle
// is never used for a call. Address 127.0.24.10 (ephemeral ports).
#include <QtTest>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "workload/sidecar_client.h"

using namespace mp;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Kind = SidecarClient::Result::Kind;

namespace {

// Answers 200 (keep-alive) unless told to stay silent; can close a
// connection some time after answering. Counts connections and notices
// when a client hangs up.
class FakeSidecar {
 public:
  explicit FakeSidecar(asio::io_context& io) : io_(io), acceptor_(io, {asio::ip::make_address("127.0.24.10"), 0}) {
    accept();
  }
  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }
  bool silent = false;
  int closeAfterMs = -1;  // close each connection this long after answering
  int connections = 0, requests = 0, clientHangups = 0;
  std::string lastMethod, lastTarget;

 private:
  struct Conn {
    explicit Conn(tcp::socket s) : socket(std::move(s)), timer(socket.get_executor()) {}
    tcp::socket socket;
    beast::flat_buffer buf;
    http::request<http::string_body> req;
    http::response<http::string_body> res;
    asio::steady_timer timer;
  };
  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket s) {
      if (ec) return;
      ++connections;
      serve(std::make_shared<Conn>(std::move(s)));
      accept();
    });
  }
  void serve(std::shared_ptr<Conn> c) {
    c->req = {};
    http::async_read(c->socket, c->buf, c->req, [this, c](beast::error_code ec, size_t) {
      if (ec) {
        ++clientHangups;
        return;
      }
      ++requests;
      lastMethod = std::string(c->req.method_string());
      lastTarget = std::string(c->req.target());
      if (silent) return waitForHangup(c);
      c->res = {http::status::ok, 11};
      c->res.keep_alive(true);
      c->res.prepare_payload();
      http::async_write(c->socket, c->res, [this, c](beast::error_code ec, size_t) {
        if (ec) return;
        if (closeAfterMs >= 0) {
          c->timer.expires_after(std::chrono::milliseconds(closeAfterMs));
          c->timer.async_wait([c](beast::error_code) { c->socket.close(); });
        }
        serve(c);
      });
    });
  }
  void waitForHangup(std::shared_ptr<Conn> c) {
    auto byte = std::make_shared<char>();
    c->socket.async_read_some(asio::buffer(byte.get(), 1), [this, c, byte](beast::error_code ec, size_t) {
      if (ec) ++clientHangups;
    });
  }
  asio::io_context& io_;
  tcp::acceptor acceptor_;
};

SidecarClient::Request get(const std::string& target = "/") {
  SidecarClient::Request r{http::verb::get, target, 11};
  r.set(http::field::host, "svc");
  return r;
}

// Runs the loop until cond holds or 3 s pass.
template <class C>
bool runUntil(asio::io_context& io, C cond) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!cond() && std::chrono::steady_clock::now() < until) {
    io.restart();
    io.run_for(std::chrono::milliseconds(5));
  }
  return cond();
}

}  // namespace

class TstSidecarClient : public QObject {
  Q_OBJECT
 private slots:
  void keepAliveConnectionIsReused() {
    asio::io_context io;
    FakeSidecar side(io);
    SidecarClient client(io, side.endpoint());
    std::vector<SidecarClient::Result> got;
    for (int i = 0; i < 3; ++i) {
      client.send(get(), std::chrono::seconds(2), [&](SidecarClient::Result r) { got.push_back(r); });
      QVERIFY(runUntil(io, [&] { return got.size() == size_t(i + 1); }));
    }
    for (auto& r : got) {
      QCOMPARE(int(r.kind), int(Kind::Response));
      QCOMPARE(r.status, 200u);
    }
    QCOMPARE(side.connections, 1);
    QCOMPARE(client.idleConnections(), size_t(1));
  }

  void timeoutAbandonsAndClosesTheConnection() {
    asio::io_context io;
    FakeSidecar side(io);
    side.silent = true;
    SidecarClient client(io, side.endpoint());
    std::optional<SidecarClient::Result> got;
    auto t0 = std::chrono::steady_clock::now();
    client.send(get(), std::chrono::milliseconds(80), [&](SidecarClient::Result r) { got = r; });
    QVERIFY(runUntil(io, [&] { return got.has_value(); }));
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    QCOMPARE(int(got->kind), int(Kind::Timeout));
    QVERIFY2(ms >= 75, qPrintable(QString::number(ms)));
    // The sidecar sees the connection go away, and it is not kept for reuse.
    QVERIFY(runUntil(io, [&] { return side.clientHangups == 1; }));
    QCOMPARE(client.idleConnections(), size_t(0));
    side.silent = false;
    got.reset();
    client.send(get(), std::chrono::seconds(2), [&](SidecarClient::Result r) { got = r; });
    QVERIFY(runUntil(io, [&] { return got.has_value(); }));
    QCOMPARE(got->status, 200u);
    QCOMPARE(side.connections, 2);
  }

  void idleConnectionClosedBySidecarIsDropped() {
    asio::io_context io;
    FakeSidecar side(io);
    side.closeAfterMs = 20;
    SidecarClient client(io, side.endpoint());
    std::optional<SidecarClient::Result> got;
    client.send(get(), std::chrono::seconds(2), [&](SidecarClient::Result r) { got = r; });
    QVERIFY(runUntil(io, [&] { return got.has_value(); }));
    QCOMPARE(client.idleConnections(), size_t(1));
    // The idle watch sees the close without anyone sending.
    QVERIFY(runUntil(io, [&] { return client.idleConnections() == 0; }));
    got.reset();
    client.send(get(), std::chrono::seconds(2), [&](SidecarClient::Result r) { got = r; });
    QVERIFY(runUntil(io, [&] { return got.has_value(); }));
    QCOMPARE(got->status, 200u);
    QCOMPARE(side.connections, 2);
  }

  // The sidecar closes right after answering; the close may not have been
  // seen when the next call takes the connection. That call must still get
  // its answer (one fresh connection), not a failure.
  void closeRacingReuseIsNotAFailure() {
    asio::io_context io;
    FakeSidecar side(io);
    side.closeAfterMs = 0;
    SidecarClient client(io, side.endpoint());
    int ok = 0, failed = 0;
    std::function<void(SidecarClient::Result)> next = [&](SidecarClient::Result r) {
      (r.kind == Kind::Response && r.status == 200 ? ok : failed)++;
      if (ok + failed < 20) client.send(get(), std::chrono::seconds(2), next);
    };
    client.send(get(), std::chrono::seconds(2), next);
    QVERIFY(runUntil(io, [&] { return ok + failed == 20; }));
    QCOMPARE(failed, 0);
    QVERIFY(side.connections >= 2);
  }

  void connectFailureIsFailed() {
    asio::io_context io;
    tcp::endpoint dead;
    {
      FakeSidecar side(io);
      dead = side.endpoint();
    }  // closed: nothing listens there now
    SidecarClient client(io, dead);
    std::optional<SidecarClient::Result> got;
    client.send(get(), std::chrono::seconds(2), [&](SidecarClient::Result r) { got = r; });
    QVERIFY(runUntil(io, [&] { return got.has_value(); }));
    QCOMPARE(int(got->kind), int(Kind::Failed));
  }
};

QTEST_GUILESS_MAIN(TstSidecarClient)
#include "tst_sidecar_client.moc"
