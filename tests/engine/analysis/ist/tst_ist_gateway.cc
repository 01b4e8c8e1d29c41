// Gateway analyzers: IST0101 (selector), IST0138, IST0145, IST0162. The input has no ingress
// gateway of its own, so the implicit istio-ingressgateway Service (80->8080, 443->8443,
// 31400) and pod in istio-system stand in, as istioctl assumes.
#include <QtTest>

#include "ist_test_util.h"

using namespace ms;
using model::Level;

namespace {

std::string gateway(const std::string& name, const std::string& selector, int port,
                    const std::string& host, const std::string& tls = "") {
  return R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: )" +
         name + R"(
  namespace: istio-system
spec:
  selector:
    )" + selector +
         R"(
  servers:
  - port:
      number: )" +
         std::to_string(port) + R"(
      name: p
      protocol: HTTPS
    hosts:
    - )" +
         host + "\n" + tls + "---\n";
}

std::string credential(const std::string& name) {
  return "    tls:\n      mode: SIMPLE\n      credentialName: " + name + "\n";
}

std::string secret(const std::string& name, const std::string& ns) {
  return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\ntype: kubernetes.io/tls\n---\n";
}

}  // namespace

class IstGatewayTest : public QObject {
  Q_OBJECT

 private slots:
  void selectorWithoutPodsFires() {
    const std::string yaml = gateway("gw", "app: nothing", 8443, "a.example.com");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0101", Level::Error, "Gateway", "istio-system/gw",
                  test::lineOf(yaml, "app: nothing"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0101")[0].message),
             QString("Referenced selector not found: \"app=nothing\""));
    MS_EXPECT_NONE(all, "IST0162");  // Istio stops at the missing selector
  }
  void selectorWithPodsIsSilent() {
    MS_EXPECT_NONE(
        test::runIstioAnalyzers(gateway("gw", "istio: ingressgateway", 8443, "a.example.com")),
        "IST0101");
  }

