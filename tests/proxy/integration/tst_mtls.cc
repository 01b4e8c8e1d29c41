// mTLS between two real meshproxy processes with throwaway certificates:
// STRICT / PERMISSIVE inbound, identity checks both ways, AuthorizationPolicy,
// and certificate rotation under load, for the identity (ISTIO_MUTUAL) and
// for a DestinationRule's own MUTUAL files; config pushes that change a
// cluster's TLS mode. Addresses 127.0.22.x.
#include <QtTest>
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "mesh_fixture.h"

using namespace mpt;

namespace {
const std::string A = "127.0.22.1", B = "127.0.22.2";
const uint16_t kOut = 15001, kAdmin = 15000;
const std::string kWebId = "spiffe://cluster.local/ns/default/sa/web";
const std::string kReviewsId = "spiffe://cluster.local/ns/default/sa/reviews";

std::string mutualFiles(const Pki& pki, const std::string& n) {
  return "{mode: MUTUAL, clientCertificate: " + pki.path(n + ".crt") + ", privateKey: " + pki.path(n + ".key") +
         ", caCertificates: " + pki.path(n + "-ca.crt") + "}";
}

// Replaces a file the way a rotation does: write aside, rename over.
bool copyAtomically(const std::string& from, const std::string& to) {
  std::ifstream in(from, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in) return false;
  writeAtomically(to, ss.str());
  return true;
}

// Load threads that always stop and join, even when a check fails midway
// (a std::thread left joinable would terminate the suite).
struct LoadThreads {
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  ~LoadThreads() { join(); }
  void join() {
    stop = true;
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
};

int occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

std::string configA(const Pki& pki) {
  auto vh = [](const std::string& n) {
    return "      - {name: " + n + ", domains: [" + n + "], routes: [{retries: {attempts: 0}, route: [{cluster: " + n + "}]}]}\n";
  };
  auto cl = [](const std::string& n, int port, const std::string& tls, const std::string& id) {
    return "  - name: " + n + "\n    trafficPolicy: {tls: " + tls + "}\n    endpoints: [{address: 127.0.22.2, port: " +
           std::to_string(port) + ", identity: \"" + id + "\"}]\n";
  };
  return "version: \"1\"\naccessLog: false\nnode: {workload: web, namespace: default}\n"
         "identity: {cert: " + pki.path("web.crt") + ", key: " + pki.path("web.key") + ", ca: " + pki.path("ca.crt") + "}\n"
         "admin: {address: 127.0.22.1, port: 15000}\n"
         "listeners: [{name: outbound, kind: outbound, address: 127.0.22.1, port: 15001, routeTable: out}]\n"
         "routeTables:\n  - name: out\n    virtualHosts:\n" +
         vh("strict") + vh("fresh") + vh("permissive") + vh("strictplain") + vh("wrongid") + vh("rogue") +
         vh("mutual") + vh("mutualfresh") + vh("late") +
         "clusters:\n" + cl("strict", 15006, "{mode: ISTIO_MUTUAL}", kReviewsId) +
         cl("fresh", 15006, "{mode: ISTIO_MUTUAL}, connectionPool: {http: {maxRequestsPerConnection: 1}}", kReviewsId) +
         cl("permissive", 15007, "{mode: ISTIO_MUTUAL}", kReviewsId) +
         cl("strictplain", 15006, "{mode: DISABLE}", "") +
         cl("wrongid", 15006, "{mode: ISTIO_MUTUAL}", "spiffe://cluster.local/ns/default/sa/other") +
         cl("rogue", 15006, "{mode: MUTUAL, clientCertificate: " + pki.path("rogue.crt") + ", privateKey: " +
                                pki.path("rogue.key") + ", caCertificates: " + pki.path("ca.crt") + "}", "") +
         // DestinationRule MUTUAL with its own files, rotated while running.
         cl("mutual", 15006, mutualFiles(pki, "mut"), "") +
         cl("mutualfresh", 15006, mutualFiles(pki, "mut") + ", connectionPool: {http: {maxRequestsPerConnection: 1}}", "") +
         // Files that do not exist yet, towards a port that would take plaintext.
         cl("late", 15007, mutualFiles(pki, "late"), "");
}

std::string configB(const Pki& pki) {
  return "version: \"1\"\naccessLog: false\n"
         "node: {workload: reviews-v1, namespace: default, service: reviews.default.svc.cluster.local, labels: {version: v1}}\n"
         "identity: {cert: " + pki.path("reviews.crt") + ", key: " + pki.path("reviews.key") + ", ca: " + pki.path("ca.crt") + "}\n"
         "admin: {address: 127.0.22.2, port: 15000}\n" + R"(listeners:
  - name: strict
    kind: inbound
    address: 127.0.22.2
    port: 15006
    mtls: STRICT
    forwardTo: {address: 127.0.22.2, port: 8080}
    authorization:
      - name: web-may-read
        action: ALLOW
        rules: [{from: [{source: {principals: ["cluster.local/ns/default/sa/web"]}}], to: [{operation: {methods: [GET]}}]}]
      - name: no-admin
        action: DENY
        rules: [{to: [{operation: {paths: ["/admin*"]}}]}]
  - {name: permissive, kind: inbound, address: 127.0.22.2, port: 15007, mtls: PERMISSIVE, forwardTo: {address: 127.0.22.2, port: 8080}}
)";
}
}  // namespace

