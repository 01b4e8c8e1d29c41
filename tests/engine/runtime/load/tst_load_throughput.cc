// Benchmark (label "bench"): how much load one generator thread sustains on loopback
// against a trivial single-threaded Beast server, and the CPU it costs. Prints figures;
// asserts only loose floors so that it cannot pass while the generator is broken.

#include <QtTest>
#include <chrono>

#include "runtime/load/load_generator.h"
#include "test_http_server.h"

using namespace std::chrono_literals;
using ms::runtime::LoadCounts;
using ms::runtime::LoadGenerator;
using ms::runtime::LoadModel;
using ms::runtime::LoadOptions;
using ms::runtime::LoadTarget;
using ms::runtime::test::TestHttpServer;
using ms::runtime::test::TestReply;

namespace {

struct Figures {
  LoadCounts total;
  double cpu = 0;
};

Figures run(std::uint16_t port, LoadOptions options) {
  LoadTarget target;
  target.port = port;
  LoadGenerator generator(target, options);
  if (!generator.start()) qFatal("start failed");
  generator.waitFinished(options.duration + 10s);
  Figures figures{generator.total(), 0};
  generator.stop();
  figures.cpu = generator.cpuSeconds();
  return figures;
}

void print(const char* what, const Figures& f, double seconds) {
  qInfo("%s: %.0f req/s completed, errors %llu, p50 %.2f ms, p99 %.2f ms, generator CPU %.0f%%",
        what, double(f.total.completed) / seconds, (unsigned long long)f.total.errors,
        f.total.latency.percentile(50) / 1000.0, f.total.latency.percentile(99) / 1000.0,
        100 * f.cpu / seconds);
}

}  // namespace

class TstLoadThroughput : public QObject {
  Q_OBJECT

 private slots:
  void closedModelMaximum() {
    TestHttpServer server([](std::uint64_t) { return TestReply().withBody("ok"); });
    LoadOptions options;
    options.model = LoadModel::Closed;
    options.concurrency = 32;
    options.duration = 2000ms;
    const Figures f = run(server.port(), options);
    print("closed model, 32 clients", f, 2.0);
    QCOMPARE(f.total.errors, 0u);
    QVERIFY(f.total.completed > 2000);
  }

  void openModelRates() {
    TestHttpServer server([](std::uint64_t) { return TestReply().withBody("ok"); });
    for (double rate : {1000.0, 5000.0, 10000.0, 20000.0}) {
      const Figures f = run(server.port(), [&] {
        LoadOptions options;
        options.rate = rate;
        options.duration = 1000ms;
        return options;
      }());
      print(qPrintable(QString("open model at %1/s").arg(rate)), f, 1.0);
      // Exactly the requests due in the second, each with an outcome.
      QCOMPARE(f.total.sent, std::uint64_t(rate));
      QCOMPARE(f.total.completed, f.total.sent);
    }
  }
};

QTEST_GUILESS_MAIN(TstLoadThroughput)
#include "tst_load_throughput.moc"
