// VirtualService analyzers: IST0101 (host, host:port, host+subset, gateway), IST0109, IST0112,
// IST0132. Each fires on one input and stays silent on a close variant.
#include <QtTest>

#include "ist_test_util.h"

using namespace ms;
using model::Level;

namespace {

// Services reviews (one port) and multi (two ports), a reviews-v1 pod, and subset v1.
const std::string kServices = R"(apiVersion: v1
kind: Service
metadata:
  name: reviews
spec:
  selector:
    app: reviews
  ports:
  - name: http
    port: 9080
---
apiVersion: v1
kind: Service
metadata:
  name: multi
spec:
  selector:
    app: multi
  ports:
  - name: http
    port: 80
  - name: http-admin
    port: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
spec:
  selector:
    matchLabels:
      app: reviews
  template:
    metadata:
      labels:
        app: reviews
        version: v1
    spec:
      containers:
      - name: reviews
        image: reviews
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
---
)";

std::string routeTo(const std::string& destination) {
  return R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
)" + destination;
}

}  // namespace

class IstVirtualServiceTest : public QObject {
  Q_OBJECT

 private slots:
  void unknownHostFires() {
    const std::string yaml = kServices + routeTo("        host: ratingz\n");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0101", Level::Error, "VirtualService", "default/vs",
                  lineOf(yaml, "host: ratingz"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0101")[0].message),
             QString("Referenced host not found: \"ratingz\""));
  }
  void knownHostIsSilent() {
    const auto all = test::runIstioAnalyzers(kServices + routeTo("        host: reviews\n"));
    MS_EXPECT_NONE(all, "IST0101");
  }
  // Istio expands only names without dots; "reviews.default" is taken as written, and no
  // service has that host.
  void namespaceQualifiedShortNameIsNotExpanded() {
    const auto all =
        test::runIstioAnalyzers(kServices + routeTo("        host: reviews.default\n"));
    QCOMPARE(int(test::withCode(all, "IST0101").size()), 1);
    MS_EXPECT_NONE(test::runIstioAnalyzers(
                       kServices + routeTo("        host: reviews.default.svc.cluster.local\n")),
                   "IST0101");
  }
  void serviceEntryHostIsKnown() {
    const std::string se = R"(apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: api
spec:
  hosts:
  - "*.example.com"
  addresses:
  - 10.0.0.1
  ports:
  - number: 443
    name: https
    protocol: HTTPS
---
)";
    const std::string vs = routeTo("        host: api.example.com\n");
    MS_EXPECT_NONE(test::runIstioAnalyzers(kServices + se + vs), "IST0101");
    MS_EXPECT_ONE(test::runIstioAnalyzers(kServices + vs), "IST0101", Level::Error,
                  "VirtualService", "default/vs", lineOf(kServices + vs, "host: api.example.com"));
  }
  // Istio exports a ServiceEntry to its own namespace only when exportTo says ".".
  void serviceEntryExportedElsewhereIsNotVisible() {
    const std::string se = R"(apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: api
  namespace: other
spec:
  hosts:
  - api.example.com
  exportTo:
  - "."
  location: MESH_EXTERNAL
  ports:
  - number: 443
    name: https
    protocol: HTTPS
---
)";
    const auto all =
        test::runIstioAnalyzers(kServices + se + routeTo("        host: api.example.com\n"));
    QCOMPARE(int(test::withCode(all, "IST0101").size()), 1);
  }
  void unknownPortFires() {
    const std::string yaml =
        kServices + routeTo("        host: reviews\n        port:\n          number: 9999\n");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0101", Level::Error, "VirtualService", "default/vs",
                  lineOf(yaml, "host: reviews\n        port"));
    QVERIFY(test::withCode(all, "IST0101")[0].message.find(
                "host:port not found: \"reviews:9999\"") != std::string::npos);
  }
  void knownPortIsSilent() {
    const std::string yaml =
        kServices + routeTo("        host: reviews\n        port:\n          number: 9080\n");
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0101");
  }
  void multiPortWithoutPortFires() {
    const std::string yaml = kServices + routeTo("        host: multi\n");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0112", Level::Error, "VirtualService", "default/vs",
                  lineOf(yaml, "host: multi"));
    QCOMPARE(
        QString::fromStdString(test::withCode(all, "IST0112")[0].message),
        QString("This VirtualService routes to a service \"multi\" that exposes multiple ports "
                "[80 8080]. Specifying a port in the destination is required to disambiguate."));
  }
  void multiPortWithPortIsSilent() {
    const std::string yaml =
        kServices + routeTo("        host: multi\n        port:\n          number: 80\n");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_NONE(all, "IST0112");
    MS_EXPECT_NONE(all, "IST0101");
  }
  void unknownSubsetFires() {
    const std::string yaml = kServices + routeTo("        host: reviews\n        subset: v4\n");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0101", Level::Error, "VirtualService", "default/vs",
                  lineOf(yaml, "host: reviews\n        subset"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0101")[0].message),
             QString("Referenced host+subset in destinationrule not found: \"reviews+v4\""));
  }
  void knownSubsetIsSilent() {
    const std::string fqdn =
        routeTo("        host: reviews.default.svc.cluster.local\n        subset: v1\n");
    MS_EXPECT_NONE(test::runIstioAnalyzers(kServices + fqdn), "IST0101");
  }
  void mirrorSubsetFires() {
    const std::string yaml = kServices + routeTo("        host: reviews\n") +
                             "    mirror:\n      host: reviews\n      subset: v9\n";
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0101", Level::Error, "VirtualService", "default/vs",
                  lineOf(yaml, "mirror:") + 1);
    QVERIFY(test::withCode(all, "IST0101")[0].message.find("mirror+subset") != std::string::npos);
  }

  void missingGatewayFires() {
    const std::string yaml =
        kServices + routeTo("        host: reviews\n") + "  gateways:\n  - nope\n";
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0101", Level::Error, "VirtualService", "default/vs",
                  lineOf(yaml, "- nope"));
    // Istio also finds none of the hosts in a gateway that does not exist.
    MS_EXPECT_ONE(all, "IST0132", Level::Warning, "VirtualService", "default/vs",
                  lineOf(yaml, "- nope"));
  }
  void gatewayWithHostIsSilent() {
    const std::string yaml = kServices + gateway("\"*\"") + routeTo("        host: reviews\n") +
                             "  gateways:\n  - istio-system/gw\n  - mesh\n";
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_NONE(all, "IST0101");
    MS_EXPECT_NONE(all, "IST0132");
  }
  void gatewayWithoutHostFires() {
    const std::string yaml = kServices + gateway("bookinfo.example.com") +
                             routeTo("        host: reviews\n") +
                             "  gateways:\n  - istio-system/gw\n";
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_NONE(all, "IST0101");
    MS_EXPECT_ONE(all, "IST0132", Level::Warning, "VirtualService", "default/vs",
                  lineOf(yaml, "- istio-system/gw"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0132")[0].message),
             QString("one or more host [reviews] defined in VirtualService default/vs not found in "
                     "Gateway istio-system/gw."));
  }
  // "ns/host" gateway hosts only offer the host to VirtualServices of that namespace.
  void gatewayHostOfOtherNamespaceFires() {
    const std::string yaml = kServices + gateway("other/reviews") +
                             routeTo("        host: reviews\n") +
                             "  gateways:\n  - istio-system/gw\n";
    QCOMPARE(int(test::withCode(test::runIstioAnalyzers(yaml), "IST0132").size()), 1);
    const std::string same = kServices + gateway("default/reviews") +
                             routeTo("        host: reviews\n") +
                             "  gateways:\n  - istio-system/gw\n";
    MS_EXPECT_NONE(test::runIstioAnalyzers(same), "IST0132");
  }

  void meshHostConflictFires() {
    const std::string yaml = kServices + routeTo("        host: reviews\n") + "---\n" +
                             renamed(routeTo("        host: reviews\n"), "vs2");
    const auto all = test::runIstioAnalyzers(yaml);
    const auto found = test::withCode(all, "IST0109");
    QCOMPARE(int(found.size()), 2);
    QCOMPARE(int(found[0].level), int(Level::Error));
    QCOMPARE(found[0].where.line, lineOf(yaml, "name: vs\n"));
    QCOMPARE(found[1].where.line, lineOf(yaml, "name: vs2"));
    QCOMPARE(QString::fromStdString(found[0].message),
             QString("The VirtualServices default/vs,default/vs2 associated with mesh gateway "
                     "define the same host */reviews.default.svc.cluster.local which can lead to "
                     "undefined behavior. This can be fixed by merging the conflicting "
                     "VirtualServices into a single resource."));
  }
  void gatewayOnlyHostIsNoConflict() {
    const std::string yaml = kServices + gateway("\"*\"") + routeTo("        host: reviews\n") +
                             "---\n" + renamed(routeTo("        host: reviews\n"), "vs2") +
                             "  gateways:\n  - istio-system/gw\n";
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0109");
  }
  void exportedToDifferentNamespacesIsNoConflict() {
    const std::string yaml =
        kServices + routeTo("        host: reviews\n") + "  exportTo:\n  - a\n---\n" +
        renamed(routeTo("        host: reviews\n"), "vs2") + "  exportTo:\n  - b\n";
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0109");
  }

  // A host visible in one namespace clashes with the same host exported everywhere, whatever
  // namespace declares it.
  void namespaceScopedHostClashesWithExportedHost() {
    std::string other = renamed(routeTo("        host: reviews\n"), "vs2");
    other = test::replaced(other, "  name: vs2\n", "  name: vs2\n  namespace: team\n");
    other = test::replaced(other, "  - reviews\n", "  - reviews.default.svc.cluster.local\n");
    const std::string yaml =
        kServices + routeTo("        host: reviews\n") + "  exportTo:\n  - \".\"\n---\n" + other;
    const auto found = test::withCode(test::runIstioAnalyzers(yaml), "IST0109");
    QCOMPARE(int(found.size()), 2);
    QVERIFY(found[0].message.find("default/vs,team/vs2") != std::string::npos);
    QVERIFY(found[0].message.find("host default/reviews.default.svc.cluster.local") !=
            std::string::npos);
  }

 private:
  static std::string gateway(const std::string& host) {
    return R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 8080
      name: http
      protocol: HTTP
    hosts:
    - )" + host +
           "\n---\n";
  }
  static std::string renamed(std::string vs, const std::string& name) {
    return test::replaced(vs, "name: vs", "name: " + name);
  }
  static int lineOf(const std::string& yaml, const std::string& marker) {
    return test::lineOf(yaml, marker);
  }
};

QTEST_GUILESS_MAIN(IstVirtualServiceTest)
#include "tst_ist_virtual_service.moc"
