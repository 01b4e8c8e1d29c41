// AuthorizationPolicy evaluation: DENY first, ALLOW required when present.
#include <QtTest>

#include "authz/authorizer.h"
#include "config/config_parser.h"
#include "tls/tls_contexts.h"

using namespace mp;

namespace {
std::vector<AuthzPolicy> policies(const std::string& yaml) {
  std::string y = "listeners:\n  - name: in\n    kind: inbound\n    port: 15006\n    forwardTo: {port: 8080}\n    authorization:\n" + yaml;
  // moc mistakes a slash-star inside raw strings for a comment: spell it STAR.
  for (size_t p; (p = y.find("STAR")) != std::string::npos;) y.replace(p, 4, "*");
  auto r = parseConfig(y);
  if (!r) qFatal("%s", r.error().c_str());
  return (*r)->listeners[0].authorization;
}
AuthzRequest req(const std::string& principal, const std::string& method, const std::string& path) {
  AuthzRequest r;
  r.principal = principal;
  r.sourceNamespace = namespaceOf(principal);
  r.method = method;
  r.path = path;
  r.port = 8080;
  return r;
}
const std::string kWeb = "cluster.local/ns/shop/sa/web";
const std::string kBot = "cluster.local/ns/bots/sa/crawler";
}  // namespace

class TstAuthorizer : public QObject {
  Q_OBJECT
 private slots:
  void noPoliciesAllows() { QVERIFY(authorize({}, req("", "GET", "/")).allowed); }

  void denyBeforeAllow() {
    auto p = policies(R"(
      - {name: allow-all, action: ALLOW, rules: [{}]}
      - name: deny-admin
        action: DENY
        rules: [{to: [{operation: {paths: ["/admin*"]}}]}]
)");
    QVERIFY(authorize(p, req(kWeb, "GET", "/x")).allowed);
    auto d = authorize(p, req(kWeb, "GET", "/admin/users"));
    QVERIFY(!d.allowed);
    QCOMPARE(d.policy, std::string("deny-admin"));
  }

  void allowMustMatchWhenPresent() {
    auto p = policies(R"(
      - name: web-reads
        action: ALLOW
        rules:
          - from: [{source: {principals: ["cluster.local/ns/shop/sa/web"]}}]
            to: [{operation: {methods: [GET, HEAD], paths: ["/api/STAR", "STAR.html"]}}]
)");
    QVERIFY(authorize(p, req(kWeb, "GET", "/api/items")).allowed);
    QVERIFY(authorize(p, req(kWeb, "GET", "/index.html")).allowed);
    QVERIFY(!authorize(p, req(kWeb, "POST", "/api/items")).allowed);
    QVERIFY(!authorize(p, req(kBot, "GET", "/api/items")).allowed);
    QVERIFY(!authorize(p, req("", "GET", "/api/items")).allowed);  // plaintext: no principal
  }

  void allowWithoutRulesDeniesAll() {
    auto p = policies("      - {name: nothing, action: ALLOW}\n");
    QVERIFY(!authorize(p, req(kWeb, "GET", "/")).allowed);
  }

  void namespacesNotValuesAndConditions() {
    auto p = policies(R"(
      - name: ns
        action: ALLOW
        rules:
          - from: [{source: {namespaces: ["shop"], notPrincipals: ["cluster.local/ns/shop/sa/batch"]}}]
            when: [{key: "request.headers[x-token]", values: ["s3cret"]}]
)");
    AuthzRequest r = req(kWeb, "GET", "/");
    mp::Fields h;
    r.headers = &h;
    QVERIFY(!authorize(p, r).allowed);  // condition header missing
    h.set("x-token", "s3cret");
    QVERIFY(authorize(p, r).allowed);
    // A second copy is seen too: Envoy's RBAC matches the values joined with ','.
    h.insert("x-token", "other");
    QVERIFY(!authorize(p, r).allowed);
    h.set("x-token", "s3cret");
    r.principal = "cluster.local/ns/shop/sa/batch";
    QVERIFY(!authorize(p, r).allowed);
    r = req(kBot, "GET", "/");
    r.headers = &h;
    QVERIFY(!authorize(p, r).allowed);
  }

  void patterns() {
    QVERIFY(authzValueMatches("*", "x"));
    QVERIFY(!authzValueMatches("*", ""));
    QVERIFY(authzValueMatches("/a*", "/a/b"));
    QVERIFY(authzValueMatches("*.png", "/img/x.png"));
    QVERIFY(!authzValueMatches("*.png", "/img/x.jpg"));
    QVERIFY(authzValueMatches("/exact", "/exact"));
    QVERIFY(!authzValueMatches("/exact", "/exact/"));
  }
};

QTEST_GUILESS_MAIN(TstAuthorizer)
#include "tst_authorizer.moc"
