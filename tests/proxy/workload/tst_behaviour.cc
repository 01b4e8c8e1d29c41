// meshworkload behaviour parsing and latency distributions.
#include <QtTest>
#include <cmath>

#include "workload/behaviour.h"

using namespace mp;

namespace {
double meanMs(const LatencySpec& s, int n = 20000) {
  std::mt19937_64 rng(11);
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += double(s.draw(rng).count()) / 1000.0;
  return sum / n;
}
}  // namespace

class TstBehaviour : public QObject {
  Q_OBJECT
 private slots:
  void distributionsHaveTheirMeans_data() {
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<double>("mean");
    QTest::newRow("fixed") << "latency: {distribution: fixed, ms: 7}" << 7.0;
    QTest::newRow("uniform") << "latency: {distribution: uniform, min: 10, max: 20}" << 15.0;
    QTest::newRow("normal") << "latency: {distribution: normal, mean: 50, stddev: 5}" << 50.0;
    QTest::newRow("exponential") << "latency: {distribution: exponential, mean: 20}" << 20.0;
    // lognormal: mean = exp(mu + sigma^2 / 2)
    QTest::newRow("lognormal") << "latency: {distribution: lognormal, mu: 2, sigma: 0.5}" << std::exp(2 + 0.125);
  }
  void distributionsHaveTheirMeans() {
    QFETCH(QString, yaml);
    QFETCH(double, mean);
    auto b = parseBehaviour(yaml.toStdString(), Behaviour{});
    QVERIFY2(b.ok(), b.ok() ? "" : b.error().c_str());
    const double m = meanMs(b->latency);
    QVERIFY2(std::abs(m - mean) < mean * 0.05, qPrintable(QString("%1 vs %2").arg(m).arg(mean)));
  }

  void negativeDrawsClampToZero() {
    LatencySpec s{LatencySpec::Dist::Normal, 0, 10};
    std::mt19937_64 rng(1);
    for (int i = 0; i < 1000; ++i) QVERIFY(s.draw(rng).count() >= 0);
  }

  void partialUpdateKeepsOtherFields() {
    Behaviour base;
    base.responseSize = 99;
    base.calls = {{"ratings", "/r"}};
    auto b = parseBehaviour("errorRate: 0.25\nerrorStatus: 503\n", base);
    QVERIFY(b.ok());
    QCOMPARE(b->errorRate, 0.25);
    QCOMPARE(b->errorStatus, 503u);
    QCOMPARE(b->responseSize, uint64_t(99));
    QCOMPARE(b->calls.size(), size_t(1));
    b = parseBehaviour("calls: [{service: a}, {service: b, path: /x}]\nmode: parallel\n", *b);
    QCOMPARE(b->calls.size(), size_t(2));
    QCOMPARE(b->calls[1].path, std::string("/x"));
    QVERIFY(b->parallel);
  }

  void callFieldsAndDefaults() {
    auto b = parseBehaviour(R"(
propagateHeaders: [End-User, x-tenant]
calls:
  - {service: "reviews:9080", path: /reviews/0, timeoutMs: 3000, retries: 1, optional: true}
  - {service: ratings, method: post, timeoutMs: 2.5}
  - {service: details}
)", Behaviour{});
    QVERIFY2(b.ok(), b.ok() ? "" : b.error().c_str());
    QCOMPARE(b->calls.size(), size_t(3));
    const auto& r = b->calls[0];
    QCOMPARE(r.service, std::string("reviews:9080"));
    QCOMPARE(r.path, std::string("/reviews/0"));
    QCOMPARE(r.method, std::string("GET"));
    QCOMPARE(r.timeout, std::chrono::microseconds(3000000));
    QCOMPARE(r.retries, 1u);
    QVERIFY(r.optional);
    QCOMPARE(b->calls[1].method, std::string("POST"));
    QCOMPARE(b->calls[1].timeout, std::chrono::microseconds(2500));  // fractions of a millisecond kept
    // No timeout means the application's default bound, not forever.
    QCOMPARE(b->calls[2].attemptTimeout(), std::chrono::microseconds(kDefaultCallTimeout));
    QCOMPARE(b->calls[2].retries, 0u);
    QVERIFY(!b->calls[2].optional);
    QCOMPARE(b->propagateHeaders, (std::vector<std::string>{"end-user", "x-tenant"}));
  }

