// Upstream behaviour through a real meshproxy: connection-pool overflow (UO),
// outlier ejection and its doubling, connect failure (UF), no healthy host
// (UH), maxRequestsPerConnection, and pooled connections the upstream closes
// while idle. Addresses 127.0.21.x.
#include <QtTest>
#include <atomic>
#include <chrono>
#include <thread>

#include "mesh_fixture.h"

using namespace mpt;
using Clock = std::chrono::steady_clock;

namespace {
const std::string P = "127.0.21.1";
const uint16_t kOut = 15001, kAdmin = 15000;

const char* kConfig = R"(version: "1"
accessLog: false
node: {workload: client, namespace: test}
admin: {address: 127.0.21.1, port: 15000}
listeners:
  - {name: outbound, kind: outbound, address: 127.0.21.1, port: 15001, routeTable: out}
routeTables:
  - name: out
    virtualHosts:
      - {name: cb, domains: [cb], routes: [{route: [{cluster: cb}]}]}
      - {name: od, domains: [od], routes: [{retries: {attempts: 0}, route: [{cluster: od}]}]}
      - {name: dead, domains: [dead], routes: [{route: [{cluster: dead}]}]}
      - {name: lonely, domains: [lonely], routes: [{retries: {attempts: 0}, route: [{cluster: lonely}]}]}
      - {name: once, domains: [once], routes: [{route: [{cluster: once}]}]}
      - {name: closer, domains: [closer], routes: [{retries: {attempts: 0}, route: [{cluster: closer}]}]}
      - {name: wide, domains: [wide], routes: [{route: [{cluster: wide}]}]}
clusters:
  - name: cb
    trafficPolicy:
      connectionPool: {tcp: {maxConnections: 1}, http: {http1MaxPendingRequests: 1}}
    endpoints: [{address: 127.0.21.2, port: 8080}]
  - name: od
    trafficPolicy:
      loadBalancer: {simple: ROUND_ROBIN}
      outlierDetection: {consecutive5xxErrors: 5, interval: 20ms, baseEjectionTime: 400ms, maxEjectionPercent: 100}
    endpoints: [{address: 127.0.21.3, port: 8080}, {address: 127.0.21.4, port: 8080}]
  - name: dead
    endpoints: [{address: 127.0.21.9, port: 8080}]
  - name: lonely
    trafficPolicy:
      outlierDetection: {consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 30s}
    endpoints: [{address: 127.0.21.4, port: 8080}]
  - name: once
    trafficPolicy: {connectionPool: {http: {maxRequestsPerConnection: 1}}}
    endpoints: [{address: 127.0.21.3, port: 8080}]
  - name: closer
    endpoints: [{address: 127.0.21.5, port: 15006}]
  - name: wide
    endpoints: [{address: 127.0.21.2, port: 8080}]
)";

// A second proxy whose inbound side closes keep-alive connections idle for
// 300 ms, in front of the good workload.
const char* kCloserConfig = R"(version: "1"
accessLog: false
node: {workload: good, namespace: test}
admin: {address: 127.0.21.5, port: 15000}
limits: {idleTimeout: 300ms}
listeners:
  - {name: inbound, kind: inbound, address: 127.0.21.5, port: 15006, mtls: DISABLE, forwardTo: {address: 127.0.21.3, port: 8080}}
routeTables: []
clusters: []
)";
}  // namespace

