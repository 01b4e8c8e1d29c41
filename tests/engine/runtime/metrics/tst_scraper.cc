// The scraper against real sockets on loopback: a tiny Beast server with a canned exposition,
// a listener that accepts connections into its backlog but never answers, and a closed port.
#include <QtTest>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "metrics/mesh_queries.h"
#include "metrics/scraper.h"

using namespace ms::metrics;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

const char* kExposition =
    "# TYPE istio_requests_total counter\n"
    "istio_requests_total{reporter=\"destination\",destination_service=\"reviews\",destination_"
    "version=\"v1\","
    "response_code=\"200\"} 42\n";

// Serves one canned body to every GET until destroyed.
class CannedServer {
 public:
  explicit CannedServer(std::string body) : body_(std::move(body)) {
    asio::co_spawn(io_, accept(), [](std::exception_ptr) {});
    thread_ = std::thread([this] { io_.run(); });
  }
  ~CannedServer() {
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int hits() const { return hits_; }

 private:
  asio::awaitable<void> accept() {
    for (;;) {
      tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
      asio::co_spawn(io_, serve(std::move(socket)), [](std::exception_ptr) {});
    }
  }
  asio::awaitable<void> serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    co_await http::async_read(stream, buffer, req, asio::use_awaitable);
    http::response<http::string_body> res{
        req.target() == "/stats/prometheus" ? http::status::ok : http::status::not_found, 11};
    res.set(http::field::content_type, "text/plain; version=0.0.4");
    res.body() = body_;
    res.prepare_payload();
    ++hits_;
    co_await http::async_write(stream, res, asio::use_awaitable);
    stream.socket().shutdown(tcp::socket::shutdown_both);
  }

  std::string body_;
  asio::io_context io_;
  tcp::acceptor acceptor_{io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::atomic<int> hits_{0};
  std::thread thread_;
};

// Listens, so connecting succeeds, but never accepts nor answers: a hung proxy.
class SilentListener {
 public:
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_{io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
};

std::uint16_t closedPort() {
  asio::io_context io;
  tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();  // closed again when a goes away
}

const TargetScrape* byPort(const ScrapeRound& round, std::uint16_t port) {
  for (const auto& t : round.targets)
    if (t.target.port == port) return &t;
  return nullptr;
}

}  // namespace

class TestScraper : public QObject {
  Q_OBJECT

 private slots:
  void hungTargetCostsOneTimeoutAndStallsNoOne() {
    CannedServer server(kExposition);
    SilentListener silent, silent2, silent3;
    std::uint16_t closed = closedPort();
    Scraper::Options o;
    o.timeout = std::chrono::milliseconds(300);
    Scraper scraper(o, nullptr);
    scraper.setTargets({{"127.0.0.1", silent.port()},
                        {"127.0.0.1", server.port()},
                        {"127.0.0.1", closed},
                        {"127.0.0.1", server.port(), "/missing"},
                        {"127.0.0.1", silent2.port()},
                        {"127.0.0.1", silent3.port()}});
    QElapsedTimer timer;
    timer.start();
    ScrapeRound round = scraper.scrapeOnce();
    qint64 elapsed = timer.elapsed();
    // Three hung targets one after another would take 900 ms; concurrently, one timeout.
    QVERIFY2(elapsed >= 250 && elapsed < 800, qPrintable(QString::number(elapsed)));
    QVERIFY(round.time > 0);

    const TargetScrape* good = &round.targets[1];
    QVERIFY2(good->ok, good->error.c_str());
    QVERIFY(good->parsed.ok());
    QCOMPARE(good->parsed.family("istio_requests_total")->samples[0].value, 42.0);
    QVERIFY(good->durationMs < 250);  // answered long before the hung one timed out

    const TargetScrape* hung = byPort(round, silent.port());
    QVERIFY(!hung->ok);
    QVERIFY(hung->durationMs >= 250);
    QVERIFY2(hung->error.find("timed out") != std::string::npos, hung->error.c_str());
    QVERIFY(!byPort(round, closed)->ok);
    QCOMPARE(round.targets[3].error, std::string("HTTP 404"));
  }

  void runsEveryIntervalIntoTheStore() {
    CannedServer server(kExposition);
    SilentListener silent;
    MetricsStore store;
    std::atomic<int> rounds{0};
    Scraper::Options o;
    o.interval = std::chrono::milliseconds(100);
    o.timeout = std::chrono::milliseconds(50);
    Scraper scraper(o, [&](const ScrapeRound& round) {
      ingestRound(store, round);
      ++rounds;
    });
    scraper.setTargets({{"127.0.0.1", server.port()}, {"127.0.0.1", silent.port()}});
    scraper.start();
    QTRY_VERIFY_WITH_TIMEOUT(rounds >= 4, 3000);
    scraper.stop();
    int after = rounds;
    QTest::qWait(250);
    QCOMPARE(int(rounds), after);  // stopped means stopped
    QVERIFY(server.hits() >= 4);

    auto split = canarySplit(store, "reviews", {0, store.latestTime()});
    QVERIFY(split.empty());  // a constant counter: no requests in the window
    std::map<std::string, double> up;
    store.forEach(
        "up", [&](const Series& s) { up[labelValue(s.labels, "instance")] = s.points.back().v; });
    QCOMPARE(up["127.0.0.1:" + std::to_string(server.port())], 1.0);
    QCOMPARE(up["127.0.0.1:" + std::to_string(silent.port())], 0.0);
  }

  void targetsCanChangeWhileRunning() {
    CannedServer a(kExposition), b(kExposition);
    Scraper::Options o;
    o.interval = std::chrono::milliseconds(50);
    std::atomic<int> rounds{0};
    Scraper scraper(o, [&](const ScrapeRound&) { ++rounds; });
    scraper.setTargets({{"127.0.0.1", a.port()}});
    scraper.start();
    QTRY_VERIFY_WITH_TIMEOUT(a.hits() >= 2, 3000);
    scraper.setTargets({{"127.0.0.1", b.port()}});
    QTRY_VERIFY_WITH_TIMEOUT(b.hits() >= 2, 3000);
    // The scraper object going away stops its thread.
  }
};

QTEST_GUILESS_MAIN(TestScraper)
#include "tst_scraper.moc"
