// A pooled upstream connection hears its peer close it while parked, however
// the FIN comes: later, on its own, or in the same epoll event as the last
// response (which only the hang-up watch can tell, since the read after a
// short read waits for epoll instead of trying).
#include <QtTest>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "upstream/upstream_connection.h"

using namespace mp;

namespace {

// An upstream on an ephemeral port of 127.0.26.1 that answers two requests
// on one connection with keep-alive responses, then closes: at once (the
// FIN follows the second response back to back) or after closeAfter.
struct TwoShotUpstream {
  asio::io_context& io;
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.26.1"), 0}};
  std::optional<tcp::socket> peer;
  asio::streambuf request;
  asio::steady_timer later{io};
  Millis closeAfter;
  int answered = 0;

  TwoShotUpstream(asio::io_context& ctx, Millis closeAfterSecond) : io(ctx), closeAfter(closeAfterSecond) {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket s) {
      QVERIFY(!ec);
      peer.emplace(std::move(s));
      answerNext();
    });
  }

  void answerNext() {
    asio::async_read_until(*peer, request, "\r\n\r\n", [this](boost::system::error_code ec, size_t n) {
      if (ec) return;
      request.consume(n);
      static const std::string kResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
      asio::write(*peer, asio::buffer(kResponse));
      if (++answered < 2) return answerNext();
      if (closeAfter.count() == 0) return peer->close();
      later.expires_after(closeAfter);
      later.async_wait([this](boost::system::error_code) { peer->close(); });
    });
  }
};

// Sends one request on conn and parks it when the response is in, as the
// pool does; runs until the exchange is over.
int exchangeThenPark(asio::io_context& io, const UpstreamConnectionPtr& conn) {
  Request req{http::verb::get, "/", 11};
  req.set(http::field::host, "up");
  int status = 0;
  bool over = false;
  conn->exchange(req, Millis(1000), [&](UpstreamError e, Response&& res) {
    status = e == UpstreamError::None ? int(res.result_int()) : -1;
    if (conn->keepAlive()) conn->park(Millis(10000));
    over = true;
  });
  for (int i = 0; i < 100 && !over; ++i) io.run_one_for(Millis(10));
  return status;
}

// Two exchanges on one connection, parked after each; true when the second
// park hears the peer close within a second.
bool goneAfterTwoExchanges(Millis closeAfterSecond) {
  asio::io_context io;
  TwoShotUpstream up(io, closeAfterSecond);
  auto conn = std::make_shared<UpstreamConnection>(io, 0, up.acceptor.local_endpoint(), UpstreamTlsPlan{});
  bool gone = false;
  conn->setOnGone([&] { gone = true; });
  bool connected = false;
  conn->connect(Millis(1000), [&](UpstreamError e) { connected = e == UpstreamError::None; });
  for (int i = 0; i < 100 && !connected; ++i) io.run_one_for(Millis(10));
  if (!connected) return false;
  if (exchangeThenPark(io, conn) != 200 || exchangeThenPark(io, conn) != 200) return false;
  const bool closesAtOnce = closeAfterSecond.count() == 0;
  for (int i = 0; i < 100 && !gone && (closesAtOnce || conn->keepAlive()); ++i) io.run_one_for(Millis(10));
  const bool seen = gone || !conn->keepAlive();
  conn->close();
  return seen;
}

}  // namespace

class TstUpstreamConnection : public QObject {
  Q_OBJECT
 private slots:
  void peerClosingAParkedConnectionIsSeen() {
    QVERIFY2(goneAfterTwoExchanges(Millis(100)), "the parked connection never heard its peer close");
  }

  // The response to the second request, whose read was the one started when
  // the connection was first parked, comes with the FIN in one epoll event.
  void finArrivingWithTheResponseIsSeen() {
    QVERIFY2(goneAfterTwoExchanges(Millis(0)),
             "the FIN that came with the response went unnoticed: the connection stays pooled");
  }
};

QTEST_GUILESS_MAIN(TstUpstreamConnection)
#include "tst_upstream_connection.moc"
