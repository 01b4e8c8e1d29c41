// The load generator against a real HTTP server on loopback (test_http_server.h).

#include <QtTest>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <thread>

#include "runtime/load/load_generator.h"
#include "test_http_server.h"

using namespace std::chrono_literals;
using ms::runtime::LoadCounts;
using ms::runtime::LoadGenerator;
using ms::runtime::LoadModel;
using ms::runtime::LoadOptions;
using ms::runtime::LoadStage;
using ms::runtime::LoadTarget;
using ms::runtime::test::TestHttpServer;
using ms::runtime::test::TestReply;

namespace {

LoadTarget targetOn(std::uint16_t port) {
  LoadTarget target;
  target.port = port;
  target.host = "productpage.default.svc.cluster.local";
  target.path = "/productpage";
  target.headers = {{"x-test", "1"}};
  return target;
}

LoadOptions openAt(double rate, std::chrono::milliseconds duration) {
  LoadOptions options;
  options.model = LoadModel::Open;
  options.rate = rate;
  options.duration = duration;
  return options;
}

std::uint64_t countOf(const ms::runtime::CountMap& map, const char* key) {
  const auto it = map.find(key);
  return it == map.end() ? 0 : it->second;
}

std::uint64_t countOf(const std::map<int, std::uint64_t>& map, int key) {
  const auto it = map.find(key);
  return it == map.end() ? 0 : it->second;
}

// Runs a generator to the end of its duration and returns its totals.
LoadCounts runToEnd(LoadGenerator& generator, std::chrono::milliseconds limit) {
  std::string error;
  if (!generator.start(&error)) qFatal("start: %s", error.c_str());
  if (!generator.waitFinished(limit)) qWarning("generator did not finish in time");
  return generator.total();
}

// A port with nothing listening: bind an ephemeral one, then let it go.
std::uint16_t closedPort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

int openFileDescriptors() {
  return int(QDir("/proc/self/fd").entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size());
}

}  // namespace

class TstLoadGenerator : public QObject {
  Q_OBJECT

 private slots:
  void openModelHoldsItsRateAndCountsVersions() {
    TestHttpServer server([](std::uint64_t i) {
      return TestReply().withHeader("x-ms-version", i % 2 ? "v2" : "v1").withBody("ok");
    });
    LoadGenerator generator(targetOn(server.port()), openAt(200, 2000ms));
    QVERIFY(generator.start());
    // Poll as the GUI does; the intervals must add up to the totals.
    std::uint64_t intervalCompleted = 0;
    while (!generator.waitFinished(500ms)) intervalCompleted += generator.takeInterval().completed;
    intervalCompleted += generator.takeInterval().completed;
    const LoadCounts total = generator.total();

    QCOMPARE(total.sent, 400u);  // due at start + i/200 for i = 0..399
    QCOMPARE(total.completed, total.sent);
    QCOMPARE(intervalCompleted, total.completed);
    QCOMPARE(countOf(total.byStatus, 200), total.completed);
    QCOMPARE(total.errors, 0u);
    QVERIFY(qAbs(double(countOf(total.byVersion, "v1")) - double(countOf(total.byVersion, "v2"))) <=
            1);
    QCOMPARE(countOf(total.byVersion, "v1") + countOf(total.byVersion, "v2"), total.completed);
    QCOMPARE(total.intendedRate, 200.0);
    QVERIFY2(qAbs(total.achievedRate() - 200) <= 20,
             qPrintable(QString::number(total.achievedRate())));
    QCOMPARE(total.latency.count(), total.completed);
    QVERIFY(total.latency.percentile(50) < 20000);  // trivial server on loopback
    QCOMPARE(server.requests(), total.completed);
  }

