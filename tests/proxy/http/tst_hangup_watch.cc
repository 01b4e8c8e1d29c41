// The client close watch: a DownstreamSession registered with a
// HangupWatch hears when its client hangs up and cancels the request it
// is handling (Envoy's DC), whether the client leaves during the request or
// right after sending it.
#include <QtTest>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <optional>

#include "http/hangup_watch.h"
#include "http/downstream_session.h"

using namespace mp;
using Clock = std::chrono::steady_clock;

namespace {

// One in-process session on an ephemeral port of 127.0.25.1 whose handler
// never answers; it records when the request arrived and when it was
// cancelled. Holding the respond function keeps the session alive, as a
// request in flight does in the proxy, until the request is cancelled.
struct Harness {
  asio::io_context io;
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.25.1"), 0}};
  HangupWatch& watch = HangupWatch::of(io);
  bool holdRequest = true;
  bool answerAtOnce = false;
  std::function<void(Response&&)> respond;
  std::optional<Clock::time_point> handled, cancelled;
  std::weak_ptr<DownstreamSession> session;
  tcp::socket client{io};

  void acceptOne(bool withWatch) {
    acceptor.async_accept(io.get_executor(), [this, withWatch](beast::error_code ec, AnyStream::Socket s) {
      QVERIFY(!ec);
      SessionOptions opts;
      opts.closeWatch = withWatch ? &watch : nullptr;
      auto handler = [this](Request&&, const SessionPeer&, std::function<void(Response&&)> r) {
        handled = Clock::now();
        if (answerAtOnce) {
          Response res{http::status::ok, 11};
          res.body() = "ok";
          res.prepare_payload();
          r(std::move(res));
          return std::function<void()>();
        }
        if (holdRequest) respond = std::move(r);
        return std::function<void()>([this] {
          cancelled = Clock::now();
          respond = nullptr;  // the proxy's request lets go of the session when cancelled
        });
      };
      auto sess = std::make_shared<DownstreamSession>(std::move(s), std::move(opts), handler);
      session = sess;
      sess->start();
    });
    client.connect(acceptor.local_endpoint());
  }

  void sendRequest() { asio::write(client, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))); }

  // What the client has received so far, without waiting for more.
  std::string readAvailable() {
    std::string got(client.available(), '\0');
    if (!got.empty()) asio::read(client, asio::buffer(got));
    return got;
  }

  void runFor(Millis d) {
    io.restart();
    io.run_for(d);
  }
};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

class TestHangupWatch : public QObject {
  Q_OBJECT
 private slots:
  // The client leaves while its request is handled: cancelled at once.
  void clientLeavingDuringTheRequestCancelsIt() {
    Harness h;
    h.acceptOne(true);
    h.sendRequest();
    h.runFor(Millis(100));
    QVERIFY(h.handled);
    QVERIFY(!h.cancelled);  // a client that stays is left alone
    const auto closedAt = Clock::now();
    h.client.close();
    h.runFor(Millis(300));
    QVERIFY2(h.cancelled, "the request was never cancelled");
    qInfo("cancelled %.2f ms after the client closed", ms(*h.cancelled - closedAt));
    QVERIFY2(ms(*h.cancelled - closedAt) < 100, qPrintable(QString::number(ms(*h.cancelled - closedAt))));
    QVERIFY(h.session.expired());  // the session closed and let go
  }

  // The client hangs up right behind its request, before the proxy read it:
  // the hang-up is remembered and the request cancelled once read.
  void clientGoneBeforeTheRequestIsReadCancelsIt() {
    Harness h;
    h.acceptOne(true);
    h.sendRequest();
    h.client.close();
    h.runFor(Millis(300));
    QVERIFY(h.handled);
    QVERIFY2(h.cancelled, "the request was never cancelled");
  }

  // A reset (RST, not FIN) is a hang-up too.
  void clientResetCancelsTheRequest() {
    Harness h;
    h.acceptOne(true);
    h.sendRequest();
    h.runFor(Millis(100));
    QVERIFY(h.handled);
    h.client.set_option(asio::socket_base::linger(true, 0));
    h.client.close();
    h.runFor(Millis(300));
    QVERIFY(h.cancelled);
  }

  // Without the watch nothing tells the session: the request runs on.
  void withoutTheWatchNothingIsCancelled() {
    Harness h;
    h.acceptOne(false);
    h.sendRequest();
    h.runFor(Millis(100));
    h.client.close();
    h.runFor(Millis(200));
    QVERIFY(h.handled);
    QVERIFY(!h.cancelled);
  }

  // On a connection already in use, the client sends its next request and
  // its FIN together, as one epoll event: once answered, the session closes
  // instead of waiting for a request that cannot come (after a short read,
  // the next read waits for epoll, which has nothing more to say; only the
  // watch saw the FIN).
  void clientThatHangsUpWithItsRequestIsClosedOnceAnswered() {
    Harness h;
    h.answerAtOnce = true;
    h.acceptOne(true);
    h.sendRequest();
    h.runFor(Millis(100));
    const std::string first = h.readAvailable();
    QVERIFY2(first.rfind("HTTP/1.1 200 OK\r\n", 0) == 0, first.c_str());
    h.sendRequest();
    h.client.shutdown(tcp::socket::shutdown_send);
    h.runFor(Millis(300));
    QVERIFY(!h.cancelled);  // it was answered, not cut off
    QVERIFY2(h.session.expired(), "the session still waits for a next request");
    std::string second;
    boost::system::error_code ec;
    char buf[512];
    while (!ec) second.append(buf, h.client.read_some(asio::buffer(buf), ec));
    QCOMPARE(ec, boost::system::error_code(asio::error::eof));
    QVERIFY2(second.rfind("HTTP/1.1 200 OK\r\n", 0) == 0, second.c_str());
  }

  // The same with half a request: the client's FIN comes with the start of a
  // header, and the session answers 400 and closes instead of waiting for the
  // rest until the header timeout.
  void clientThatHangsUpMidHeaderGets400() {
    Harness h;
    h.answerAtOnce = true;
    h.acceptOne(true);
    h.sendRequest();
    h.runFor(Millis(100));
    QVERIFY(h.readAvailable().rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    asio::write(h.client, asio::buffer(std::string("GET / HTTP/1.1\r\nHo")));
    h.client.shutdown(tcp::socket::shutdown_send);
    h.runFor(Millis(300));
    QVERIFY2(h.session.expired(), "the session still waits for the rest of the header");
    std::string got;
    boost::system::error_code ec;
    char buf[512];
    while (!ec) got.append(buf, h.client.read_some(asio::buffer(buf), ec));
    QVERIFY2(got.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0, got.c_str());
  }

  // A session that is gone when its client hangs up is skipped.
  void hangUpAfterTheSessionIsGoneIsIgnored() {
    Harness h;
    h.holdRequest = false;  // nothing keeps the session once its request is handed over
    h.acceptOne(true);
    h.sendRequest();
    h.runFor(Millis(100));
    QVERIFY(h.handled);
    QVERIFY(h.session.expired());
    h.client.close();
    h.runFor(Millis(100));
    QVERIFY(!h.cancelled);
  }
};

QTEST_GUILESS_MAIN(TestHangupWatch)
#include "tst_hangup_watch.moc"
