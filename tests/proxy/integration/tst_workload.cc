// A small mesh of real processes: client -> gateway listener -> frontend
// workload -> its sidecar's outbound listener -> backend workloads (in
// sequence and in parallel), with trace headers carried through, live
// behaviour changes, consistent hashing, the access log, and the admin API.
// Then the application side of calls: the caller's own timeout (504),
// retries, optional calls (x-mesh-degraded), methods, propagated headers,
// and Bookinfo's fault-injection chain productpage -> reviews -> ratings
// with the delay matched on end-user two hops down.
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
      - name: svc-m
        domains: [svc-m]
        routes:
          - {match: [{method: {exact: POST}}], directResponse: {status: 201}}
          - {directResponse: {status: 200}}
      - {name: reviews, domains: ["reviews:9080"], routes: [{route: [{cluster: reviews}]}]}
      - name: ratings
        domains: ["ratings:9080"]
        routes:
          - name: jason-delay
            match: [{headers: {end-user: {exact: jason}}}]
            fault: {delay: {fixedDelay: 700ms, percentage: 100}}
            route: [{cluster: ratings}]
          - {name: ratings, route: [{cluster: ratings}]}
clusters:
  - {name: frontend, endpoints: [{address: 127.0.24.2, port: 8080}]}
  - {name: a, endpoints: [{address: 127.0.24.3, port: 8080}]}
  - {name: b, endpoints: [{address: 127.0.24.4, port: 8080}]}
  - name: sticky
    trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-user}}}
    endpoints: [{address: 127.0.24.3, port: 8080}, {address: 127.0.24.4, port: 8080}]
  - {name: reviews, endpoints: [{address: 127.0.24.6, port: 8080}]}
  - {name: ratings, endpoints: [{address: 127.0.24.7, port: 8080}]}
)";

const char* kFrontendCalls = "calls: [{service: svc-a, path: /a}, {service: svc-b, path: /b}]\nmode: sequence\n";
// Bookinfo, scaled down 10x: productpage gives reviews 300 ms and one retry
// (3 s + 1 in Bookinfo), reviews v2 gives ratings 1000 ms (10 s), and the
// fault-injection task delays ratings 700 ms (7 s) for end-user jason.
const char* kProductPage =
    "propagateHeaders: [end-user]\n"
    "calls: [{service: \"reviews:9080\", path: /reviews/0, timeoutMs: 300, retries: 1, optional: true}]\n";
const char* kReviewsV2 =
    "propagateHeaders: [end-user]\ncalls: [{service: \"ratings:9080\", path: /ratings/0, timeoutMs: 1000}]\n";

bool setBehaviour(const std::string& addr, const std::string& yaml) {
  HttpClient admin(addr, 8080);
  return admin.request("POST", "x", "/__admin/behaviour", {}, yaml).status == 200;
}

