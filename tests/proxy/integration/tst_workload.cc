// A small mesh of real processes: client -> gateway listener -> frontend
// workload -> its sidecar's outbound listener -> backend workloads (in
// sequence and in parallel), with trace headers carried through, live
// behaviour changes, consistent hashing, the access log, and the admin API.
// Addresses 127.0.24.x.
#include <QtTest>
#include <set>

#include "mesh_fixture.h"

using namespace mpt;

namespace {
const std::string P = "127.0.24.1";  // one proxy: gateway + frontend's sidecar
const uint16_t kGw = 18080, kOut = 15001, kAdmin = 15000;

const char* kConfig = R"(version: "3"
accessLog: true
node: {workload: frontend, namespace: shop, labels: {app: frontend, version: v1}}
admin: {address: 127.0.24.1, port: 15000}
listeners:
  - {name: gateway, kind: gateway, address: 127.0.24.1, port: 18080, routeTable: ingress, hosts: [shop.example.com]}
  - {name: outbound, kind: outbound, address: 127.0.24.1, port: 15001, routeTable: out}
routeTables:
  - name: ingress
    virtualHosts:
      - {name: shop, domains: ["*"], routes: [{name: to-frontend, route: [{cluster: frontend}]}]}
  - name: out
    virtualHosts:
      - {name: a, domains: [svc-a], routes: [{route: [{cluster: a}]}]}
      - {name: b, domains: [svc-b], routes: [{route: [{cluster: b}]}]}
      - {name: sticky, domains: [sticky], routes: [{route: [{cluster: sticky}]}]}
clusters:
  - {name: frontend, endpoints: [{address: 127.0.24.2, port: 8080}]}
  - {name: a, endpoints: [{address: 127.0.24.3, port: 8080}]}
  - {name: b, endpoints: [{address: 127.0.24.4, port: 8080}]}
  - name: sticky
    trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-user}}}
    endpoints: [{address: 127.0.24.3, port: 8080}, {address: 127.0.24.4, port: 8080}]
)";
}  // namespace

