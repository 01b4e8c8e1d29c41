// VirtualService matching, weighted choice and the retry decision/back-off.
#include <QtTest>
#include <random>

#include "config/config_parser.h"
#include "router/retry_state.h"
#include "router/route_matcher.h"
#include "router/weighted_choice.h"

using namespace mp;
namespace http = boost::beast::http;

namespace {
SnapshotPtr parse(const std::string& routes) {
  std::string y = R"(
listeners: [{name: out, kind: outbound, port: 15001, routeTable: rt}]
clusters: [{name: a, endpoints: [{address: 127.0.0.2, port: 1}]}, {name: b, endpoints: [{address: 127.0.0.3, port: 1}]}]
routeTables:
  - name: rt
    virtualHosts:
      - name: svc
        domains: [svc, "svc:9080", "*.example.com", "*.com"]
        routes:
)" + routes;
  auto r = parseConfig(y);
  if (!r) qFatal("%s", r.error().c_str());
  return *r;
}

struct Req {
  mp::Fields h;
  std::string method = "GET", target = "/", authority = "svc";
  uint16_t port = 15001;
  Labels labels;
  RequestView view() const { return {method, target, authority, "http", &h, port, &labels}; }
};

std::string routeFor(const SnapshotPtr& s, const Req& r) {
  const Route* route = findRoute(s->routeTables[0].virtualHosts[0], r.view());
  return route ? route->name : std::string("<none>");
}
}  // namespace

class TstRouteMatcher : public QObject {
  Q_OBJECT
 private slots:
  void firstMatchWinsBlocksOredFieldsAnded() {
    auto s = parse(R"(
          - name: both
            match: [{uri: {prefix: /api}, method: {exact: POST}}, {headers: {x-canary: {exact: "1"}}}]
            route: [{cluster: a}]
          - name: api
            match: [{uri: {prefix: /api}}]
            route: [{cluster: b}]
          - name: rest
            route: [{cluster: b}]
)");
    Req r;
    r.target = "/api/x";
    QCOMPARE(routeFor(s, r), std::string("api"));  // GET: first block fails on method
    r.method = "POST";
    QCOMPARE(routeFor(s, r), std::string("both"));
    r.method = "GET";
    r.target = "/other";
    r.h.set("x-canary", "1");
    QCOMPARE(routeFor(s, r), std::string("both"));  // second block alone
    r.h.erase("x-canary");
    QCOMPARE(routeFor(s, r), std::string("rest"));
  }

  void stringMatchKinds() {
    auto s = parse(R"(
          - name: exact
            match: [{uri: {exact: /a}}]
            route: [{cluster: a}]
          - name: regex
            match: [{uri: {regex: "/r/[0-9]+"}}]
            route: [{cluster: a}]
          - name: nocase
            match: [{uri: {prefix: /CaSe}, ignoreUriCase: true}]
            route: [{cluster: a}]
)");
    Req r;
    r.target = "/a";
    QCOMPARE(routeFor(s, r), std::string("exact"));
    r.target = "/a/b";
    QCOMPARE(routeFor(s, r), std::string("<none>"));
    r.target = "/r/123?q=1";  // the query is not part of the uri match
    QCOMPARE(routeFor(s, r), std::string("regex"));
    r.target = "/r/123x";  // RE2 full match, not partial
    QCOMPARE(routeFor(s, r), std::string("<none>"));
    r.target = "/case/sensitive";
    QCOMPARE(routeFor(s, r), std::string("nocase"));
  }

