// Outlier detection math and load balancer choices.
#include <QtTest>
#include <map>

#include "upstream/load_balancer.h"
#include "upstream/outlier_detector.h"

using namespace mp;
using R = OutlierDetector::Result;

namespace {
OutlierDetection cfg(uint32_t c5xx = 5, int baseMs = 1000, uint32_t maxPct = 100) {
  OutlierDetection c;
  c.enabled = true;
  c.consecutive5xx = c5xx;
  c.baseEjectionTime = Millis(baseMs);
  c.maxEjectionPercent = maxPct;
  return c;
}
std::vector<HostView> hosts(size_t n) {
  std::vector<HostView> v(n);
  for (size_t i = 0; i < n; ++i) v[i].key = "127.0.0." + std::to_string(i + 1) + ":80";
  return v;
}
}  // namespace

class TstOutlierDetector : public QObject {
  Q_OBJECT
 private slots:
  void ejectsAfterConsecutive5xxOnly() {
    OutlierDetector od;
    od.configure(cfg(), 3);
    auto t = Clock::now();
    for (int i = 0; i < 4; ++i) QVERIFY(!od.record(0, R::Error5xx, t));
    QVERIFY(!od.record(0, R::Success, t));  // a success resets the streak
    for (int i = 0; i < 4; ++i) QVERIFY(!od.record(0, R::Error5xx, t));
    QVERIFY(od.record(0, R::Error5xx, t));
    QVERIFY(od.ejected(0));
    QCOMPARE(od.ejectionsTotal(), uint64_t(1));
  }

  void localFailuresCountAsGatewayErrors() {
    OutlierDetector od;
    auto c = cfg(0);
    c.consecutiveGatewayErrors = 2;
    od.configure(c, 2);
    auto t = Clock::now();
    QVERIFY(!od.record(1, R::Error5xx, t));  // a 500 is not a gateway error
    QVERIFY(!od.record(1, R::LocalFailure, t));
    QVERIFY(od.record(1, R::GatewayError, t));
  }

  void ejectionTimeGrowsWithTimesEjectedAndIsCapped() {
    auto c = cfg(1, 1000);
    QCOMPARE(OutlierDetector::ejectionTime(c, 1).count(), 1000);
    QCOMPARE(OutlierDetector::ejectionTime(c, 2).count(), 2000);
    QCOMPARE(OutlierDetector::ejectionTime(c, 1000).count(), 300000);  // max(300 s, base)
    c.baseEjectionTime = Millis(400000);
    QCOMPARE(OutlierDetector::ejectionTime(c, 3).count(), 400000);

    OutlierDetector od;
    od.configure(cfg(1, 1000), 2);
    auto t0 = Clock::now();
    QVERIFY(od.record(0, R::Error5xx, t0));
    od.sweep(t0 + Millis(999));
    QVERIFY(od.ejected(0));
    od.sweep(t0 + Millis(1000));
    QVERIFY(!od.ejected(0));
    auto t1 = t0 + Millis(1500);
    QVERIFY(od.record(0, R::Error5xx, t1));
    od.sweep(t1 + Millis(1999));
    QVERIFY(od.ejected(0));  // second ejection lasts twice as long
    od.sweep(t1 + Millis(2000));
    QVERIFY(!od.ejected(0));
  }

  void maxEjectionPercentStillEjectsOne() {
    OutlierDetector od;
    od.configure(cfg(1, 1000, 10), 3);  // 10% of 3 hosts is < 1 host
    auto t = Clock::now();
    QVERIFY(od.record(0, R::Error5xx, t));
    QVERIFY(!od.record(1, R::Error5xx, t));
    QCOMPARE(od.ejectedCount(), size_t(1));
    od.configure(cfg(1, 1000, 70), 3);
    QVERIFY(od.record(1, R::Error5xx, t));  // 2/3 = 66% <= 70%
    QVERIFY(!od.record(2, R::Error5xx, t));
  }

  void disabledNeverEjects() {
    OutlierDetector od;
    od.configure(OutlierDetection{}, 1);
    for (int i = 0; i < 100; ++i) QVERIFY(!od.record(0, R::Error5xx, Clock::now()));
  }

  void roundRobinAndPreferUntried() {
    LoadBalancer lb;
    LbPolicy p;
    p.kind = LbPolicy::Kind::RoundRobin;
    auto hv = hosts(3);
    lb.configure(p, hv);
    std::mt19937_64 rng(1);
    std::map<size_t, int> seen;
    for (int i = 0; i < 30; ++i) ++seen[*lb.pick(hv, std::nullopt, rng)];
    QCOMPARE(seen[0], 10);
    QCOMPARE(seen[2], 10);
    hv[0].tried = hv[1].tried = true;
    for (int i = 0; i < 10; ++i) QCOMPARE(*lb.pick(hv, std::nullopt, rng), size_t(2));
    hv[2].healthy = false;  // only tried hosts left: they are used again
    QVERIFY(lb.pick(hv, std::nullopt, rng).has_value());
    hv[0].healthy = hv[1].healthy = false;
    QVERIFY(!lb.pick(hv, std::nullopt, rng).has_value());
  }

  void leastRequestAvoidsBusyHost() {
    LoadBalancer lb;
    auto hv = hosts(2);
    lb.configure(LbPolicy{}, hv);
    hv[0].activeRequests = 50;
    std::mt19937_64 rng(3);
    int busy = 0;
    for (int i = 0; i < 1000; ++i) busy += *lb.pick(hv, std::nullopt, rng) == 0;
    QVERIFY2(busy < 300, qPrintable(QString::number(busy)));  // P2C: only when both draws hit it
  }

  void ringHashIsStableAndMovesFewKeys() {
    LoadBalancer lb;
    LbPolicy p;
    p.kind = LbPolicy::Kind::ConsistentHash;
    auto hv = hosts(4);
    lb.configure(p, hv);
    std::mt19937_64 rng(5);
    std::map<std::string, size_t> before;
    for (int i = 0; i < 400; ++i) {
      std::string k = "user-" + std::to_string(i);
      before[k] = *lb.pick(hv, k, rng);
      QCOMPARE(*lb.pick(hv, k, rng), before[k]);  // same key, same host
    }
    std::map<size_t, int> spread;
    for (auto& [k, h] : before) ++spread[h];
    QCOMPARE(spread.size(), size_t(4));
    hv[1].healthy = false;
    int moved = 0;
    for (auto& [k, h] : before) moved += *lb.pick(hv, k, rng) != h;
    QCOMPARE(moved, spread[1]);  // only keys of the lost host move
  }
};

QTEST_GUILESS_MAIN(TstOutlierDetector)
#include "tst_outlier_detector.moc"
