// MeshStudio's call-graph checks (MS0001-MS0007): each fires on a design that has the
// problem, pointing at the right line, and stays silent on the design without it.
#include <QtTest>

#include "analyze_text.h"

using namespace ms;

namespace {

// A chain a -> b -> c of services with one v1 workload each; `calls` are the YAML lines of
// each service's call plan (empty: no calls).
std::string design(const std::string& aCalls, const std::string& bCalls, const std::string& extra = "") {
  auto service = [](const std::string& name, const std::string& calls) {
    std::string s = "  - name: " + name + "\n    ports: [{name: http, port: 80}]\n    workloads:\n"
                    "    - version: v1\n      behaviour:\n        latency: {distribution: fixed, mean: 10ms}\n";
    if (!calls.empty()) s += "        calls:\n" + calls;
    return s;
  };
  return "apiVersion: meshstudio.dev/v1alpha1\nkind: MeshDesign\nmetadata: {name: d}\nspec:\n"
         "  load: {target: a, rate: 100}\n  services:\n" +
         service("a", aCalls) + service("b", bCalls) + service("c", "") + extra;
}

std::string call(const std::string& target, const std::string& more = "") {
  return "          targets:\n          - {service: " + target + more + "}\n";
}

std::string retryingRoute(const std::string& host, int attempts, const std::string& more = "") {
  return "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: " + host +
         "}\nspec:\n  hosts: [" + host + "]\n  http:\n  - route:\n    - destination: {host: " + host +
         "}\n    retries: {attempts: " + std::to_string(attempts) + "}\n" + more;
}

model::Diagnostics findings(const std::string& yaml, const char* code) {
  return test::withCode(test::analyzeText(yaml), code);
}

}  // namespace

class GraphChecksTest : public QObject {
  Q_OBJECT

 private slots:
  void retryAmplificationFires() {
    // a -> b: 4 tries at the proxy; b -> c: 4 tries: 16 requests to c from one request to a.
    const auto found = findings(design(call("b"), call("c")) + retryingRoute("b", 3) + retryingRoute("c", 3), "MS0001");
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(found[0].level, model::Level::Warning);
    QVERIFY2(found[0].message.find("16 requests to c") != std::string::npos, found[0].message.c_str());
    QCOMPARE(found[0].where.line, 24);  // b's call to c
  }
  void retryAmplificationSilentUnderLimit() {
    QVERIFY(findings(design(call("b"), call("c")) + retryingRoute("b", 2) + retryingRoute("c", 1), "MS0001").empty());
  }
  void applicationRetriesCount() {
    const auto found = findings(design(call("b", ", retries: 3"), call("c", ", retries: 3")), "MS0001");
    QCOMPARE(found.size(), size_t(1));
  }

  void timeoutBudgetFires() {
    const auto found = findings(design(call("b", ", timeout: 1s"), call("c", ", timeout: 2s")), "MS0002");
    QCOMPARE(found.size(), size_t(1));
    QVERIFY2(found[0].message.find("may need up to 2s") != std::string::npos, found[0].message.c_str());
    QCOMPARE(found[0].where.line, 15);  // a's call to b
  }
  void timeoutBudgetSilentWhenItFits() {
    QVERIFY(findings(design(call("b", ", timeout: 3s"), call("c", ", timeout: 2s")), "MS0002").empty());
  }
  void routeTimeoutShorterThanRetries() {
    const std::string route = "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: b}\n"
                              "spec:\n  hosts: [b]\n  http:\n  - route:\n    - destination: {host: b}\n"
                              "    timeout: 1s\n    retries: {attempts: 3, perTryTimeout: 500ms}\n";
    const auto found = findings(design(call("b"), "") + route, "MS0002");
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(found[0].kind, std::string("VirtualService"));
  }
  void calleeWithoutTimeoutFires() {
    const auto found = findings(design(call("b", ", timeout: 1s"), call("c")), "MS0003");
    QCOMPARE(found.size(), size_t(1));
    QVERIFY(findings(design(call("b"), call("c")), "MS0003").empty());
  }

  void callCycleFires() {
    const auto found = findings(design(call("b"), call("a")), "MS0004");
    QCOMPARE(found.size(), size_t(1));
    QVERIFY(findings(design(call("b"), call("c")), "MS0004").empty());
  }

  void unreachableServiceFires() {
    const auto found = findings(design(call("b"), ""), "MS0005");  // nothing calls c
    QCOMPARE(found.size(), size_t(1));
    QVERIFY2(found[0].message.find(" c;") != std::string::npos || found[0].message.find(" c ") != std::string::npos,
             found[0].message.c_str());
    QVERIFY(findings(design(call("b"), call("c")), "MS0005").empty());
  }

  void weightToEmptySubsetFires() {
    const std::string rules =
        "---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: b}\nspec:\n"
        "  host: b\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}\n"
        "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: b}\nspec:\n"
        "  hosts: [b]\n  http:\n  - route:\n    - destination: {host: b, subset: v1}\n      weight: ";
    const auto found = findings(design(call("b"), call("c")) + rules + "80\n    - destination: {host: b, subset: v2}\n      weight: 20\n", "MS0006");
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(found[0].level, model::Level::Error);
    const auto silent = findings(design(call("b"), call("c")) + rules + "100\n    - destination: {host: b, subset: v2}\n      weight: 0\n", "MS0006");
    QVERIFY(silent.empty());
  }

  void circuitBreakerLoadFires() {
    // 100 req/s x (10 ms at b + 10 ms at c) = 2 in flight at b; the pool accepts 1 + 0.
    const std::string pool = "---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: b}\n"
                             "spec:\n  host: b\n  trafficPolicy:\n    connectionPool:\n      tcp: {maxConnections: 1}\n"
                             "      http: {http1MaxPendingRequests: ";
    const auto found = findings(design(call("b"), call("c")) + pool + "0}\n", "MS0007");
    QCOMPARE(found.size(), size_t(1));
    QVERIFY2(found[0].message.find("2 requests in flight") != std::string::npos, found[0].message.c_str());
    QVERIFY(findings(design(call("b"), call("c")) + pool + "10}\n", "MS0007").empty());
  }

  void bookinfoSampleHasNoErrors() {
    QFile f(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto all = test::analyzeText(f.readAll().toStdString());
    for (const auto& d : all) QVERIFY2(d.level != model::Level::Error, d.message.c_str());
  }
};

QTEST_GUILESS_MAIN(GraphChecksTest)
#include "tst_graph_checks.moc"