// A second pair for config pushes: C (client sidecar, 127.0.22.3) calls D
// (PERMISSIVE inbound, 127.0.22.4) with the given DestinationRule TLS mode.
const std::string C = "127.0.22.3", D = "127.0.22.4";

std::string configC(const Pki& pki, const std::string& version, const std::string& tlsMode) {
  return "version: \"" + version + "\"\naccessLog: false\nnode: {workload: web, namespace: default}\n"
         "identity: {cert: " + pki.path("web.crt") + ", key: " + pki.path("web.key") + ", ca: " + pki.path("ca.crt") + "}\n"
         "admin: {address: 127.0.22.3, port: 15000}\n"
         "listeners: [{name: outbound, kind: outbound, address: 127.0.22.3, port: 15001, routeTable: out}]\n"
         "routeTables: [{name: out, virtualHosts: [{name: svc, domains: [svc], routes: [{retries: {attempts: 0}, route: [{cluster: svc}]}]}]}]\n"
         "clusters:\n  - name: svc\n    trafficPolicy: {tls: {mode: " + tlsMode + "}}\n"
         "    endpoints: [{address: 127.0.22.4, port: 15006, identity: \"" + kReviewsId + "\"}]\n";
}

std::string configD(const Pki& pki, const std::string& version, const std::string& mtls) {
  return "version: \"" + version + "\"\naccessLog: false\n"
         "node: {workload: reviews-v1, namespace: default, service: reviews.default.svc.cluster.local}\n"
         "identity: {cert: " + pki.path("reviews.crt") + ", key: " + pki.path("reviews.key") + ", ca: " + pki.path("ca.crt") + "}\n"
         "admin: {address: 127.0.22.4, port: 15000}\n"
         "listeners: [{name: inbound, kind: inbound, address: 127.0.22.4, port: 15006, mtls: " + mtls +
         ", forwardTo: {address: 127.0.22.4, port: 8080}}]\n";
}

