// The late client watch: a DownstreamSession given a ClientWatchSweep starts
// watching for its client leaving (Envoy's DC) only once a request has been
// unanswered for a full tick, and still notices a client that left at once.
#include <QtTest>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <optional>

#include "http/client_watch_sweep.h"
#include "http/downstream_session.h"

using namespace mp;
using Clock = std::chrono::steady_clock;

namespace {

// One in-process session on an ephemeral port of 127.0.25.1 whose handler
// never answers; it records when the request arrived and when it was
// cancelled. Holding the respond function keeps the session alive, as a
// request in flight does in the proxy.
struct Harness {
  bool holdRequest = true;
  std::function<void(Response&&)> respond;
  asio::io_context io;
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.25.1"), 0}};
  ClientWatchSweep sweep{io, Millis(40)};
  std::optional<Clock::time_point> handled, cancelled;
  std::weak_ptr<DownstreamSession> session;

  void acceptOne(bool withSweep) {
    acceptor.async_accept(io.get_executor(), [this, withSweep](beast::error_code ec, AnyStream::Socket s) {
      QVERIFY(!ec);
      SessionOptions opts;
      opts.watchSweep = withSweep ? &sweep : nullptr;
      auto handler = [this](Request&&, const SessionPeer&, std::function<void(Response&&)> r) {
        handled = Clock::now();
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
  }

  // A client that sends one request and closes its socket straight away.
  void sendAndLeave() {
    tcp::socket c(io);
    c.connect(acceptor.local_endpoint());
    asio::write(c, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
    c.close();
  }

  void runFor(Millis d) {
    io.restart();
    io.run_for(d);
  }
};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

class TestClientWatchSweep : public QObject {
  Q_OBJECT
 private slots:
  // The client leaves right after its request: the watch starts only after a
  // full tick (40 ms), then sees the close at once and cancels the request.
  void clientLeavingAtOnceIsSeenAfterATick() {
    Harness h;
    h.acceptOne(true);
    h.sendAndLeave();
    h.runFor(Millis(500));
    QVERIFY(h.handled);
    QVERIFY2(h.cancelled, "the request was never cancelled");
    const double waited = ms(*h.cancelled - *h.handled);
    qInfo("cancelled %.1f ms after the request arrived (tick 40 ms)", waited);
    QVERIFY2(waited >= 35, qPrintable(QString("cancelled after %1 ms: the watch did not wait a tick").arg(waited)));
    QVERIFY2(waited <= 200, qPrintable(QString("cancelled after %1 ms").arg(waited)));
    QVERIFY(h.session.expired());  // the session closed and let go
  }

  // Without a sweep the watch starts with the request, as before.
  void withoutASweepTheWatchStartsAtOnce() {
    Harness h;
    h.acceptOne(false);
    h.sendAndLeave();
    h.runFor(Millis(500));
    QVERIFY(h.handled && h.cancelled);
    QVERIFY2(ms(*h.cancelled - *h.handled) < 35, qPrintable(QString::number(ms(*h.cancelled - *h.handled))));
  }

  // A session that is gone by the tick (nothing holds its request) is
  // skipped, and nothing is cancelled.
  void sessionGoneBeforeTheTickIsSkipped() {
    Harness h;
    h.holdRequest = false;
    h.acceptOne(true);
    h.sendAndLeave();
    h.runFor(Millis(200));
    QVERIFY(h.handled);
    QVERIFY(h.session.expired());
    QVERIFY(!h.cancelled);
  }
};

QTEST_GUILESS_MAIN(TestClientWatchSweep)
#include "tst_client_watch_sweep.moc"
