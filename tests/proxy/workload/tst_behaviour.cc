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

  void errorsAreValues() {
    QVERIFY(!parseBehaviour("errorRate: 2", Behaviour{}).ok());
    QVERIFY(!parseBehaviour("latency: {distribution: zipf}", Behaviour{}).ok());
    QVERIFY(!parseBehaviour("[unclosed", Behaviour{}).ok());
  }
};

QTEST_GUILESS_MAIN(TstBehaviour)
#include "tst_behaviour.moc"
