// Routing through a real meshproxy: weighted split, retries, route timeout,
// fault injection, redirects / direct responses / rewrites / header rules,
// mirroring (seen by a receiving sidecar too), metrics labels of locally
// answered requests, and hot reload of weights under load. Addresses 127.0.20.x.
#include <QtTest>
#include <atomic>
#include <chrono>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "mesh_fixture.h"

using namespace mpt;

namespace {
const std::string P = "127.0.20.1";  // proxy
const uint16_t kOut = 15001, kAdmin = 15000;

std::string config(int w1, int w2, const std::string& version, bool accessLog = false) {
  return R"(version: ")" + version + R"("
accessLog: )" + (accessLog ? "true" : "false") + R"(
node: {workload: web, namespace: shop, labels: {app: web, version: v1}}
admin: {address: 127.0.20.1, port: 15000}
listeners:
  - {name: outbound, kind: outbound, address: 127.0.20.1, port: 15001, routeTable: out}
  - {name: open, kind: outbound, address: 127.0.20.1, port: 15002, routeTable: out, outboundTrafficPolicy: ALLOW_ANY}
routeTables:
  - name: out
    virtualHosts:
      - name: reviews
        domains: [reviews, "reviews:9080"]
        routes:
          - name: split
            route:
              - {cluster: reviews, subset: v1, weight: )" + std::to_string(w1) + R"(}
              - {cluster: reviews, subset: v2, weight: )" + std::to_string(w2) + R"(}
      - name: flaky
        domains: [flaky]
        routes:
          - name: retried
            match: [{headers: {x-retry: {exact: "yes"}}}]
            retries: {attempts: 3, retryOn: 5xx}
            route: [{cluster: flaky}]
          - name: default-policy
            route: [{cluster: flaky}]
      - name: sleepy
        domains: [sleepy]
        routes:
          - {name: sleepy, route: [{cluster: sleepy}]}
      - name: slow
        domains: [slow]
        routes:
          - {name: slow, timeout: 150ms, route: [{cluster: slow}]}
      - name: faults
        domains: [faults]
        routes:
          - name: abort
            match: [{uri: {prefix: /abort}}]
            fault: {abort: {httpStatus: 503, percentage: 30}}
            route: [{cluster: reviews, subset: v1}]
          - name: delay
            match: [{uri: {prefix: /delay}}]
            fault: {delay: {fixedDelay: 30ms, percentage: 50}}
            route: [{cluster: reviews, subset: v1}]
          - name: abort-all
            match: [{uri: {prefix: /always-abort}}]
            fault: {abort: {httpStatus: 503, percentage: 100}}
            route: [{cluster: reviews, subset: v1}]
      - name: misc
        domains: [misc]
        routes:
          - {name: moved, match: [{uri: {exact: /old}}], redirect: {uri: /new, authority: elsewhere}}
          - {name: direct, match: [{uri: {exact: /health}}], directResponse: {status: 418, body: {string: teapot}}}
          - name: rewritten
            match: [{uri: {prefix: /legacy/}}]
            rewrite: {uri: /modern/}
            headers:
              request: {set: {x-added: "1"}}
              response: {set: {x-route: rewritten}, remove: [x-ms-pod]}
            route: [{cluster: reviews, subset: v1, headers: {response: {add: {x-dest: v1}}}}]
          - name: shadowed-through-sidecar
            match: [{uri: {prefix: /shadowed}}]
            mirror: {cluster: reviews-sidecar}
            route: [{cluster: reviews, subset: v1}]
          - name: mirrored
            match: [{uri: {prefix: /mirror}}]
            mirror: {cluster: reviews, subset: v2}
            route: [{cluster: reviews, subset: v1}]
clusters:
  - name: reviews
    service: reviews.shop.svc.cluster.local
    endpoints:
      - {address: 127.0.20.2, port: 8080, labels: {version: v1}, workload: reviews-v1}
      - {address: 127.0.20.3, port: 8080, labels: {version: v2}, workload: reviews-v2}
    subsets:
      - {name: v1, labels: {version: v1}}
      - {name: v2, labels: {version: v2}}
  - name: reviews-sidecar
    service: reviews.shop.svc.cluster.local
    endpoints: [{address: 127.0.20.6, port: 15006, labels: {version: v2}, workload: reviews-v2, namespace: shop}]
  - name: flaky
    endpoints: [{address: 127.0.20.4, port: 8080}]
  - name: slow
    endpoints: [{address: 127.0.20.5, port: 8080}]
  - name: sleepy
    endpoints: [{address: 127.0.20.7, port: 8080}]
)";
}

