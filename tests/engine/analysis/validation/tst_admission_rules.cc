// Istio's admission rules (IST0106): each case fires on a bad input, at the offending line,
// and stays silent on the same input corrected.
#include <QtTest>

#include "analyze_text.h"

using namespace ms;

namespace {

const char* kVsHead = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n";
const char* kDrHead = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n";

struct Case {
  const char* name;
  std::string bad, good;
  const char* messagePart;
  int line;  // where the finding must point
};

std::vector<Case> cases() {
  const std::string vs = kVsHead, dr = kDrHead;
  const std::string route2 =
      "  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n"
      "      weight: 90\n    - destination: {host: reviews, subset: v2}\n      weight: ";
  const std::string ap = "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\nspec:\n";
  return {
      {"weights must sum to 100", vs + route2 + "20\n", vs + route2 + "10\n", "total destination weight 110 != 100", 8},
      {"weight above 100", vs + "  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n      weight: 101\n",
       vs + "  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n      weight: 100\n",
       "weight 101 must be between 0 and 100", 10},
      {"bad duration", vs + "  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n    timeout: 5 seconds\n",
       vs + "  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n    timeout: 5s\n", "is not a duration", 10},
      {"bad RE2 regex", vs + "  hosts: [a]\n  http:\n  - match:\n    - uri: {regex: \"/a(\"}\n    route:\n    - destination: {host: a}\n",
       vs + "  hosts: [a]\n  http:\n  - match:\n    - uri: {regex: \"/a(b)\"}\n    route:\n    - destination: {host: a}\n",
       "not a valid regular expression", 9},
      {"RE2 rejects backreferences", vs + "  hosts: [a]\n  http:\n  - match:\n    - uri: {regex: \"(a)\\\\1\"}\n    route:\n    - destination: {host: a}\n",
       vs + "  hosts: [a]\n  http:\n  - match:\n    - uri: {regex: \"(a)a\"}\n    route:\n    - destination: {host: a}\n",
       "RE2", 9},
      {"route and redirect", vs + "  hosts: [a]\n  http:\n  - redirect: {uri: /b}\n    route:\n    - destination: {host: a}\n",
       vs + "  hosts: [a]\n  http:\n  - redirect: {uri: /b}\n", "both route and redirect", 8},
      {"rewrite with redirect", vs + "  hosts: [a]\n  http:\n  - redirect: {uri: /b}\n    rewrite: {uri: /c}\n",
       vs + "  hosts: [a]\n  http:\n  - redirect: {uri: /b}\n", "rewrite and redirect", 8},
      {"directResponse with route", vs + "  hosts: [a]\n  http:\n  - directResponse: {status: 503}\n    route:\n    - destination: {host: a}\n",
       vs + "  hosts: [a]\n  http:\n  - directResponse: {status: 503}\n", "route and directResponse", 8},
      {"no route at all", vs + "  hosts: [a]\n  http:\n  - timeout: 1s\n",
       vs + "  hosts: [a]\n  http:\n  - timeout: 1s\n    route:\n    - destination: {host: a}\n", "is required", 8},
      {"exact and prefix together", vs + "  hosts: [a]\n  http:\n  - match:\n    - uri: {exact: /a, prefix: /b}\n    route:\n    - destination: {host: a}\n",
       vs + "  hosts: [a]\n  http:\n  - match:\n    - uri: {exact: /a}\n    route:\n    - destination: {host: a}\n", "only one of", 9},
      {"bad host form", vs + "  hosts: [\"rev*iews\"]\n  http:\n  - route:\n    - destination: {host: a}\n",
       vs + "  hosts: [\"*.reviews\"]\n  http:\n  - route:\n    - destination: {host: a}\n", "not a valid domain name", 6},
      {"mesh wildcard host", vs + "  hosts: [\"*\"]\n  http:\n  - route:\n    - destination: {host: a}\n",
       vs + "  hosts: [\"*\"]\n  gateways: [gw]\n  http:\n  - route:\n    - destination: {host: a}\n", "wildcard host *", 6},
      {"bad subset name", vs + "  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a, subset: V_1}\n",
       vs + "  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a, subset: v-1}\n", "DNS-1123", 9},
      {"bad retryOn", vs + "  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n    retries: {attempts: 3, retryOn: \"5xx,teapot\"}\n",
       vs + "  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n    retries: {attempts: 3, retryOn: \"5xx,503\"}\n",
       "\"teapot\" is not a retry policy", 10},
      {"abort status range", vs + "  hosts: [a]\n  http:\n  - fault:\n      abort: {httpStatus: 99, percentage: {value: 10}}\n    route:\n    - destination: {host: a}\n",
       vs + "  hosts: [a]\n  http:\n  - fault:\n      abort: {httpStatus: 503, percentage: {value: 10}}\n    route:\n    - destination: {host: a}\n",
       "between 200 and 599", 9},
      {"duplicate subset", dr + "  host: a\n  subsets:\n  - name: v1\n  - name: v1\n",
       dr + "  host: a\n  subsets:\n  - name: v1\n  - name: v2\n", "duplicate subset name", 9},
      {"maxEjectionPercent range", dr + "  host: a\n  trafficPolicy:\n    outlierDetection: {maxEjectionPercent: 120}\n",
       dr + "  host: a\n  trafficPolicy:\n    outlierDetection: {maxEjectionPercent: 100}\n", "between 0 and 100", 8},
      {"MUTUAL without certificates", dr + "  host: a\n  trafficPolicy:\n    tls: {mode: MUTUAL}\n",
       dr + "  host: a\n  trafficPolicy:\n    tls: {mode: MUTUAL, credentialName: c}\n", "MUTUAL", 8},
      {"CUSTOM without provider", ap + "  action: CUSTOM\n  rules:\n  - to:\n    - operation: {paths: [/a]}\n",
       ap + "  action: CUSTOM\n  provider: {name: ext}\n  rules:\n  - to:\n    - operation: {paths: [/a]}\n", "provider", 6},
      {"provider on ALLOW", ap + "  action: ALLOW\n  provider: {name: ext}\n  rules:\n  - {}\n",
       ap + "  action: ALLOW\n  rules:\n  - {}\n", "only allowed with the CUSTOM", 7},
      {"CUSTOM with request principals", ap + "  action: CUSTOM\n  provider: {name: ext}\n  rules:\n  - from:\n    - source: {requestPrincipals: [\"*\"]}\n",
       ap + "  action: CUSTOM\n  provider: {name: ext}\n  rules:\n  - from:\n    - source: {principals: [\"*\"]}\n",
       "not supported with the CUSTOM", 10},
      {"unknown condition key", ap + "  rules:\n  - when:\n    - key: request.colour\n      values: [red]\n",
       ap + "  rules:\n  - when:\n    - key: request.headers[colour]\n      values: [red]\n", "unknown attribute", 8},
      {"condition without values", ap + "  rules:\n  - when:\n    - key: source.ip\n",
       ap + "  rules:\n  - when:\n    - key: source.ip\n      values: [10.0.0.1]\n", "values", 8},
      {"serviceAccounts with principals", ap + "  rules:\n  - from:\n    - source: {serviceAccounts: [a], principals: [b]}\n",
       ap + "  rules:\n  - from:\n    - source: {serviceAccounts: [a]}\n", "Cannot set serviceAccounts", 8},
      {"port not a number", ap + "  rules:\n  - to:\n    - operation: {ports: [\"http\"]}\n",
       ap + "  rules:\n  - to:\n    - operation: {ports: [\"8080\"]}\n", "must be a number", 8},
      {"port-level mTLS without selector",
       "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  portLevelMtls:\n    \"8080\": {mode: DISABLE}\n",
       "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  selector: {matchLabels: {app: a}}\n  portLevelMtls:\n    \"8080\": {mode: DISABLE}\n",
       "cannot have port level mTLS", 5},
      {"HTTPS server without TLS",
       "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [\"*\"]\n",
       "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [\"*\"]\n    tls: {mode: SIMPLE, credentialName: c}\n",
       "must contain TLS settings", 6},
      {"ServiceEntry NONE with endpoints",
       "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: s}\nspec:\n  hosts: [a.example.com]\n  ports: [{number: 80, name: http}]\n  resolution: NONE\n  endpoints:\n  - address: 1.2.3.4\n",
       "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: s}\nspec:\n  hosts: [a.example.com]\n  ports: [{number: 80, name: http}]\n  resolution: STATIC\n  endpoints:\n  - address: 1.2.3.4\n",
       "NONE mode cannot set endpoints", 8},
      {"Sidecar egress host form",
       "apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s}\nspec:\n  egress:\n  - hosts: [\"reviews\"]\n",
       "apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s}\nspec:\n  egress:\n  - hosts: [\"./reviews\"]\n",
       "namespace/dnsName", 6},
      {"JWT rule without issuer",
       "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: j}\nspec:\n  jwtRules:\n  - jwksUri: https://a/jwks\n",
       "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: j}\nspec:\n  jwtRules:\n  - issuer: a\n    jwksUri: https://a/jwks\n",
       "issuer must be set", 6},
  };
}

}  // namespace