class TstUpstream : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Processes procs_;

  std::string cfg() const { return dir_.path().toStdString() + "/proxy.yaml"; }
  std::string stats() { return adminGet(P, kAdmin, "/stats/prometheus"); }
  double clusterStat(const std::string& name, const std::string& cluster) {
    return metric(stats(), "envoy_cluster_" + name, {"cluster_name=\"" + cluster + "\""});
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    procs_.setLogDir(dir_.path().toStdString());
    writeAtomically(cfg(), kConfig);
    procs_.start("meshworkload", {"--listen", "127.0.21.2:8080", "--service", "cb", "--latency-ms", "300"}, "cb");
    procs_.start("meshworkload", {"--listen", "127.0.21.3:8080", "--service", "good"}, "good");
    procs_.start("meshworkload", {"--listen", "127.0.21.4:8080", "--service", "bad", "--error-rate", "1", "--error-status", "500"}, "bad");
    procs_.start("meshproxy", {"--config", QString::fromStdString(cfg())}, "proxy");
    const std::string closer = dir_.path().toStdString() + "/closer.yaml";
    writeAtomically(closer, kCloserConfig);
    procs_.start("meshproxy", {"--config", QString::fromStdString(closer)}, "closer");
    for (auto a : {"127.0.21.2", "127.0.21.3", "127.0.21.4"}) QVERIFY(waitForPort(a, 8080));
    QVERIFY(waitForPort(P, kOut));
    QVERIFY(waitForPort(P, kAdmin));
    QVERIFY(waitForPort("127.0.21.5", 15006));
  }
  void cleanupTestCase() { procs_.killAll(); }

  // maxConnections 1 + http1MaxPendingRequests 1: of 10 concurrent requests
  // one is served, one waits, the rest overflow at once with 503 UO.
  void circuitBreakingOverflows() {
    std::atomic<int> ok{0}, uo{0}, other{0}, overloadedHeader{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 10; ++i)
      clients.emplace_back([&] {
        HttpClient c(P, kOut);
        auto r = c.get("cb");
        if (r.status == 200) ++ok;
        else if (r.status == 503 && r.header("x-ms-response-flags") == "UO") {
          ++uo;
          overloadedHeader += r.header("x-envoy-overloaded") == "true";
        } else ++other;
      });
    for (auto& t : clients) t.join();
    QCOMPARE(other.load(), 0);
    QVERIFY2(ok.load() >= 1 && ok.load() <= 3, qPrintable(QString::number(ok.load())));
    QVERIFY(uo.load() >= 7);
    QCOMPARE(overloadedHeader.load(), uo.load());
    QCOMPARE(clusterStat("upstream_rq_pending_overflow", "cb"), double(uo.load()));
    QVERIFY(clusterStat("upstream_cx_overflow", "cb") >= 1);
    QCOMPARE(metric(stats(), "istio_requests_total", {"response_flags=\"UO\""}), double(uo.load()));
  }

  // 5 consecutive 5xx eject the bad host; it returns after baseEjectionTime;
  // the second ejection lasts twice as long.
  void outlierEjectionAndBackoff() {
    HttpClient c(P, kOut);
    auto ejectAndMeasure = [&](int expectTotal) -> qint64 {
      // Round robin over good/bad: the bad host gets every other request.
      for (int i = 0; i < 40 && clusterStat("outlier_detection_ejections_total", "od") < expectTotal; ++i) c.get("od");
      auto ejectedAt = Clock::now();
      if (clusterStat("outlier_detection_ejections_total", "od") != expectTotal) return -1;
      // While ejected, everything lands on the good host.
      for (int i = 0; i < 10; ++i)
        if (c.get("od").header("x-ms-service") != "good") return -2;
      while (clusterStat("outlier_detection_ejections_active", "od") > 0) {
        if (Clock::now() - ejectedAt > std::chrono::seconds(5)) return -3;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - ejectedAt).count();
    };
    const qint64 first = ejectAndMeasure(1);
    QVERIFY2(first >= 350 && first < 700, qPrintable(QString::number(first)));
    QVERIFY(adminGet(P, kAdmin, "/clusters").find("od::127.0.21.4:8080::times_ejected::1") != std::string::npos);
    const qint64 second = ejectAndMeasure(2);
    QVERIFY2(second >= 750 && second < 1200, qPrintable(QString::number(second)));
  }

  void connectFailureIsUF() {
    HttpClient c(P, kOut);
    auto r = c.get("dead");
    QCOMPARE(r.status, 503);
    // Istio's default policy retried the connect failure twice first.
    QCOMPARE(r.header("x-ms-response-flags"), std::string("URX,UF"));
    QCOMPARE(clusterStat("upstream_rq_total", "dead"), 3.0);
  }

  void noHealthyHostIsUH() {
    HttpClient c(P, kOut);
    QCOMPARE(c.get("lonely").status, 500);
    QCOMPARE(c.get("lonely").status, 500);  // second 5xx: ejected (one host may always go)
    auto r = c.get("lonely");
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("x-ms-response-flags"), std::string("UH"));
    QVERIFY(adminGet(P, kAdmin, "/clusters").find("lonely::127.0.21.4:8080::health_flags::failed_outlier_check") != std::string::npos);
  }

  // The upstream closes an idle pooled connection: the pool notices while
  // it is idle (not when the next request takes it), so with retries off the
  // next request still succeeds, on a new connection.
  void pooledConnectionClosedByPeerIsDropped() {
    HttpClient c(P, kOut);
    for (int i = 1; i <= 3; ++i) {
      QCOMPARE(c.get("closer").status, 200);
      QCOMPARE(clusterStat("upstream_cx_total", "closer"), double(i));
      QTRY_COMPARE_WITH_TIMEOUT(clusterStat("upstream_cx_active", "closer"), 0.0, 3000);  // dropped when closed
    }
    // Reuse within the upstream's idle time keeps one connection.
    for (int i = 0; i < 5; ++i) QCOMPARE(c.get("closer").status, 200);
    QCOMPARE(clusterStat("upstream_cx_total", "closer"), 4.0);
  }

  // A push that lowers maxConnections holds at once: connections over the new limit close as
  // their requests end instead of going back to the pool (Envoy replaces the cluster).
  void loweredMaxConnectionsHoldsAtOnce() {
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 4; ++i) clients.emplace_back([&] { ok += HttpClient(P, kOut).get("wide").status == 200; });
    for (auto& t : clients) t.join();
    QCOMPARE(ok.load(), 4);
    QCOMPARE(clusterStat("upstream_cx_active", "wide"), 4.0);
    std::string lowered = kConfig;
    lowered.replace(lowered.find("version: \"1\""), 12, "version: \"2\"");
    lowered.replace(lowered.find("  - name: wide\n"), 15,
                    "  - name: wide\n    trafficPolicy: {connectionPool: {tcp: {maxConnections: 1}}}\n");
    writeAtomically(cfg(), lowered);
    QTRY_VERIFY_WITH_TIMEOUT(adminGet(P, kAdmin, "/config_dump").find("# config version: 2") != std::string::npos, 2000);
    HttpClient c(P, kOut);
    for (int i = 0; i < 4; ++i) QCOMPARE(c.get("wide").status, 200);
    QVERIFY2(clusterStat("upstream_cx_active", "wide") <= 1, std::to_string(clusterStat("upstream_cx_active", "wide")).c_str());
    writeAtomically(cfg(), kConfig);
    QTRY_VERIFY_WITH_TIMEOUT(adminGet(P, kAdmin, "/config_dump").find("# config version: 1") != std::string::npos, 2000);
  }

  void maxRequestsPerConnectionOneDisablesKeepAlive() {
    HttpClient c(P, kOut);
    for (int i = 0; i < 5; ++i) QCOMPARE(c.get("once").status, 200);
    QCOMPARE(clusterStat("upstream_cx_total", "once"), 5.0);
    QCOMPARE(clusterStat("upstream_cx_active", "once"), 0.0);
  }
};

QTEST_GUILESS_MAIN(TstUpstream)
#include "tst_upstream.moc"