  void headersPresenceWithoutHeadersQueryPortSourceLabels() {
    auto s = parse(R"(
          - name: present
            match: [{headers: {x-debug: {}}, withoutHeaders: {x-skip: {exact: "yes"}}}]
            route: [{cluster: a}]
          - name: query
            match: [{queryParams: {user: {exact: jason}}}]
            route: [{cluster: a}]
          - name: port
            match: [{port: 9999}]
            route: [{cluster: a}]
          - name: labels
            match: [{sourceLabels: {app: web}}]
            route: [{cluster: a}]
)");
    Req r;
    r.h.set("x-debug", "");
    QCOMPARE(routeFor(s, r), std::string("present"));
    r.h.set("x-skip", "yes");
    QCOMPARE(routeFor(s, r), std::string("<none>"));
    r.h.set("x-skip", "no");
    QCOMPARE(routeFor(s, r), std::string("present"));
    r.h.clear();
    r.target = "/p?x=1&user=jason";
    QCOMPARE(routeFor(s, r), std::string("query"));
    r.target = "/p?user=jasonx";
    QCOMPARE(routeFor(s, r), std::string("<none>"));
    r.port = 9999;
    QCOMPARE(routeFor(s, r), std::string("port"));
    r.port = 15001;
    r.labels = {{"app", "web"}, {"version", "v1"}};
    QCOMPARE(routeFor(s, r), std::string("labels"));
  }

  // Envoy matches a header that arrives more than once on all its values
  // joined with ',' (CVE-2020-25017): a second copy can neither hide from a
  // rule nor sneak past one that looked at the first copy only.
  void repeatedHeadersAreMatchedJoined() {
    auto s = parse(R"(
          - name: user-only
            match: [{uri: {exact: /a}, headers: {x-role: {exact: user}}}]
            route: [{cluster: a}]
          - name: joined
            match: [{uri: {exact: /b}, headers: {x-role: {regex: "user,admin"}}}]
            route: [{cluster: a}]
          - name: not-user
            match: [{uri: {exact: /c}, withoutHeaders: {x-role: {exact: user}}}]
            route: [{cluster: a}]
)");
    Req r;
    auto at = [&](const char* path) {
      r.target = path;
      return routeFor(s, r);
    };
    r.h.insert("x-role", "user");
    QCOMPARE(at("/a"), std::string("user-only"));
    QCOMPARE(at("/c"), std::string("<none>"));
    r.h.insert("x-other", "between");  // not part of x-role's value
    r.h.insert("X-Role", "admin");  // names are case-insensitive
    QCOMPARE(at("/a"), std::string("<none>"));   // "user,admin" is not "user"
    QCOMPARE(at("/b"), std::string("joined"));   // in arrival order, x-other left out
    QCOMPARE(at("/c"), std::string("not-user"));
  }

  // Istio turns withoutHeaders into Envoy header matchers with invert_match
  // and, for every kind but presence ({} or regex "*"), also
  // treat_missing_header_as_empty. An absent header is therefore matched as
  // the empty value: a value match that accepts "" excludes the route, one
  // that does not keeps it; a presence match keeps it.
  void withoutHeadersWithAbsentHeaderFollowsIstio() {
    auto s = parse(R"(
          - name: not-yes
            match: [{uri: {exact: /a}, withoutHeaders: {x-flag: {exact: "yes"}}}]
            route: [{cluster: a}]
          - name: not-empty
            match: [{uri: {exact: /b}, withoutHeaders: {x-flag: {exact: ""}}}]
            route: [{cluster: a}]
          - name: not-anything
            match: [{uri: {exact: /c}, withoutHeaders: {x-flag: {regex: ".*"}}}]
            route: [{cluster: a}]
          - name: not-prefix-empty
            match: [{uri: {exact: /d}, withoutHeaders: {x-flag: {prefix: ""}}}]
            route: [{cluster: a}]
          - name: not-present
            match: [{uri: {exact: /e}, withoutHeaders: {x-flag: {}}}]
            route: [{cluster: a}]
          - name: not-digits
            match: [{uri: {exact: /f}, withoutHeaders: {x-flag: {regex: "[0-9]+"}}}]
            route: [{cluster: a}]
)");
    Req r;  // no x-flag at all
    auto at = [&](const char* path) {
      r.target = path;
      return routeFor(s, r);
    };
    QCOMPARE(at("/a"), std::string("not-yes"));    // "" is not "yes": kept
    QCOMPARE(at("/b"), std::string("<none>"));     // "" is "": excluded
    QCOMPARE(at("/c"), std::string("<none>"));     // .* matches "": excluded
    QCOMPARE(at("/d"), std::string("<none>"));     // every value starts with "": excluded
    QCOMPARE(at("/e"), std::string("not-present"));  // absent is "not present": kept
    QCOMPARE(at("/f"), std::string("not-digits"));   // "" is no digits: kept
    // Present headers are matched on their value, as before.
    r.h.set("x-flag", "yes");
    QCOMPARE(at("/a"), std::string("<none>"));
    QCOMPARE(at("/b"), std::string("not-empty"));
    QCOMPARE(at("/e"), std::string("<none>"));
    r.h.set("x-flag", "");
    QCOMPARE(at("/b"), std::string("<none>"));
    QCOMPARE(at("/e"), std::string("<none>"));  // present, even empty
  }