class TstWorkload : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Processes procs_;
  QProcess* proxy_ = nullptr;

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    procs_.setLogDir(dir_.path().toStdString());
    const std::string cfg = dir_.path().toStdString() + "/proxy.yaml";
    writeAtomically(cfg, kConfig);
    const std::string beh = dir_.path().toStdString() + "/frontend.yaml";
    writeAtomically(beh, "calls: [{service: svc-a, path: /a}, {service: svc-b, path: /b}]\nmode: sequence\n");
    procs_.start("meshworkload", {"--listen", "127.0.24.2:8080", "--service", "frontend", "--pod", "frontend-0",
                                  "--sidecar", "127.0.24.1:15001", "--behaviour", QString::fromStdString(beh)}, "frontend");
    procs_.start("meshworkload", {"--listen", "127.0.24.3:8080", "--service", "svc-a", "--pod", "a-0"}, "a");
    procs_.start("meshworkload", {"--listen", "127.0.24.4:8080", "--service", "svc-b", "--pod", "b-0"}, "b");
    proxy_ = procs_.start("meshproxy", {"--config", QString::fromStdString(cfg)}, "proxy");
    for (auto a : {"127.0.24.2", "127.0.24.3", "127.0.24.4"}) QVERIFY(waitForPort(a, 8080));
    QVERIFY(waitForPort(P, kGw));
    QVERIFY(waitForPort(P, kAdmin));
  }
  void cleanupTestCase() { procs_.killAll(); }

  void gatewayChecksHosts() {
    HttpClient c(P, kGw);
    QCOMPARE(c.get("shop.example.com").status, 200);
    auto r = c.get("evil.example.org");
    QCOMPARE(r.status, 404);
    QCOMPARE(r.header("x-ms-response-flags"), std::string("NR"));
  }

  void downstreamCallsCarryTraceHeaders() {
    HttpClient c(P, kGw);
    auto r = c.get("shop.example.com", "/", {{"x-request-id", "trace-me-123"}, {"x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-ms-service"), std::string("frontend"));
    QCOMPARE(r.header("x-ms-calls"), std::string("svc-a=200;svc-b=200;"));
    QCOMPARE(r.header("x-request-id"), std::string("trace-me-123"));
    // The gateway hop and both downstream hops logged the same request id.
    QTRY_VERIFY_WITH_TIMEOUT([&] {
      const std::string log = procs_.log("proxy");
      int n = 0;
      for (size_t p = log.find("\"trace-me-123\""); p != std::string::npos; p = log.find("\"trace-me-123\"", p + 1)) ++n;
      return n == 3;
    }(), 2000);
    QVERIFY(procs_.log("proxy").find("\"GET /b HTTP/1.1\" 200 -") != std::string::npos);
  }

  void parallelCallsAndFailurePropagation() {
    HttpClient admin("127.0.24.2", 8080);
    QCOMPARE(admin.request("POST", "x", "/__admin/behaviour", {}, "mode: parallel").status, 200);
    HttpClient b("127.0.24.4", 8080);
    QCOMPARE(b.request("POST", "x", "/__admin/behaviour", {}, "errorRate: 1\nerrorStatus: 503").status, 200);
    HttpClient c(P, kGw);
    auto r = c.get("shop.example.com");
    QCOMPARE(r.status, 502);  // a failed downstream call fails the caller
    QVERIFY(r.header("x-ms-calls").find("svc-b=503") != std::string::npos);
    QVERIFY(r.header("x-ms-calls").find("svc-a=200") != std::string::npos);
    QCOMPARE(b.request("POST", "x", "/__admin/behaviour", {}, "errorRate: 0").status, 200);
    QCOMPARE(c.get("shop.example.com").status, 200);
  }

  void liveLatencyChange() {
    HttpClient a("127.0.24.3", 8080);
    QCOMPARE(a.request("POST", "x", "/__admin/behaviour", {}, "latency: {distribution: fixed, ms: 120}").status, 200);
    HttpClient c(P, kOut);
    auto t0 = std::chrono::steady_clock::now();
    QCOMPARE(c.get("svc-a").status, 200);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    QVERIFY2(ms >= 115, qPrintable(QString::number(ms)));
    QCOMPARE(a.request("POST", "x", "/__admin/behaviour", {}, "latency: {distribution: none}").status, 200);
    QVERIFY(a.get("x", "/__admin/behaviour").body.find("distribution: none") != std::string::npos);
  }

  void consistentHashIsSticky() {
    HttpClient c(P, kOut);
    std::set<std::string> pods;
    for (int user = 0; user < 20; ++user) {
      const std::string first = c.get("sticky", "/", {{"x-user", "u" + std::to_string(user)}}).header("x-ms-pod");
      pods.insert(first);
      for (int i = 0; i < 5; ++i) QCOMPARE(c.get("sticky", "/", {{"x-user", "u" + std::to_string(user)}}).header("x-ms-pod"), first);
    }
    QCOMPARE(pods.size(), size_t(2));  // 20 users spread over both pods
  }

  void adminEndpoints() {
    QCOMPARE(adminGet(P, kAdmin, "/ready"), std::string("LIVE\n"));
    QVERIFY(adminGet(P, kAdmin, "/config_dump").find("# config version: 3") != std::string::npos);
    QVERIFY(adminGet(P, kAdmin, "/clusters").find("sticky::127.0.24.4:8080::health_flags::healthy") != std::string::npos);
    const std::string prom = adminGet(P, kAdmin, "/stats/prometheus");
    QVERIFY(prom.find("# TYPE istio_request_duration_milliseconds histogram") != std::string::npos);
    QVERIFY(metric(prom, "istio_request_duration_milliseconds_count", {"source_workload=\"frontend\""}) >= 1);
    QVERIFY(metric(prom, "istio_response_bytes_count") >= 1);
    HttpClient admin(P, kAdmin);
    QCOMPARE(admin.request("POST", P, "/quitquitquit").status, 200);
    QVERIFY(proxy_->waitForFinished(3000));
    QCOMPARE(proxy_->exitCode(), 0);
  }
};

QTEST_GUILESS_MAIN(TstWorkload)
#include "tst_workload.moc"
