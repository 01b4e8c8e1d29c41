// Benchmark (label "bench"): how much load one generator thread sustains on loopback
// against a trivial single-threaded Beast server, and the CPU it costs. Prints figures;
// asserts only loose floors so that it cannot pass while the generator is broken.

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
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

  // The peer in the same run: wrk, one thread and 32 connections like our closed model.
  void closedModelAgainstWrk() {
    const QString wrk = QStandardPaths::findExecutable("wrk");
    if (wrk.isEmpty()) QSKIP("wrk not installed");
    TestHttpServer server([](std::uint64_t) { return TestReply().withBody("ok"); });
    LoadOptions options;
    options.model = LoadModel::Closed;
    options.concurrency = 32;
    options.duration = 2000ms;
    const Figures ours = run(server.port(), options);

    QProcess process;
    process.start(wrk, {"-t1", "-c32", "-d2s", QString("http://127.0.0.1:%1/").arg(server.port())});
    QVERIFY(process.waitForFinished(10000));
    const QString output = QString::fromUtf8(process.readAllStandardOutput());
    const auto match = QRegularExpression(R"(Requests/sec:\s*([0-9.]+))").match(output);
    QVERIFY2(match.hasMatch(), qPrintable(output));
    const double wrkRate = match.captured(1).toDouble();
    const double ourRate = double(ours.total.completed) / 2.0;
    qInfo("closed model 32 clients: ours %.0f req/s, wrk %.0f req/s, ratio %.2f", ourRate, wrkRate,
          ourRate / wrkRate);
    QVERIFY(ourRate > 0.2 * wrkRate);
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