class TstMtls : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Processes procs_;
  Pki pki_;

  std::string statsB() { return adminGet(B, kAdmin, "/stats/prometheus"); }
  // Requests D's sidecar served, by connection_security_policy.
  double servedByD(const std::string& policy) {
    return metric(adminGet(D, kAdmin, "/stats/prometheus"), "istio_requests_total",
                  {"reporter=\"destination\"", "connection_security_policy=\"" + policy + "\""});
  }
  static bool hasVersion(const std::string& addr, const std::string& v) {
    return adminGet(addr, kAdmin, "/config_dump").find("# config version: " + v + "\n") != std::string::npos;
  }
  void pushC(const std::string& version, const std::string& tlsMode) {
    writeAtomically(pki_.path("c.yaml"), configC(pki_, version, tlsMode));
    QTRY_VERIFY_WITH_TIMEOUT(hasVersion(C, version), 3000);
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    procs_.setLogDir(dir_.path().toStdString());
    pki_.dir = dir_.path().toStdString();
    QVERIFY(pki_.makeCa("ca"));
    QVERIFY(pki_.makeCa("rogueca"));
    QVERIFY(pki_.makeLeaf("ca", "web", kWebId));
    QVERIFY(pki_.makeLeaf("ca", "reviews", kReviewsId));
    QVERIFY(pki_.makeLeaf("rogueca", "rogue", kWebId));  // right name, wrong CA
    // The MUTUAL cluster starts with a certificate B does not trust and a CA
    // that did not sign B's.
    QVERIFY(copyAtomically(pki_.path("rogue.crt"), pki_.path("mut.crt")));
    QVERIFY(copyAtomically(pki_.path("rogue.key"), pki_.path("mut.key")));
    QVERIFY(copyAtomically(pki_.path("rogueca.crt"), pki_.path("mut-ca.crt")));
    writeAtomically(pki_.path("a.yaml"), configA(pki_));
    writeAtomically(pki_.path("b.yaml"), configB(pki_));
    writeAtomically(pki_.path("c.yaml"), configC(pki_, "1", "ISTIO_MUTUAL"));
    writeAtomically(pki_.path("d.yaml"), configD(pki_, "1", "PERMISSIVE"));
    procs_.start("meshworkload", {"--listen", "127.0.22.4:8080", "--service", "reviews", "--version", "v1"}, "reviewsD");
    procs_.start("meshproxy", {"--config", QString::fromStdString(pki_.path("c.yaml"))}, "proxyC");
    procs_.start("meshproxy", {"--config", QString::fromStdString(pki_.path("d.yaml"))}, "proxyD");
    procs_.start("meshworkload", {"--listen", "127.0.22.2:8080", "--service", "reviews", "--version", "v1"}, "reviews");
    procs_.start("meshproxy", {"--config", QString::fromStdString(pki_.path("a.yaml"))}, "proxyA");
    procs_.start("meshproxy", {"--config", QString::fromStdString(pki_.path("b.yaml"))}, "proxyB");
    QVERIFY(waitForPort(B, 8080));
    QVERIFY(waitForPort(A, kOut));
    QVERIFY(waitForPort(B, 15006));
    QVERIFY(waitForPort(B, kAdmin));
    for (const auto& [addr, port] : {std::pair{D, 8080}, {C, 15001}, {C, 15000}, {D, 15006}, {D, 15000}})
      QVERIFY(waitForPort(addr, uint16_t(port)));
  }
  void cleanupTestCase() { procs_.killAll(); }

  void strictAcceptsMtlsAndReportsPeer() {
    HttpClient c(A, kOut);
    auto r = c.get("strict", "/api");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-ms-service"), std::string("reviews"));
    QVERIFY(metric(statsB(), "istio_requests_total",
                   {"reporter=\"destination\"", "connection_security_policy=\"mutual_tls\"",
                    "source_principal=\"" + kWebId + "\"", "source_workload=\"web\"", "response_code=\"200\""}) >= 1);
  }

  // The source metadata headers are the sidecar's to set: a copy the
  // application sent (to pass for another workload) is replaced, not joined
  // or left in front.
  void applicationCannotSetItsSourceWorkload() {
    HttpClient c(A, kOut);
    const std::vector<std::string> forged = {"reporter=\"destination\"", "source_workload=\"impostor\""};
    const std::vector<std::string> real = {"reporter=\"destination\"", "source_workload=\"web\"", "response_code=\"200\""};
    const double realBefore = metric(statsB(), "istio_requests_total", real);
    QCOMPARE(c.get("strict", "/api", {{"x-ms-source-workload", "impostor"}}).status, 200);
    QCOMPARE(metric(statsB(), "istio_requests_total", forged), 0.0);
    QCOMPARE(metric(statsB(), "istio_requests_total", real), realBefore + 1);
  }

  void sourceReportsOwnPrincipal() {
    QVERIFY(metric(adminGet(A, kAdmin, "/stats/prometheus"), "istio_requests_total",
                   {"reporter=\"source\"", "source_principal=\"" + kWebId + "\"", "destination_principal=\"" + kReviewsId + "\""}) >= 1);
  }

  void strictRejectsPlaintext() {
    HttpClient direct(B, 15006);
    QCOMPARE(direct.get("reviews").status, 0);  // connection closed, no HTTP answer
    HttpClient c(A, kOut);
    QCOMPARE(c.get("strictplain").status, 503);
  }

  void permissiveAcceptsBoth() {
    HttpClient c(A, kOut);
    QCOMPARE(c.get("permissive").status, 200);
    HttpClient direct(B, 15007);
    QCOMPARE(direct.get("reviews").status, 200);
    auto s = statsB();
    QVERIFY(metric(s, "istio_requests_total", {"connection_security_policy=\"none\""}) >= 1);
    QVERIFY(metric(s, "istio_requests_total", {"connection_security_policy=\"mutual_tls\""}) >= 1);
  }

  // A push that changes only a DestinationRule's TLS mode replaces the
  // cluster, as Envoy does: the next request opens a connection with the new
  // mode instead of reusing a pooled one made with the old mode, a request in
  // flight finishes on its old connection, and that connection is closed
  // afterwards rather than pooled. D is PERMISSIVE, so it answers both ways
  // and reports which one it got.
  void tlsModeChangeReplacesPooledConnections() {
    HttpClient c(C, kOut);
    double mtls = servedByD("mutual_tls"), plain = servedByD("none");
    QCOMPARE(c.get("svc").status, 200);  // leaves an mTLS connection pooled
    QCOMPARE(servedByD("mutual_tls"), ++mtls);

    auto tries = [] {
      return metric(adminGet(C, kAdmin, "/stats/prometheus"), "envoy_cluster_upstream_rq_total", {"cluster_name=\"svc\""});
    };
    const double triesBefore = tries();
    QVERIFY(triesBefore >= 1);
    pushC("2", "DISABLE");
    QCOMPARE(c.get("svc").status, 200);  // plaintext, not the pooled mTLS connection
    QCOMPARE(servedByD("none"), ++plain);
    QCOMPARE(servedByD("mutual_tls"), mtls);
    QCOMPARE(tries(), triesBefore + 1);  // the replacement cluster carries on counting

    // A slow request in flight on the pooled plaintext connection across a
    // push back to ISTIO_MUTUAL.
    HttpClient admin(D, 8080);
    QCOMPARE(admin.request("POST", "reviews", "/__admin/behaviour", {}, "latency: {distribution: fixed, ms: 600}").status, 200);
    std::atomic<int> slowStatus{-1};
    std::thread slow([&] {
      HttpClient c2(C, kOut);
      slowStatus = c2.get("svc").status;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    pushC("3", "ISTIO_MUTUAL");
    QCOMPARE(admin.request("POST", "reviews", "/__admin/behaviour", {}, "latency: {distribution: none}").status, 200);
    slow.join();
    QCOMPARE(slowStatus.load(), 200);  // in flight: finished on its old connection
    QCOMPARE(servedByD("none"), ++plain);
    QCOMPARE(c.get("svc").status, 200);  // mTLS, not the plaintext connection just released
    QCOMPARE(servedByD("mutual_tls"), ++mtls);
    QCOMPARE(servedByD("none"), plain);
  }

  // PeerAuthentication PERMISSIVE -> STRICT: Envoy drains the plaintext
  // filter chain and closes its connections once drained. With no drain
  // period here, a keep-alive plaintext connection accepted under PERMISSIVE
  // gets no answer to its next request and is closed; a plaintext response
  // under way at the switch goes out with Connection: close; mTLS
  // connections go on.
  void strictAfterPermissiveClosesPlaintextConnections() {
    auto pushD = [&](const std::string& version, const std::string& mode) {
      writeAtomically(pki_.path("d.yaml"), configD(pki_, version, mode));
      QTRY_VERIFY_WITH_TIMEOUT(hasVersion(D, version), 3000);
    };
    HttpClient plain(D, 15006), viaC(C, kOut);
    QCOMPARE(plain.get("reviews").status, 200);
    QCOMPARE(viaC.get("svc").status, 200);  // leaves an mTLS connection C -> D pooled
    const double plainBefore = servedByD("none"), mtlsBefore = servedByD("mutual_tls");

    HttpClient admin(D, 8080);
    QCOMPARE(admin.request("POST", "reviews", "/__admin/behaviour", {}, "latency: {distribution: fixed, ms: 500}").status, 200);
    HttpResult inFlight;
    std::thread slow([&] {
      HttpClient plain2(D, 15006);
      inFlight = plain2.get("reviews");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    pushD("2", "STRICT");
    QCOMPARE(admin.request("POST", "reviews", "/__admin/behaviour", {}, "latency: {distribution: none}").status, 200);
    slow.join();
    QCOMPARE(inFlight.status, 200);
    QCOMPARE(inFlight.header("connection"), std::string("close"));

    // The kept plaintext connection is closed unanswered (HttpClient then
    // tries a fresh one, which STRICT refuses too).
    QCOMPARE(plain.get("reviews").status, 0);
    QVERIFY(procs_.log("proxyD").find("plaintext connection no longer admitted") != std::string::npos);
    QCOMPARE(servedByD("none"), plainBefore + 1);  // only the one in flight
    QCOMPARE(viaC.get("svc").status, 200);       // the pooled mTLS connection still is admitted
    QCOMPARE(servedByD("mutual_tls"), mtlsBefore + 1);
    pushD("3", "PERMISSIVE");
  }

  void wrongServerIdentityRejected() {
    HttpClient c(A, kOut);
    auto r = c.get("wrongid");
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("x-ms-response-flags"), std::string("UF"));
  }

  void untrustedClientCertificateRejected() {
    HttpClient c(A, kOut);
    QCOMPARE(c.get("rogue").status, 503);
  }

  void authorizationDenyBeforeAllow() {
    HttpClient c(A, kOut);
    QCOMPARE(c.get("strict", "/api/items").status, 200);
    auto r = c.get("strict", "/admin/users");  // ALLOW matches too, DENY wins
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, std::string("RBAC: access denied"));
    QCOMPARE(c.request("POST", "strict", "/api/items").status, 403);  // no ALLOW rule matches
  }

  // DestinationRule MUTUAL files are re-read when they change, without a
  // config push: the next handshake uses them.
  void clusterTlsFilesAreReread() {
    HttpClient c(A, kOut);
    auto r = c.get("mutual", "/api");
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("x-ms-response-flags"), std::string("UF"));
    QVERIFY(copyAtomically(pki_.path("ca.crt"), pki_.path("mut-ca.crt")));
    QVERIFY(pki_.makeLeaf("ca", "mut", kWebId));
    QTRY_COMPARE_WITH_TIMEOUT(c.get("mutual", "/api").status, 200, 3000);
    QVERIFY(procs_.log("proxyA").find("cluster TLS files reloaded") != std::string::npos);
    QVERIFY(adminGet(A, kAdmin, "/config_dump").find("# config version: 1") != std::string::npos);  // no push needed
  }

  // Missing files fail the connection; they never mean plaintext (port 15007
  // is PERMISSIVE and would take plaintext). Once written, mTLS works.
  void missingClusterTlsFilesFailClosed() {
    HttpClient c(A, kOut);
    auto r = c.get("late", "/api");
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("x-ms-response-flags"), std::string("UF"));
    const double mtlsBefore = metric(statsB(), "istio_requests_total", {"connection_security_policy=\"mutual_tls\""});
    QVERIFY(copyAtomically(pki_.path("ca.crt"), pki_.path("late-ca.crt")));
    QVERIFY(pki_.makeLeaf("ca", "late", kWebId));
    QTRY_COMPARE_WITH_TIMEOUT(c.get("late", "/api").status, 200, 3000);
    QVERIFY(metric(statsB(), "istio_requests_total", {"connection_security_policy=\"mutual_tls\""}) > mtlsBefore);
  }

  // Rotating the cluster's files under load drops nothing: pooled
  // connections keep their context, new handshakes take the new files
  // (including a moment where key and certificate do not match yet).
  void clusterTlsRotationMidLoadFailsNothing() {
    std::atomic<int> ok{0}, bad{0};
    LoadThreads load;
    for (int t = 0; t < 4; ++t)
      load.threads.emplace_back([&, t] {
        HttpClient c(A, kOut);
        const std::string host = t % 2 ? "mutual" : "mutualfresh";
        while (!load.stop) (c.get(host, "/api/" + std::to_string(t)).status == 200 ? ok : bad)++;
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const int reloadsBefore = occurrences(procs_.log("proxyA"), "cluster TLS files reloaded");
    QVERIFY(pki_.makeLeaf("ca", "mut", kWebId));
    QTRY_VERIFY_WITH_TIMEOUT(occurrences(procs_.log("proxyA"), "cluster TLS files reloaded") > reloadsBefore, 3000);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    load.join();
    QCOMPARE(bad.load(), 0);
    QVERIFY(ok.load() > 50);
  }

  void certificateRotationMidLoadFailsNothing() {
    std::atomic<int> ok{0}, bad{0};
    LoadThreads load;
    for (int t = 0; t < 3; ++t)
      load.threads.emplace_back([&, t] {
        HttpClient c(A, kOut);
        int n = 0;
        while (!load.stop) {
          // "fresh" uses one upstream connection per request: every request
          // is a new mTLS handshake, so rotation happens between handshakes.
          if (++n % 50 == 0) c = HttpClient(A, kOut);
          (c.get("fresh", "/api/" + std::to_string(t)).status == 200 ? ok : bad)++;
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    QVERIFY(pki_.makeLeaf("ca", "reviews", kReviewsId));
    QVERIFY(pki_.makeLeaf("ca", "web", kWebId));
    QTRY_VERIFY_WITH_TIMEOUT(procs_.log("proxyB").find("identity loaded", procs_.log("proxyB").find("identity loaded") + 1) != std::string::npos, 3000);
    QTRY_VERIFY_WITH_TIMEOUT(procs_.log("proxyA").find("identity loaded", procs_.log("proxyA").find("identity loaded") + 1) != std::string::npos, 3000);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    load.join();
    QCOMPARE(bad.load(), 0);
    QVERIFY(ok.load() > 50);
    if (qEnvironmentVariableIsSet("MPT_SHOW_LOGS")) qInfo("%s\n%s %d", procs_.log("proxyA").c_str(), procs_.log("proxyB").c_str(), ok.load());
  }
};

QTEST_GUILESS_MAIN(TstMtls)
#include "tst_mtls.moc"