// The sidecar in front of reviews v2, for what a receiving side reports.
const std::string kReceiverConfig = R"(version: "1"
accessLog: false
node: {workload: reviews-v2, namespace: shop, service: reviews.shop.svc.cluster.local, labels: {app: reviews, version: v2}}
admin: {address: 127.0.20.6, port: 15000}
listeners:
  - {name: inbound, kind: inbound, address: 127.0.20.6, port: 15006, mtls: DISABLE, forwardTo: {address: 127.0.20.3, port: 8080}}
)";

// Established TCP connections whose local end is addr:port (IPv4), from
// /proc/net/tcp: the workload's side of its connections from the proxy.
int establishedAt(const std::string& addr, uint16_t port) {
  const auto ip = boost::asio::ip::make_address_v4(addr).to_bytes();
  char want[32];
  std::snprintf(want, sizeof want, "%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], port);
  std::ifstream in("/proc/net/tcp");
  std::string line;
  int n = 0;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state;
    f >> slot >> local >> remote >> state;
    n += local == want && state == "01";
  }
  return n;
}

double workloadRequests(const std::string& addr) {
  HttpClient c(addr, 8080);
  auto body = c.get(addr, "/__admin/stats").body;
  return std::atof(body.substr(body.find("requests: ") + 10).c_str());
}
}  // namespace