  // The server port must be a target port of the Service: 80 is the Service port, 8080 the
  // port the gateway pod listens on.
  void servicePortInsteadOfTargetPortFires() {
    const std::string yaml = gateway("gw", "istio: ingressgateway", 80, "a.example.com");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0162", Level::Warning, "Gateway", "istio-system/gw",
                  test::lineOf(yaml, "istio: ingressgateway"));
    QCOMPARE(
        QString::fromStdString(test::withCode(all, "IST0162")[0].message),
        QString("The gateway is listening on a target port (port 80) that is not defined in the "
                "Service associated with its workload instances (Pod selector "
                "istio=ingressgateway). If you need to access the gateway port through the "
                "gateway Service, it will not be available."));
  }
  void targetPortIsSilent() {
    const auto all =
        test::runIstioAnalyzers(gateway("gw", "istio: ingressgateway", 8080, "a.example.com") +
                                gateway("gw2", "istio: ingressgateway", 31400, "b.example.com"));
    MS_EXPECT_NONE(all, "IST0162");
  }
  // A Service of the input replaces the implicit one; its UDP ports do not count.
  void ownServicePortsDecide() {
    const std::string svc = R"(apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  ports:
  - name: tcp-custom
    port: 9000
    targetPort: 9443
  - name: udp-dns
    port: 53
    protocol: UDP
---
)";
    MS_EXPECT_NONE(test::runIstioAnalyzers(
                       svc + gateway("gw", "istio: ingressgateway", 9443, "a.example.com")),
                   "IST0162");
    QCOMPARE(int(test::withCode(test::runIstioAnalyzers(svc + gateway("gw", "istio: ingressgateway",
                                                                      53, "a.example.com")),
                                "IST0162")
                     .size()),
             1);
  }

  // The Secret must be in the namespace of the gateway's pods (the implicit ingress gateway's
  // istio-system here), whatever namespace the Gateway is in.
  void missingCredentialFires() {
    std::string gw =
        gateway("gw", "istio: ingressgateway", 8443, "a.example.com", credential("cert"));
    gw = test::replaced(gw, "namespace: istio-system", "namespace: shop");
    const std::string yaml = gw + secret("cert", "shop");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0101", Level::Error, "Gateway", "shop/gw",
                  test::lineOf(yaml, "credentialName: cert"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0101")[0].message),
             QString("Referenced credentialName not found: \"cert\""));
  }
  void credentialInGatewayPodNamespaceIsSilent() {
    const std::string gw =
        gateway("gw", "istio: ingressgateway", 8443, "a.example.com", credential("cert"));
    MS_EXPECT_NONE(test::runIstioAnalyzers(gw + secret("cert", "istio-system")), "IST0101");
  }

  void duplicateCertificateFires() {
    const std::string yaml =
        gateway("a", "istio: ingressgateway", 8443, "a.example.com", credential("shared")) +
        gateway("b", "istio: ingressgateway", 8443, "b.example.com", credential("shared"));
    const auto all = test::runIstioAnalyzers(yaml);
    const auto found = test::withCode(all, "IST0138");
    QCOMPARE(int(found.size()), 2);
    QCOMPARE(int(found[0].level), int(Level::Warning));
    QCOMPARE(QString::fromStdString(found[0].name), QString("a"));
    QCOMPARE(found[0].where.line, test::lineOf(yaml, "name: a"));
    QCOMPARE(
        QString::fromStdString(found[0].message),
        QString("Duplicate certificate in multiple gateways [istio-system/a istio-system/b] may "
                "cause 404s if clients re-use HTTP2 connections."));
  }
  void differentCertificatesAreSilent() {
    const std::string yaml =
        gateway("a", "istio: ingressgateway", 8443, "a.example.com", credential("one")) +
        gateway("b", "istio: ingressgateway", 8443, "b.example.com", credential("two"));
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0138");
  }
  // Gateways on different workloads may share a certificate.
  void sameCertificateOnOtherWorkloadIsSilent() {
    const std::string yaml =
        gateway("a", "istio: ingressgateway", 8443, "a.example.com", credential("shared")) +
        gateway("b", "istio: egressgateway", 8443, "b.example.com", credential("shared"));
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0138");
  }

  // Only a gateway whose selector is included in the other's reports: "b" selects a subset of
  // the pods "a" selects, not the other way round.
  void duplicateCertificateOnNarrowerSelectorFiresOnce() {
    const std::string yaml =
        gateway("a", "istio: ingressgateway", 8443, "a.example.com", credential("shared")) +
        gateway("b", "istio: ingressgateway\n    type: internal", 8443, "b.example.com",
                credential("shared"));
    const auto found = test::withCode(test::runIstioAnalyzers(yaml), "IST0138");
    QCOMPARE(int(found.size()), 1);
    QCOMPARE(QString::fromStdString(found[0].name), QString("a"));
  }

  void sameHostAndPortFires() {
    const std::string yaml = gateway("a", "istio: ingressgateway", 8443, "shop.example.com") +
                             gateway("b", "istio: ingressgateway", 8443, "shop.example.com");
    const auto all = test::runIstioAnalyzers(yaml);
    const auto found = test::withCode(all, "IST0145");
    QCOMPARE(int(found.size()), 2);
    QCOMPARE(int(found[0].level), int(Level::Error));
    QCOMPARE(found[0].where.line, test::lineOf(yaml, "- port:"));
    QCOMPARE(
        QString::fromStdString(found[0].message),
        QString("Conflict with gateways istio-system/b (workload selector istio=ingressgateway, "
                "port 8443, hosts shop.example.com)."));
  }
  void differentHostIsSilent() {
    const std::string yaml = gateway("a", "istio: ingressgateway", 8443, "shop.example.com") +
                             gateway("b", "istio: ingressgateway", 8443, "blog.example.com");
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0145");
  }
  // Istio compares server hosts as written (model.CheckDuplicates), not as wildcard patterns.
  void wildcardHostIsNoConflict() {
    const std::string yaml = gateway("a", "istio: ingressgateway", 8443, "\"*.example.com\"") +
                             gateway("b", "istio: ingressgateway", 8443, "shop.example.com");
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0145");
  }
  void differentPortIsSilent() {
    const std::string yaml = gateway("a", "istio: ingressgateway", 8443, "shop.example.com") +
                             gateway("b", "istio: ingressgateway", 8080, "shop.example.com");
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0145");
  }
};

QTEST_GUILESS_MAIN(IstGatewayTest)
#include "tst_ist_gateway.moc"