  // What the runtime writes today (engine/runtime/workload_behaviour.cc).
  void runtimeOutputParses() {
    auto b = parseBehaviour("latency: {distribution: fixed, ms: 5}\nerrorRate: 0\nerrorStatus: 500\nresponseSize: 10\n"
                            "mode: sequence\ncalls:\n- {service: \"reviews:9080\", path: \"/\", timeoutMs: 3000, retries: 1}\n",
                            Behaviour{});
    QVERIFY2(b.ok(), b.ok() ? "" : b.error().c_str());
    QCOMPARE(b->calls[0].timeout, std::chrono::microseconds(3000000));
    QCOMPARE(b->calls[0].retries, 1u);
  }

  void describeReadsBack() {
    auto b = parseBehaviour(R"(
latency: {distribution: lognormal, mu: 2.5, sigma: 0.25}
errorRate: 0.125
errorStatus: 503
failNext: 2
responseSize: 42
mode: parallel
propagateHeaders: [end-user]
calls: [{service: "a:9080", path: "/x?q=1", method: PUT, timeoutMs: 12.5, retries: 3, optional: true}, {service: b}]
)", Behaviour{});
    QVERIFY(b.ok());
    const std::string text = describeBehaviour(*b);
    auto again = parseBehaviour(text, Behaviour{});
    QVERIFY2(again.ok(), qPrintable(QString::fromStdString(text)));
    QCOMPARE(describeBehaviour(*again), text);
    QCOMPARE(again->latency.dist, LatencySpec::Dist::LogNormal);
    QCOMPARE(again->latency.b, 0.25);
    QCOMPARE(again->failNext, 2u);
    QCOMPARE(again->calls[0].path, std::string("/x?q=1"));
    QCOMPARE(again->calls[0].timeout, std::chrono::microseconds(12500));
    QVERIFY(again->calls[0].optional);
    QCOMPARE(again->calls[1].timeout, std::chrono::microseconds(0));
    QCOMPARE(again->propagateHeaders, std::vector<std::string>{"end-user"});
    QVERIFY(again->parallel);
  }

  void errorsAreValues_data() {
    QTest::addColumn<QString>("yaml");
    QTest::newRow("rate") << "errorRate: 2";
    QTest::newRow("status") << "errorStatus: 1000";
    QTest::newRow("distribution") << "latency: {distribution: zipf}";
    QTest::newRow("syntax") << "[unclosed";
    QTest::newRow("mode") << "mode: random";
    QTest::newRow("no service") << "calls: [{path: /x}]";
    QTest::newRow("relative path") << "calls: [{service: a, path: x}]";
    QTest::newRow("negative timeout") << "calls: [{service: a, timeoutMs: -1}]";
    QTest::newRow("huge timeout") << "calls: [{service: a, timeoutMs: 1e12}]";
    QTest::newRow("too many retries") << "calls: [{service: a, retries: 11}]";
    QTest::newRow("negative retries") << "calls: [{service: a, retries: -1}]";
    QTest::newRow("method") << "calls: [{service: a, method: \"GET /\"}]";
    QTest::newRow("optional") << "calls: [{service: a, optional: maybe}]";
    QTest::newRow("timeout text") << "calls: [{service: a, timeoutMs: soon}]";
    QTest::newRow("latency text") << "latency: {distribution: fixed, ms: slow}";
    QTest::newRow("rate text") << "errorRate: lots";
    QTest::newRow("call not a map") << "calls: [a]";
    QTest::newRow("header name") << "propagateHeaders: [\"bad header\"]";
    QTest::newRow("hop header") << "propagateHeaders: [Host]";
    QTest::newRow("framing header") << "propagateHeaders: [content-length]";
    QTest::newRow("not a list") << "propagateHeaders: end-user";
  }
  void errorsAreValues() {
    QFETCH(QString, yaml);
    Behaviour base;
    base.calls = {{"kept", "/"}};
    auto b = parseBehaviour(yaml.toStdString(), base);
    QVERIFY(!b.ok());
    QVERIFY(!b.error().empty());
    if (QTest::currentDataTag() == QByteArray("optional"))
      QCOMPARE(b.error(), std::string("calls[0].optional: expected true or false"));
  }
};

QTEST_GUILESS_MAIN(TstBehaviour)
#include "tst_behaviour.moc"