template <class F>
long long elapsedMs(F&& f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
}
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
    writeAtomically(beh, kFrontendCalls);
    writeAtomically(dir_.path().toStdString() + "/productpage.yaml", kProductPage);
    writeAtomically(dir_.path().toStdString() + "/reviews.yaml", kReviewsV2);
    procs_.start("meshworkload", {"--listen", "127.0.24.2:8080", "--service", "frontend", "--pod", "frontend-0",
                                  "--sidecar", "127.0.24.1:15001", "--behaviour", QString::fromStdString(beh)}, "frontend");
    procs_.start("meshworkload", {"--listen", "127.0.24.3:8080", "--service", "svc-a", "--pod", "a-0"}, "a");
    procs_.start("meshworkload", {"--listen", "127.0.24.4:8080", "--service", "svc-b", "--pod", "b-0"}, "b");
    const QString sidecar = "127.0.24.1:15001", d = dir_.path();
    procs_.start("meshworkload", {"--listen", "127.0.24.5:8080", "--service", "productpage", "--pod", "productpage-v1-0",
                                  "--sidecar", sidecar, "--behaviour", d + "/productpage.yaml"}, "productpage");
    procs_.start("meshworkload", {"--listen", "127.0.24.6:8080", "--service", "reviews", "--version", "v2", "--pod",
                                  "reviews-v2-0", "--sidecar", sidecar, "--behaviour", d + "/reviews.yaml"}, "reviews");
    procs_.start("meshworkload", {"--listen", "127.0.24.7:8080", "--service", "ratings", "--pod", "ratings-v1-0"}, "ratings");
    proxy_ = procs_.start("meshproxy", {"--config", QString::fromStdString(cfg)}, "proxy");
    for (auto a : {"127.0.24.2", "127.0.24.3", "127.0.24.4", "127.0.24.5", "127.0.24.6", "127.0.24.7"})
      QVERIFY(waitForPort(a, 8080));
    QVERIFY(waitForPort(P, kGw));
    QVERIFY(waitForPort(P, kAdmin));
  }
  void cleanupTestCase() { procs_.killAll(); }
  // Each test starts from the behaviours initTestCase set.
  void cleanup() {
    QVERIFY(setBehaviour("127.0.24.2", std::string(kFrontendCalls) + "propagateHeaders: []\n"));
    for (auto a : {"127.0.24.3", "127.0.24.4"})
      QVERIFY(setBehaviour(a, "latency: {distribution: none}\nerrorRate: 0\nerrorStatus: 500\nfailNext: 0\n"));
  }

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

  // The caller's own timeout abandons the attempt (it does not wait for the
  // slow answer) and a required call that timed out makes the caller 504.
  void callTimeoutAbandonsTheAttempt() {
    QVERIFY(setBehaviour("127.0.24.3", "latency: {distribution: fixed, ms: 1500}"));
    QVERIFY(setBehaviour("127.0.24.2", "calls: [{service: svc-a, path: /slow, timeoutMs: 150}]"));
    HttpClient c(P, kGw);
    HttpResult r;
    auto ms = elapsedMs([&] { r = c.get("shop.example.com"); });
    QCOMPARE(r.status, 504);
    QCOMPARE(r.header("x-ms-calls"), std::string("svc-a=timeout;"));
    QVERIFY2(ms >= 145 && ms < 1200, qPrintable(QString::number(ms)));
    // With one retry: two attempts, each given its own 150 ms.
    QVERIFY(setBehaviour("127.0.24.2", "calls: [{service: svc-a, path: /slow, timeoutMs: 150, retries: 1}]"));
    ms = elapsedMs([&] { r = c.get("shop.example.com"); });
    QCOMPARE(r.status, 504);
    QCOMPARE(r.header("x-ms-calls"), std::string("svc-a=timeout,timeout;"));
    QVERIFY2(ms >= 295 && ms < 1400, qPrintable(QString::number(ms)));
  }

  void retriesAfter5xx() {
    QVERIFY(setBehaviour("127.0.24.2", "calls: [{service: svc-a, retries: 1}]"));
    QVERIFY(setBehaviour("127.0.24.3", "failNext: 1\nerrorStatus: 500"));
    HttpClient c(P, kGw);
    auto r = c.get("shop.example.com");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-ms-calls"), std::string("svc-a=500,200;"));
    QVERIFY(setBehaviour("127.0.24.3", "failNext: 2"));
    r = c.get("shop.example.com");
    QCOMPARE(r.status, 502);
    QCOMPARE(r.header("x-ms-calls"), std::string("svc-a=500,500;"));
    // A 4xx is an answer: no retry, no failure.
    QVERIFY(setBehaviour("127.0.24.3", "failNext: 1\nerrorStatus: 404"));
    r = c.get("shop.example.com");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-ms-calls"), std::string("svc-a=404;"));
  }

  void optionalCallDegradesRequiredCallFails() {
    QVERIFY(setBehaviour("127.0.24.3", "errorRate: 1\nerrorStatus: 500"));
    QVERIFY(setBehaviour("127.0.24.2", "calls: [{service: svc-a, optional: true}, {service: svc-b}]"));
    HttpClient c(P, kGw);
    auto r = c.get("shop.example.com");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-mesh-degraded"), std::string("svc-a"));
    QCOMPARE(r.header("x-ms-calls"), std::string("svc-a=500;svc-b=200;"));  // the sequence went on
    QCOMPARE(r.header("x-ms-service"), std::string("frontend"));
    // Required: the sequence stops at the failure and the caller answers 502.
    QVERIFY(setBehaviour("127.0.24.2", "calls: [{service: svc-a}, {service: svc-b}]"));
    r = c.get("shop.example.com");
    QCOMPARE(r.status, 502);
    QCOMPARE(r.header("x-ms-calls"), std::string("svc-a=500;"));
    QVERIFY(r.header("x-mesh-degraded").empty());
    // Both optional, in parallel: both named.
    QVERIFY(setBehaviour("127.0.24.4", "errorRate: 1\nerrorStatus: 503"));
    QVERIFY(setBehaviour("127.0.24.2", "mode: parallel\ncalls: [{service: svc-a, optional: true}, {service: svc-b, optional: true}]"));
    r = c.get("shop.example.com");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-mesh-degraded"), std::string("svc-a, svc-b"));
  }

  void callMethodIsSent() {
    QVERIFY(setBehaviour("127.0.24.2", "calls: [{service: svc-m, path: /m, method: POST}]"));
    HttpClient c(P, kGw);
    QCOMPARE(c.get("shop.example.com").header("x-ms-calls"), std::string("svc-m=201;"));
    QVERIFY(setBehaviour("127.0.24.2", "calls: [{service: svc-m, path: /m}]"));
    QCOMPARE(c.get("shop.example.com").header("x-ms-calls"), std::string("svc-m=200;"));
  }

  // Istio's fault-injection task: jason's ratings call is delayed 700 ms;
  // reviews v2 waits for it (1000 ms timeout) but productpage gives reviews
  // only 300 ms twice, then answers 200 without reviews. Everyone else is
  // fast and whole. Only works if end-user travels productpage -> reviews ->
  // ratings.
  void bookinfoFaultInjectionDegradesProductPage() {
    HttpClient page("127.0.24.5", 8080), reviews("127.0.24.6", 8080);
    HttpResult r;
    auto ms = elapsedMs([&] { r = page.get("productpage", "/productpage"); });
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-ms-calls"), std::string("reviews:9080=200;"));
    QVERIFY(r.header("x-mesh-degraded").empty());
    QVERIFY2(ms < 650, qPrintable(QString::number(ms)));  // no delay without end-user: jason

    ms = elapsedMs([&] { r = page.get("productpage", "/productpage", {{"end-user", "jason"}}); });
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-mesh-degraded"), std::string("reviews:9080"));
    QCOMPARE(r.header("x-ms-calls"), std::string("reviews:9080=timeout,timeout;"));
    QVERIFY2(ms >= 595 && ms < 2000, qPrintable(QString::number(ms)));

    // reviews v2 itself outwaits the delay: the header reached ratings' route.
    ms = elapsedMs([&] { r = reviews.get("reviews", "/reviews/0", {{"end-user", "jason"}}); });
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-ms-version"), std::string("v2"));
    QCOMPARE(r.header("x-ms-calls"), std::string("ratings:9080=200;"));
    QVERIFY2(ms >= 695, qPrintable(QString::number(ms)));
    QVERIFY(procs_.log("proxy").find("jason-delay") != std::string::npos);

    // The request-timeouts variant: reviews gives ratings less than the delay,
    // so reviews answers 504 itself.
    QVERIFY(setBehaviour("127.0.24.6", "calls: [{service: \"ratings:9080\", path: /ratings/0, timeoutMs: 200}]"));
    r = reviews.get("reviews", "/reviews/0", {{"end-user", "jason"}});
    QCOMPARE(r.status, 504);
    QCOMPARE(r.header("x-ms-calls"), std::string("ratings:9080=timeout;"));
    QVERIFY(setBehaviour("127.0.24.6", kReviewsV2));
  }

  void liveChangeTakesTheNewFields() {
    HttpClient admin("127.0.24.2", 8080);
    auto r = admin.request("PUT", "x", "/__admin/behaviour", {},
                           "propagateHeaders: [End-User]\ncalls: [{service: \"reviews:9080\", timeoutMs: 3000, retries: 1, optional: true, method: GET}]");
    QCOMPARE(r.status, 200);
    const std::string shown = admin.get("x", "/__admin/behaviour").body;
    for (auto want : {"propagateHeaders: [end-user]", "service: reviews:9080", "timeoutMs: 3000", "retries: 1",
                      "optional: true", "method: GET"})
      QVERIFY2(shown.find(want) != std::string::npos, qPrintable(QString::fromStdString(shown)));
    // A bad change is refused whole; the behaviour in force stays.
    r = admin.request("PUT", "x", "/__admin/behaviour", {}, "errorRate: 0.5\ncalls: [{service: a, retries: 99}]");
    QCOMPARE(r.status, 400);
    QVERIFY(r.body.find("calls[0].retries") != std::string::npos);
    QCOMPARE(admin.get("x", "/__admin/behaviour").body, shown);
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
