// Config parsing: the documented example parses into the expected snapshot;
// every kind of mistake is rejected with the path of the offending node.
#include <QtTest>
#include <fstream>
#include <sstream>

#include "config/config_parser.h"

using namespace mp;

namespace {
std::string base() {
  return R"(
version: "7"
node: {workload: web, namespace: shop, labels: {app: web, version: v2}}
listeners:
  - {name: out, kind: outbound, address: 127.0.0.1, port: 15001, routeTable: rt}
routeTables:
  - name: rt
    virtualHosts:
      - name: svc
        domains: [svc]
        routes:
          - route: [{cluster: svc}]
clusters:
  - name: svc
    endpoints: [{address: 127.0.0.2, port: 8080}]
)";
}

std::string errorOf(const std::string& yaml) {
  auto r = parseConfig(yaml);
  return r ? std::string("<accepted>") : r.error();
}
}  // namespace

class TstConfigParser : public QObject {
  Q_OBJECT
 private slots:
  void documentedExampleParses() {
    std::ifstream in(std::string(MS_SOURCE_DIR) + "/docs/proxy-config.md");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    // The first ```yaml block of the document is the full example.
    auto start = doc.find("```yaml\n");
    QVERIFY(start != std::string::npos);
    start += 8;
    auto end = doc.find("```", start);
    auto r = parseConfig(doc.substr(start, end - start));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    const Snapshot& s = **r;
    QCOMPARE(s.listeners.size(), size_t(3));
    QVERIFY(s.listener("inbound")->tlsMode == PeerAuthMode::Strict);
    QVERIFY(!s.clusters.empty());
  }

  void defaultsFollowIstio() {
    auto r = parseConfig(base());
    QVERIFY(r.ok());
    const Route& route = (*r)->routeTables[0].virtualHosts[0].routes[0];
    QCOMPARE(route.retries.attempts, 2u);  // Istio's default retry policy
    QVERIFY(route.retries.retryOn & kRetryConnectFailure);
    QVERIFY(route.retries.retryOn & kRetryRefusedStream);
    QVERIFY(!(route.retries.retryOn & kRetry5xx));
    QVERIFY(route.retries.retriableStatusCodes.empty());  // no 503 by default
    QVERIFY(!route.timeout);                              // Istio: no route timeout
    const Cluster& c = (*r)->clusters[0];
    QVERIFY(c.policy.lb.kind == LbPolicy::Kind::LeastRequest);
    QCOMPARE(c.policy.outlier.consecutive5xx, 5u);
    QCOMPARE(c.policy.outlier.baseEjectionTime.count(), 30000);
    QCOMPARE(c.policy.outlier.interval.count(), 10000);
    QCOMPARE(c.policy.outlier.maxEjectionPercent, 10u);
    QCOMPARE((*r)->node.version, std::string("v2"));
  }

  void retryOnParsesNamesAndCodes() {
    std::string y = base();
    y.replace(y.find("- route: [{cluster: svc}]"), 25,
              "- route: [{cluster: svc}]\n            retries: {attempts: 3, perTryTimeout: 1.5s, retryOn: \"5xx,reset,503, 409\"}");
    auto r = parseConfig(y);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    const RetryPolicy& p = (*r)->routeTables[0].virtualHosts[0].routes[0].retries;
    QCOMPARE(p.attempts, 3u);
    QCOMPARE(p.perTryTimeout->count(), 1500);
    QVERIFY(p.retryOn & kRetry5xx);
    QVERIFY(p.retryOn & kRetryReset);
    QVERIFY(p.retryOn & kRetryRetriableStatusCodes);
    QCOMPARE(p.retriableStatusCodes, (std::vector<uint32_t>{503, 409}));
  }

  void errorsNameTheNode_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("port range") << "port: 8080}" << "port: 99999}" << "clusters[0].endpoints[0].port";
    QTest::newRow("unknown kind") << "kind: outbound" << "kind: sideways" << "listeners[0].kind";
    QTest::newRow("missing cluster") << "{cluster: svc}" << "{cluster: nope}" << "no cluster named 'nope'";
    QTest::newRow("bad subset") << "{cluster: svc}" << "{cluster: svc, subset: v9}" << "has no subset 'v9'";
    QTest::newRow("bad regex") << "- route: [{cluster: svc}]" << "- match: [{uri: {regex: \"([a-\"}}]\n            route: [{cluster: svc}]" << "invalid RE2 regex";
    QTest::newRow("unknown match field") << "- route: [{cluster: svc}]" << "- match: [{urx: {exact: /}}]\n            route: [{cluster: svc}]" << "unknown match field 'urx'";
    QTest::newRow("bad duration") << "- route: [{cluster: svc}]" << "- route: [{cluster: svc}]\n            timeout: 5 parsecs" << "unknown duration unit";
    QTest::newRow("bad retryOn") << "- route: [{cluster: svc}]" << "- route: [{cluster: svc}]\n            retries: {retryOn: sometimes}" << "unknown retryOn condition 'sometimes'";
    QTest::newRow("no action") << "- route: [{cluster: svc}]" << "- name: nothing" << "needs exactly one of route, redirect, directResponse";
    QTest::newRow("zero weights") << "[{cluster: svc}]" << "[{cluster: svc, weight: 0}]" << "weights sum to zero";
    QTest::newRow("yaml syntax") << "domains: [svc]" << "domains: [svc" << "line ";
    QTest::newRow("duplicate bind") << "routeTable: rt}" << "routeTable: rt}\n  - {name: out2, kind: outbound, address: 127.0.0.1, port: 15001, routeTable: rt}" << "already used";
    QTest::newRow("inbound needs forwardTo") << "kind: outbound" << "kind: inbound" << "forwardTo";
    QTest::newRow("bad mtls") << "routeTable: rt}" << "routeTable: rt, mtls: MAYBE}" << "listeners[0].mtls";
  }
  void errorsNameTheNode() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    std::string y = base();
    auto at = y.find(from.toStdString());
    QVERIFY(at != std::string::npos);
    y.replace(at, from.size(), to.toStdString());
    const std::string err = errorOf(y);
    QVERIFY2(err.find(expected.toStdString()) != std::string::npos, err.c_str());
  }

  void durations() {
    std::string y = base();
    y.replace(y.find("- route: [{cluster: svc}]"), 25, "- route: [{cluster: svc}]\n            timeout: 250ms");
    QCOMPARE((*parseConfig(y))->routeTables[0].virtualHosts[0].routes[0].timeout->count(), 250);
    y.replace(y.find("250ms"), 5, "2m");
    QCOMPARE((*parseConfig(y))->routeTables[0].virtualHosts[0].routes[0].timeout->count(), 120000);
  }

  void subsetPolicyOverridesService() {
    std::string y = base();
    y += R"(    trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}, connectionPool: {tcp: {maxConnections: 7}}}
    subsets:
      - {name: v1, labels: {version: v1}, trafficPolicy: {loadBalancer: {simple: RANDOM}}}
)";
    auto r = parseConfig(y);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    const Subset& s = (*r)->clusters[0].subsets[0];
    QVERIFY(s.policy.lb.kind == LbPolicy::Kind::Random);
    QCOMPARE(s.policy.pool.maxConnections, 7u);  // inherited where not overridden
  }
};

QTEST_GUILESS_MAIN(TstConfigParser)
#include "tst_config_parser.moc"