class AdmissionRulesTest : public QObject {
  Q_OBJECT

 private slots:
  void rule_data() {
    QTest::addColumn<int>("index");
    const auto all = cases();
    for (size_t i = 0; i < all.size(); ++i) QTest::newRow(all[i].name) << static_cast<int>(i);
  }

  void rule() {
    QFETCH(int, index);
    const Case c = cases()[static_cast<size_t>(index)];
    const auto bad = test::withCode(test::analyzeText(c.bad), "IST0106");
    QVERIFY2(!bad.empty(), "the rule did not fire");
    const auto hit = std::find_if(bad.begin(), bad.end(), [&](const model::Diagnostic& d) {
      return d.message.find(c.messagePart) != std::string::npos;
    });
    QVERIFY2(hit != bad.end(), bad.front().message.c_str());
    QCOMPARE(hit->level, model::Level::Error);
    QCOMPARE(hit->where.line, c.line);
    QCOMPARE(hit->where.file, std::string("test.yaml"));

    const auto good = test::withCode(test::analyzeText(c.good), "IST0106");
    QVERIFY2(good.empty(), good.empty() ? "" : good.front().message.c_str());
  }

  // A plain 75/25 canary is what users write most; it must pass.
  void validCanaryStaysSilent() {
    const auto found = test::withCode(
        test::analyzeText(kVsHead + std::string("  hosts: [reviews.prod.svc.cluster.local]\n  http:\n"
                                                "  - route:\n    - destination: {host: reviews, subset: v1}\n"
                                                "      weight: 75\n    - destination: {host: reviews, subset: v2}\n"
                                                "      weight: 25\n")),
        "IST0106");
    QVERIFY(found.empty());
  }
};

QTEST_GUILESS_MAIN(AdmissionRulesTest)
#include "tst_admission_rules.moc"