  // A stall of one request must show in the latency of every request queued behind it:
  // latency counts from the intended send time, not from when a connection came free.
  void latencyCountsFromIntendedSendTime() {
    TestHttpServer server(
        [](std::uint64_t i) { return TestReply().withDelay(i == 20 ? 500ms : 0ms); });
    LoadOptions options = openAt(100, 2000ms);
    options.maxConnections = 1;
    LoadGenerator generator(targetOn(server.port()), options);
    const LoadCounts total = runToEnd(generator, 5s);

    QCOMPARE(total.completed, 200u);
    QCOMPARE(countOf(total.byStatus, 200), 200u);
    const auto p99 = total.latency.percentile(99);
    QVERIFY2(p99 >= 400'000, qPrintable(QString("p99 %1 us").arg(p99)));
    QVERIFY(total.latency.max() >= 490'000);
    // About 50 requests queued behind the stall, waiting 500 ms down to 10 ms; the other
    // three quarters stay fast.
    QVERIFY2(total.latency.percentile(50) < 50'000,
             qPrintable(QString("p50 %1 us").arg(total.latency.percentile(50))));
    QVERIFY2(total.latency.percentile(90) >= 200'000,
             qPrintable(QString("p90 %1 us").arg(total.latency.percentile(90))));
  }

  void closedModelNeverExceedsItsConcurrency() {
    TestHttpServer server([](std::uint64_t) { return TestReply().withDelay(5ms); });
    LoadOptions options;
    options.model = LoadModel::Closed;
    options.concurrency = 4;
    options.duration = 1000ms;
    LoadGenerator generator(targetOn(server.port()), options);
    const LoadCounts total = runToEnd(generator, 3s);

    QVERIFY2(total.completed >= 200, qPrintable(QString::number(total.completed)));
    QCOMPARE(total.completed, total.sent);
    QCOMPARE(server.maxConcurrent(), 4);
    QCOMPARE(total.intendedRate, 0.0);
    QTRY_COMPARE_WITH_TIMEOUT(server.openConnections(), 0, 1000);  // finished closes them
  }

  void closedModelStagesChangeConcurrency() {
    TestHttpServer server([](std::uint64_t) { return TestReply().withDelay(5ms); });
    LoadOptions options;
    options.model = LoadModel::Closed;
    options.concurrency = 1;
    LoadStage stage;
    stage.at = 500ms;
    stage.concurrency = 3;
    options.stages = {stage};
    options.duration = 800ms;
    LoadGenerator generator(targetOn(server.port()), options);
    std::string error;
    QVERIFY(generator.start(&error));
    std::this_thread::sleep_for(200ms);
    QCOMPARE(server.maxConcurrent(), 1);
    QVERIFY(generator.waitFinished(3s));
    QCOMPARE(server.maxConcurrent(), 3);
  }

  void openModelStagesAndSetRateChangeTheRate() {
    TestHttpServer server([](std::uint64_t) { return TestReply{}; });
    LoadOptions options = openAt(100, 2000ms);
    LoadStage stage;
    stage.at = 1000ms;
    stage.rate = 300;
    options.stages = {stage};
    LoadGenerator generator(targetOn(server.port()), options);
    const LoadCounts total = runToEnd(generator, 4s);
    // 1 s at 100/s, then 1 s at 300/s.
    QVERIFY2(total.sent >= 380 && total.sent <= 420, qPrintable(QString::number(total.sent)));
    QCOMPARE(total.intendedRate, 300.0);

    LoadGenerator live(targetOn(server.port()), openAt(50, 0ms));
    QVERIFY(live.start());
    std::this_thread::sleep_for(500ms);
    live.setRate(400);
    std::this_thread::sleep_for(100ms);
    live.takeInterval();
    std::this_thread::sleep_for(500ms);
    const LoadCounts interval = live.takeInterval();
    live.stop();
    QCOMPARE(interval.intendedRate, 400.0);
    QVERIFY2(qAbs(interval.sentRate() - 400) <= 100,
             qPrintable(QString::number(interval.sentRate())));
  }

  void overflowIsCountedUnderItsFlag() {
    TestHttpServer server([](std::uint64_t) {
      return TestReply().withStatus(503).withHeader("x-ms-response-flags", "UO");
    });
    const LoadCounts total = [&] {
      LoadGenerator generator(targetOn(server.port()), openAt(100, 500ms));
      return runToEnd(generator, 3s);
    }();
    QCOMPARE(total.completed, 50u);
    QCOMPARE(countOf(total.byStatus, 503), 50u);
    QCOMPARE(countOf(total.byFlag, "UO"), 50u);
    QCOMPARE(total.errors, 0u);  // a 503 is a response, not a failure to get one
    QVERIFY(total.byVersion.empty());
  }

  void refusedConnectionIsStatusZero() {
    LoadGenerator generator(targetOn(closedPort()), openAt(50, 400ms));
    const LoadCounts total = runToEnd(generator, 3s);
    QCOMPARE(total.sent, 20u);
    QCOMPARE(total.completed, 20u);
    QCOMPARE(countOf(total.byStatus, 0), 20u);
    QCOMPARE(countOf(total.byError, "connect"), 20u);
    QCOMPARE(total.errors, 20u);
    QCOMPARE(total.latency.count(), 0u);  // only responses have a latency
  }

  void closedModelBacksOffFromARefusedConnection() {
    LoadOptions options;
    options.model = LoadModel::Closed;
    options.concurrency = 2;
    options.duration = 300ms;
    LoadGenerator generator(targetOn(closedPort()), options);
    const LoadCounts total = runToEnd(generator, 3s);
    // Two clients with a 10 ms pause after each refusal: at most about 60 (fewer on a busy
    // machine), where a busy loop would make thousands.
    QVERIFY2(total.completed >= 4 && total.completed <= 80,
             qPrintable(QString::number(total.completed)));
    QCOMPARE(countOf(total.byStatus, 0), total.completed);
  }

  void slowResponseTimesOut() {
    TestHttpServer server([](std::uint64_t) { return TestReply().withDelay(3s); });
    LoadOptions options = openAt(20, 500ms);
    options.timeout = 200ms;
    LoadGenerator generator(targetOn(server.port()), options);
    QElapsedTimer clock;
    clock.start();
    const LoadCounts total = runToEnd(generator, 3s);
    QVERIFY(clock.elapsed() < 1500);
    QCOMPARE(total.completed, 10u);
    QCOMPARE(countOf(total.byStatus, 0), 10u);
    QCOMPARE(countOf(total.byFlag, "timeout"), 10u);
    QCOMPARE(countOf(total.byError, "timeout"), 10u);
  }

  void oversizedResponsesAreProtocolErrors() {
    TestHttpServer server([](std::uint64_t i) {
      TestReply reply;
      if (i % 2) {
        reply.headers = {{"x-big", std::string(32 * 1024, 'h')}};
      } else {
        reply.body = std::string(2 * 1024 * 1024, 'b');
      }
      return reply;
    });
    LoadOptions options = openAt(40, 500ms);
    options.maxHeaderBytes = 16 * 1024;
    options.maxBodyBytes = 1024 * 1024;
    LoadGenerator generator(targetOn(server.port()), options);
    const LoadCounts total = runToEnd(generator, 3s);
    QCOMPARE(total.completed, 20u);
    QCOMPARE(countOf(total.byError, "protocol"), 20u);
  }

  void bodiesWithinTheCapAreReadAndDiscarded() {
    TestHttpServer server([](std::uint64_t) {
      return TestReply().withHeader("x-ms-version", "v3").withBody(std::string(100'000, 'x'));
    });
    LoadGenerator generator(targetOn(server.port()), openAt(100, 500ms));
    const LoadCounts total = runToEnd(generator, 3s);
    QCOMPARE(countOf(total.byVersion, "v3"), 50u);
    QCOMPARE(server.requests(), 50u);
  }

  // Servers (and proxies with idle timeouts) close kept-alive connections without notice;
  // the request that finds its connection closed goes again on a fresh one.
  void requestOnAConnectionClosedByTheServerIsRetriedOnce() {
    TestHttpServer server([](std::uint64_t) { return TestReply().closingAfter(); });
    LoadOptions options = openAt(20, 500ms);
    options.maxConnections = 1;
    LoadGenerator generator(targetOn(server.port()), options);
    const LoadCounts total = runToEnd(generator, 3s);
    QCOMPARE(total.completed, 10u);
    QCOMPARE(countOf(total.byStatus, 200), 10u);
    QCOMPARE(server.acceptedConnections(), 10);
  }

  void stopWithRequestsInFlightIsPromptAndClosesEverything() {
    TestHttpServer server([](std::uint64_t) { return TestReply().withDelay(5s); });
    const int fdsBefore = openFileDescriptors();
    auto generator = std::make_unique<LoadGenerator>(targetOn(server.port()), openAt(100, 0ms));
    QVERIFY(generator->start());
    std::this_thread::sleep_for(300ms);
    QVERIFY(server.openConnections() > 10);
    QElapsedTimer clock;
    clock.start();
    generator->stop();
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    const LoadCounts total = generator->total();
    QVERIFY(total.sent >= 20);
    QCOMPARE(total.completed, 0u);
    QVERIFY(generator->cpuSeconds() >= 0);
    generator.reset();
    // The server still holds its ends (it notices only when its delay ends); every client
    // end is closed. Its count and the process's descriptors are read one after the other
    // while its thread may be accepting or closing one, so the two are compared until they agree.
    QTRY_COMPARE_WITH_TIMEOUT(openFileDescriptors() - server.openConnections(), fdsBefore, 2000);
  }

  void rampIsAStaircaseOfStages() {
    const auto open = ms::runtime::rampStages(1000ms, 1000ms, 100, 500, 4, LoadModel::Open);
    QCOMPARE(open.size(), 5u);
    for (int i = 0; i < 5; ++i) {
      QCOMPARE(open[i].at, std::chrono::milliseconds(1000 + 250 * i));
      QCOMPARE(open[i].rate, 100.0 + 100 * i);
    }
    const auto closed = ms::runtime::rampStages(0ms, 300ms, 1, 4, 3, LoadModel::Closed);
    QCOMPARE(closed.back().concurrency, 4);
    QCOMPARE(closed[1].concurrency, 2);
  }

  void requestBytesCarryTargetAndHeaders() {
    LoadTarget target = targetOn(8080);
    target.method = "POST";
    target.body = "{}";
    const std::string request = ms::runtime::serializeRequest(target);
    QVERIFY(request.starts_with("POST /productpage HTTP/1.1\r\n"));
    QVERIFY(request.find("Host: productpage.default.svc.cluster.local\r\n") != std::string::npos);
    QVERIFY(request.find("x-test: 1\r\n") != std::string::npos);
    QVERIFY(request.find("Content-Length: 2\r\n") != std::string::npos);
    QVERIFY(request.ends_with("\r\n\r\n{}"));
    target.host.clear();
    QVERIFY(ms::runtime::serializeRequest(target).find("Host: 127.0.0.1:8080\r\n") !=
            std::string::npos);
  }

  void nonNumericAddressIsRefusedAtStart() {
    LoadTarget target;
    target.address = "not-an-address";
    LoadGenerator generator(target, openAt(10, 100ms));
    std::string error;
    QVERIFY(!generator.start(&error));
    QVERIFY(!error.empty());
  }
};

QTEST_GUILESS_MAIN(TstLoadGenerator)
#include "tst_load_generator.moc"