  void virtualHostLookup() {
    auto s = parse("          - route: [{cluster: a}]\n");
    const RouteTable& t = s->routeTables[0];
    QVERIFY(findVirtualHost(t, "svc"));
    QVERIFY(findVirtualHost(t, "SVC:9080"));
    QVERIFY(findVirtualHost(t, "svc:1234"));  // domain without port matches any port
    QVERIFY(findVirtualHost(t, "x.example.com"));
    QVERIFY(findVirtualHost(t, "X.Example.COM:80"));  // wildcards too ignore case and port
    QVERIFY(findVirtualHost(t, "other.com"));
    QVERIFY(!findVirtualHost(t, "unknown"));
  }

  void weightedChoiceIsProportional() {
    std::vector<Destination> d(2);
    d[0].weight = 90;
    d[1].weight = 10;
    std::mt19937_64 rng(42);
    int second = 0;
    for (int i = 0; i < 100000; ++i) second += pickWeighted(d, rng()) == 1;
    QVERIFY2(std::abs(second - 10000) < 500, qPrintable(QString::number(second)));
    d[1].weight = 0;
    for (int i = 0; i < 1000; ++i) QCOMPARE(pickWeighted(d, rng()), size_t(0));
  }

  void retryOnSemantics() {
    RetryPolicy def;  // Istio default
    using K = TryOutcome::Kind;
    QVERIFY(retryOnCovers(def, {K::ConnectFailure, 0}));
    QVERIFY(!retryOnCovers(def, {K::Response, 503}));  // 503 not retried by default
    QVERIFY(!retryOnCovers(def, {K::Reset, 0}));
    RetryPolicy p;
    p.retryOn = kRetry5xx;
    QVERIFY(retryOnCovers(p, {K::Response, 500}));
    QVERIFY(retryOnCovers(p, {K::Timeout, 0}));
    QVERIFY(!retryOnCovers(p, {K::Response, 404}));
    QVERIFY(!retryOnCovers(p, {K::Overflow, 0}));
    p.retryOn = kRetryGatewayError;
    QVERIFY(retryOnCovers(p, {K::Response, 502}));
    QVERIFY(!retryOnCovers(p, {K::Response, 500}));
    p.retryOn = kRetryRetriable4xx;
    QVERIFY(retryOnCovers(p, {K::Response, 409}));
    p.retryOn = kRetryRetriableStatusCodes;
    p.retriableStatusCodes = {418};
    QVERIFY(retryOnCovers(p, {K::Response, 418}));
  }

  void backoffIsFullyJitteredAndCapped() {
    std::mt19937_64 rng(7);
    Millis max1{0}, max2{0}, maxN{0};
    for (int i = 0; i < 5000; ++i) {
      max1 = std::max(max1, retryBackoff(1, rng()));
      max2 = std::max(max2, retryBackoff(2, rng()));
      maxN = std::max(maxN, retryBackoff(10, rng()));
    }
    QCOMPARE(max1.count(), 25);   // [0, 25]
    QCOMPARE(max2.count(), 75);   // [0, 75]
    QCOMPARE(maxN.count(), 250);  // capped
  }
};

QTEST_GUILESS_MAIN(TstRouteMatcher)
#include "tst_route_matcher.moc"