class TstRouting : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Processes procs_;
  std::string cfg_;

  double proxyMetric(const std::string& name, const std::vector<std::string>& f = {}) {
    return metric(adminGet(P, kAdmin, "/stats/prometheus"), name, f);
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    procs_.setLogDir(dir_.path().toStdString());
    cfg_ = dir_.path().toStdString() + "/proxy.yaml";
    writeAtomically(cfg_, config(90, 10, "1"));
    procs_.start("meshworkload", {"--listen", "127.0.20.2:8080", "--service", "reviews", "--version", "v1", "--pod", "reviews-v1-0", "--response-size", "48"}, "v1");
    procs_.start("meshworkload", {"--listen", "127.0.20.3:8080", "--service", "reviews", "--version", "v2", "--pod", "reviews-v2-0", "--response-size", "48"}, "v2");
    procs_.start("meshworkload", {"--listen", "127.0.20.4:8080", "--service", "flaky", "--error-status", "503"}, "flaky");
    procs_.start("meshworkload", {"--listen", "127.0.20.5:8080", "--service", "slow", "--latency-ms", "600"}, "slow");
    procs_.start("meshworkload", {"--listen", "127.0.20.7:8080", "--service", "sleepy", "--latency-ms", "2000"}, "sleepy");
    procs_.start("meshproxy", {"--config", QString::fromStdString(cfg_)}, "proxy");
    const std::string receiver = dir_.path().toStdString() + "/receiver.yaml";
    writeAtomically(receiver, kReceiverConfig);
    procs_.start("meshproxy", {"--config", QString::fromStdString(receiver)}, "receiver");
    for (auto a : {"127.0.20.2", "127.0.20.3", "127.0.20.4", "127.0.20.5", "127.0.20.7"}) QVERIFY(waitForPort(a, 8080));
    QVERIFY(waitForPort(P, kOut));
    QVERIFY(waitForPort(P, kAdmin));
    QVERIFY(waitForPort("127.0.20.6", 15006));
  }
  void cleanupTestCase() { procs_.killAll(); }

  void weightedSplit9010() {
    HttpClient c(P, kOut);
    int v2 = 0, failed = 0;
    const int n = 10000;
    for (int i = 0; i < n; ++i) {
      auto r = c.get("reviews");
      if (r.status != 200) ++failed;
      v2 += r.header("x-ms-version") == "v2";
    }
    QCOMPARE(failed, 0);
    const double share = 100.0 * v2 / n;
    QVERIFY2(std::abs(share - 10.0) <= 1.5, qPrintable(QString("v2 share %1%").arg(share)));
    QCOMPARE(proxyMetric("istio_requests_total", {"destination_version=\"v2\"", "response_code=\"200\""}), double(v2));
  }

  void retriesUntilSuccess() {
    HttpClient admin("127.0.20.4", 8080);
    QCOMPARE(admin.request("POST", "flaky", "/__admin/behaviour", {}, "failNext: 2").status, 200);
    const double before = workloadRequests("127.0.20.4");
    const double retriesBefore = proxyMetric("envoy_cluster_upstream_rq_retry", {"cluster_name=\"flaky\""});
    HttpClient c(P, kOut);
    auto r = c.get("flaky", "/", {{"x-retry", "yes"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(workloadRequests("127.0.20.4") - before, 3.0);  // two failures, then success
    QCOMPARE(proxyMetric("envoy_cluster_upstream_rq_retry", {"cluster_name=\"flaky\""}) - retriesBefore, 2.0);
  }

  void defaultPolicyDoesNotRetry503() {
    HttpClient admin("127.0.20.4", 8080);
    QCOMPARE(admin.request("POST", "flaky", "/__admin/behaviour", {}, "failNext: 1").status, 200);
    const double before = workloadRequests("127.0.20.4");
    HttpClient c(P, kOut);
    QCOMPARE(c.get("flaky").status, 503);
    QCOMPARE(workloadRequests("127.0.20.4") - before, 1.0);
  }

  void routeTimeoutIs504UT() {
    HttpClient c(P, kOut);
    auto t0 = std::chrono::steady_clock::now();
    auto r = c.get("slow");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    QCOMPARE(r.status, 504);
    QCOMPARE(r.header("x-ms-response-flags"), std::string("UT"));
    QVERIFY2(ms >= 140 && ms < 500, qPrintable(QString::number(ms)));
    QVERIFY(proxyMetric("istio_requests_total", {"response_code=\"504\"", "response_flags=\"UT\""}) >= 1);
    // The reset try gave its connection and request slot back to the pool.
    QCOMPARE(proxyMetric("envoy_cluster_upstream_rq_active", {"cluster_name=\"slow\""}), 0.0);
    QCOMPARE(proxyMetric("envoy_cluster_upstream_cx_active", {"cluster_name=\"slow\""}), 0.0);
  }

  // Envoy's DC: the client leaves before the response; the proxy cancels
  // the upstream request (closes that connection, does not pool it) and
  // reports response code 0 with flag DC.
  void clientDisconnectIsDC() {
    writeAtomically(cfg_, config(90, 10, "2", true));  // the access log shows DC too
    QTRY_VERIFY_WITH_TIMEOUT(adminGet(P, kAdmin, "/config_dump").find("# config version: 2\n") != std::string::npos, 2000);
    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::socket s(io);
    s.connect({asio::ip::make_address(P), kOut});
    const std::string req = "GET / HTTP/1.1\r\nHost: sleepy\r\n\r\n";
    asio::write(s, asio::buffer(req));
    const auto t0 = std::chrono::steady_clock::now();
    QTRY_COMPARE_WITH_TIMEOUT(establishedAt("127.0.20.7", 8080), 1, 1000);  // the proxy reached the workload
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    s.close();
    QTRY_COMPARE_WITH_TIMEOUT(establishedAt("127.0.20.7", 8080), 0, 1000);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    QVERIFY2(ms < 1200, qPrintable(QString("upstream closed after %1 ms").arg(ms)));  // the workload answers at 2 s
    QTRY_COMPARE_WITH_TIMEOUT(proxyMetric("istio_requests_total", {"response_flags=\"DC\"", "response_code=\"0\"",
                                                                   "destination_service=\"sleepy\""}), 1.0, 1000);
    QCOMPARE(proxyMetric("envoy_cluster_upstream_rq_active", {"cluster_name=\"sleepy\""}), 0.0);
    QCOMPARE(proxyMetric("envoy_cluster_upstream_cx_active", {"cluster_name=\"sleepy\""}), 0.0);
    QVERIFY(procs_.log("proxy").find("\"GET / HTTP/1.1\" 0 DC ") != std::string::npos);
    writeAtomically(cfg_, config(90, 10, "3"));
    QTRY_VERIFY_WITH_TIMEOUT(adminGet(P, kAdmin, "/config_dump").find("# config version: 3\n") != std::string::npos, 2000);
  }

  void faultAbortPercentage() {
    HttpClient c(P, kOut);
    int fi = 0;
    const int n = 2000;
    for (int i = 0; i < n; ++i) {
      auto r = c.get("faults", "/abort");
      if (r.status == 503) {
        QCOMPARE(r.header("x-ms-response-flags"), std::string("FI"));
        ++fi;
      } else QCOMPARE(r.status, 200);
    }
    const double share = 100.0 * fi / n;
    QVERIFY2(std::abs(share - 30.0) <= 4.0, qPrintable(QString::number(share)));
  }

  void faultDelayPercentage() {
    HttpClient c(P, kOut);
    int di = 0, slow = 0;
    const int n = 200;
    for (int i = 0; i < n; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      auto r = c.get("faults", "/delay");
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
      QCOMPARE(r.status, 200);
      const bool flagged = r.header("x-ms-response-flags") == "DI";
      di += flagged;
      slow += ms >= 30;
      if (flagged) QVERIFY(ms >= 30);
    }
    QCOMPARE(slow, di);
    QVERIFY2(di >= 70 && di <= 130, qPrintable(QString::number(di)));  // 50% of 200, generous
  }

  // Envoy resolves the route's cluster before the fault filter runs, so
  // Istio reports an aborted request against the route's destination
  // service, not "unknown".
  void faultAbortReportsRouteDestinationService() {
    HttpClient c(P, kOut);
    for (int i = 0; i < 3; ++i) {
      auto r = c.get("faults", "/always-abort");
      QCOMPARE(r.status, 503);
      QCOMPARE(r.header("x-ms-response-flags"), std::string("FI"));
    }
    QCOMPARE(proxyMetric("istio_requests_total", {"response_flags=\"FI\"", "destination_service=\"unknown\""}), 0.0);
    QVERIFY(proxyMetric("istio_requests_total", {"response_flags=\"FI\"", "response_code=\"503\"",
                                                 "destination_service=\"reviews.shop.svc.cluster.local\"",
                                                 "destination_service_name=\"reviews\""}) >= 3);
  }

  // A direct response or redirect has no cluster: Istio's outbound stats
  // fall back to the Host header (port stripped) for destination_service.
  void directResponseAndRedirectReportHostHeaderService() {
    HttpClient c(P, kOut);
    QCOMPARE(c.get("misc:80", "/health").status, 418);
    QCOMPARE(c.get("misc:80", "/old").status, 301);
    QVERIFY(proxyMetric("istio_requests_total", {"response_code=\"418\"", "destination_service=\"misc\"",
                                                 "destination_service_name=\"misc\""}) >= 1);
    QVERIFY(proxyMetric("istio_requests_total", {"response_code=\"301\"", "destination_service=\"misc\""}) >= 1);
    QCOMPARE(proxyMetric("istio_requests_total", {"response_code=\"418\"", "destination_service=\"unknown\""}), 0.0);
  }

  void redirectDirectRewriteHeaders() {
    HttpClient c(P, kOut);
    auto r = c.get("misc", "/old");
    QCOMPARE(r.status, 301);
    QCOMPARE(r.header("location"), std::string("http://elsewhere/new"));
    r = c.get("misc", "/health");
    QCOMPARE(r.status, 418);
    QCOMPARE(r.body, std::string("teapot"));
    r = c.get("misc", "/legacy/x?q=1");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-route"), std::string("rewritten"));
    QCOMPARE(r.header("x-dest"), std::string("v1"));
    QCOMPARE(r.header("x-ms-path"), std::string("/modern/x?q=1"));
    QVERIFY(r.header("x-ms-pod").empty());
    QVERIFY(!r.header("x-request-id").empty());
    r = c.get("nobody-home:9080");
    QCOMPARE(r.status, 404);
    QCOMPARE(r.header("x-ms-response-flags"), std::string("NR"));
    // No cluster to name it: a sidecar reports the Host header, port stripped, as Istio does.
    QTRY_COMPARE_WITH_TIMEOUT(proxyMetric("istio_requests_total", {"response_flags=\"NR\"", "response_code=\"404\"",
                                                                   "destination_service=\"nobody-home\""}), 1.0, 1000);
  }

  // HEAD through the proxy: the upstream answers with GET's headers and no
  // body; the proxy passes GET's Content-Length on, sends no body, and the
  // connection carries on (a pipelined GET right behind is answered).
  void headRequestHasGetsLengthAndNoBody() {
    HttpClient c(P, kOut);
    const size_t getLength = c.get("reviews").body.size();
    QVERIFY(getLength > 0);
    const std::string raw = rawExchange(P, kOut,
                                        "HEAD / HTTP/1.1\r\nHost: reviews\r\n\r\n"
                                        "GET / HTTP/1.1\r\nHost: reviews\r\nConnection: close\r\n\r\n",
                                        3000);
    const size_t headEnd = raw.find("\r\n\r\n");
    QVERIFY2(headEnd != std::string::npos, raw.c_str());
    const std::string head = raw.substr(0, headEnd);
    QVERIFY2(head.rfind("HTTP/1.1 200 ", 0) == 0, head.c_str());
    QVERIFY2(head.find("Content-Length: " + std::to_string(getLength) + "\r\n") != std::string::npos ||
                 head.find("content-length: " + std::to_string(getLength) + "\r\n") != std::string::npos,
             head.c_str());
    // The next bytes are the GET's status line, not a body.
    QVERIFY2(raw.compare(headEnd + 4, 9, "HTTP/1.1 ") == 0, raw.c_str());
    QCOMPARE(raw.size() - raw.rfind("\r\n\r\n") - 4, getLength);
  }

  void allowAnyPassesThroughUnknownIpPort() {
    HttpClient open(P, 15002);
    auto r = open.get("127.0.20.3:8080");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-ms-version"), std::string("v2"));
    QCOMPARE(open.get("unknown-name").status, 404);  // not an address: still NR
    HttpClient closed(P, kOut);
    QCOMPARE(closed.get("127.0.20.3:8080").status, 404);  // REGISTRY_ONLY
  }

  void mirrorSendsShadowCopy() {
    const double before = workloadRequests("127.0.20.3");
    HttpClient c(P, kOut);
    for (int i = 0; i < 5; ++i) QCOMPARE(c.get("misc", "/mirror").header("x-ms-version"), std::string("v1"));
    QTRY_COMPARE_WITH_TIMEOUT(workloadRequests("127.0.20.3") - before, 5.0, 2000);
  }

  // The shadow copy comes from the same workload as the original: the
  // receiving sidecar reports it with the sender's source labels (and the
  // -shadow Host), never source_workload "unknown".
  void mirroredRequestCarriesSourceIdentity() {
    HttpClient c(P, kOut);
    for (int i = 0; i < 4; ++i) QCOMPARE(c.get("misc", "/shadowed").header("x-ms-version"), std::string("v1"));
    auto received = [] {
      return metric(adminGet("127.0.20.6", kAdmin, "/stats/prometheus"), "istio_requests_total",
                    {"reporter=\"destination\"", "response_code=\"200\""});
    };
    QTRY_COMPARE_WITH_TIMEOUT(received(), 4.0, 2000);
    const std::string stats = adminGet("127.0.20.6", kAdmin, "/stats/prometheus");
    QCOMPARE(metric(stats, "istio_requests_total", {"source_workload=\"unknown\""}), 0.0);
    QCOMPARE(metric(stats, "istio_requests_total", {"source_workload=\"web\"", "source_workload_namespace=\"shop\"",
                                                    "source_version=\"v1\"", "destination_workload=\"reviews-v2\""}),
             4.0);
  }

  void hotReloadUnderLoadDropsNothing() {
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, bad{0};
    std::vector<std::thread> load;
    for (int t = 0; t < 4; ++t)
      load.emplace_back([&] {
        HttpClient c(P, kOut);
        while (!stop) (c.get("reviews").status == 200 ? ok : bad)++;
      });
    const int weights[][2] = {{0, 100}, {50, 50}, {100, 0}, {20, 80}, {0, 100}};
    int version = 10;
    for (auto& w : weights) {
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      writeAtomically(cfg_, config(w[0], w[1], std::to_string(++version)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop = true;
    for (auto& t : load) t.join();
    QCOMPARE(bad.load(), 0);
    QVERIFY(ok.load() > 100);
    QVERIFY(adminGet(P, kAdmin, "/config_dump").find("# config version: 15") != std::string::npos);
    HttpClient c(P, kOut);
    for (int i = 0; i < 50; ++i) QCOMPARE(c.get("reviews").header("x-ms-version"), std::string("v2"));
  }

  void invalidConfigKeepsLastGood() {
    writeAtomically(cfg_, "version: \"99\"\nlisteners: [{name: x, kind: sideways, port: 1}]\n");
    QTRY_VERIFY_WITH_TIMEOUT(procs_.log("proxy").find("config rejected, keeping version 15") != std::string::npos, 2000);
    HttpClient c(P, kOut);
    QCOMPARE(c.get("reviews").status, 200);
    QVERIFY(adminGet(P, kAdmin, "/config_dump").find("# config version: 15") != std::string::npos);
    writeAtomically(cfg_, config(90, 10, "16"));
    QTRY_VERIFY_WITH_TIMEOUT(adminGet(P, kAdmin, "/config_dump").find("# config version: 16") != std::string::npos, 2000);
  }
};

QTEST_GUILESS_MAIN(TstRouting)
#include "tst_routing.moc"
