// Workload, port and policy-selector analyzers: IST0116, IST0118, IST0127, IST0134, IST0137,
// IST0166.
#include <QtTest>

#include "ist_test_util.h"

using namespace ms;
using model::Level;

namespace {

// Namespace shop has injection on, so its Deployment is in the mesh (as istioctl decides).
const std::string kShop = R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews
  namespace: shop
spec:
  selector:
    matchLabels:
      app: reviews
  template:
    metadata:
      labels:
        app: reviews
    spec:
      containers:
      - name: reviews
        image: reviews
---
)";

std::string service(const std::string& name, const std::string& ports) {
  return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name +
         "\n  namespace: shop\nspec:\n  selector:\n    app: reviews\n  ports:\n" + ports + "---\n";
}

std::string port(const std::string& name, int number, const std::string& extra = "") {
  return "  - name: " + name + "\n    port: " + std::to_string(number) + "\n" + extra;
}

std::string policy(const std::string& ns, const std::string& selector,
                   const std::string& rules = "") {
  std::string out =
      "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n"
      "  name: ap\n  namespace: " +
      ns + "\nspec:\n";
  if (!selector.empty()) out += "  selector:\n    matchLabels:\n      " + selector + "\n";
  return out + "  action: ALLOW\n" + rules + "---\n";
}

std::string serviceEntry(const std::string& protocol, const std::string& addresses) {
  return R"(apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: db
spec:
  hosts:
  - db.example.com
)" + addresses +
         R"(  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - number: 5432
    name: db
    protocol: )" +
         protocol + "\n---\n";
}

}  // namespace

class IstWorkloadTest : public QObject {
  Q_OBJECT

 private slots:
  void samePortDifferentProtocolsFires() {
    const std::string yaml = kShop + service("a", port("tcp-a", 9080)) +
                             service("b", port("udp-b", 9080, "    protocol: UDP\n"));
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0116", Level::Warning, "Deployment", "shop/reviews",
                  test::lineOf(yaml, "name: reviews"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0116")[0].message),
             QString("This deployment reviews is associated with multiple services using port 9080 "
                     "but different protocols: [shop/a shop/b]"));
  }
  void samePortSameProtocolIsSilent() {
    const std::string yaml =
        kShop + service("a", port("http-a", 9080)) + service("b", port("http-b", 9080));
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0116");
  }
  // Without a sidecar (no injection label, no annotation) Istio does not look at it.
  void deploymentOutsideMeshIsSilent() {
    std::string yaml = kShop + service("a", port("tcp-a", 9080)) +
                       service("b", port("udp-b", 9080, "    protocol: UDP\n"));
    yaml = test::replaced(yaml, "istio-injection: enabled", "istio-injection: disabled");
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0116");
  }

  void sameTargetPortDifferentPortsFires() {
    const std::string yaml = kShop + service("a", port("http-a", 9080, "    targetPort: 8080\n")) +
                             service("b", port("http-b", 9090, "    targetPort: 8080\n"));
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0137", Level::Warning, "Deployment", "shop/reviews",
                  test::lineOf(yaml, "name: reviews"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0137")[0].message),
             QString("This deployment reviews is associated with multiple services [shop/a shop/b] "
                     "using targetPort \"8080\" but different ports: [9080 9090]."));
  }
  void distinctTargetPortsAreSilent() {
    const std::string yaml = kShop + service("a", port("http-a", 9080, "    targetPort: 8080\n")) +
                             service("b", port("http-b", 9090, "    targetPort: 8081\n"));
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0137");
  }

  void unconventionalPortNameFires() {
    const std::string yaml = kShop + service("a", port("web", 8000, "    targetPort: 80\n"));
    const auto all = test::runIstioAnalyzers(yaml);
    // Kubernetes objects keep no field positions yet, so the message points at the Service.
    MS_EXPECT_ONE(all, "IST0118", Level::Info, "Service", "shop/a",
                  test::lineOf(yaml, "kind: Service") - 1);
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0118")[0].message),
             QString("Port name web (port: 8000, targetPort: 80) doesn't follow the naming "
                     "convention of Istio port."));
  }
  void conventionalPortNamesAreSilent() {
    const std::string ports = port("http-web", 8000) + port("grpc-web-ui", 8001) +
                              port("db", 3306) + port("web", 8002, "    appProtocol: http\n") +
                              port("dns", 5353, "    protocol: UDP\n") + port("TCP", 9000);
    MS_EXPECT_NONE(test::runIstioAnalyzers(kShop + service("a", ports)), "IST0118");
  }
  // Control-plane Services are skipped.
  void controlPlaneServiceIsSilent() {
    std::string yaml = service("istiod", port("web", 15017));
    yaml = test::replaced(yaml, "  namespace: shop\n",
                          "  namespace: shop\n  labels:\n    istio: pilot\n");
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0118");
  }

  void policyWithoutWorkloadsFires() {
    const std::string yaml = kShop + policy("shop", "app: ratings");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0127", Level::Warning, "AuthorizationPolicy", "shop/ap",
                  test::lineOf(yaml, "  selector:\n    matchLabels:\n      app: ratings"));
    QCOMPARE(
        QString::fromStdString(test::withCode(all, "IST0127")[0].message),
        QString("No matching workloads for this resource with the following labels: app=ratings"));
  }
  void policyWithWorkloadIsSilent() {
    const auto all = test::runIstioAnalyzers(kShop + policy("shop", "app: reviews"));
    MS_EXPECT_NONE(all, "IST0127");
    MS_EXPECT_NONE(test::runIstioAnalyzers(kShop + policy("shop", "")), "IST0127");
  }
  void namespacePolicyWithoutPodsFires() {
    const auto all = test::runIstioAnalyzers(kShop + policy("empty", ""));
    const auto found = test::withCode(all, "IST0127");
    QCOMPARE(int(found.size()), 1);
    QCOMPARE(QString::fromStdString(found[0].message),
             QString("No matching workloads for this resource with the following labels: "));
  }
  // Only pods with a sidecar count: an istio-proxy container, an inject annotation or the
  // namespace's injection label.
  void podWithoutSidecarDoesNotCount() {
    const std::string pod = R"(apiVersion: v1
kind: Pod
metadata:
  name: plain
  namespace: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: web
---
)";
    QCOMPARE(int(test::withCode(test::runIstioAnalyzers(pod + policy("web", "app: web")), "IST0127")
                     .size()),
             1);
    const std::string container = "    image: web\n";
    std::string injected = pod;
    injected = test::replaced(injected, container,
                              container + "  - name: istio-proxy\n    image: proxyv2\n");
    MS_EXPECT_NONE(test::runIstioAnalyzers(injected + policy("web", "app: web")), "IST0127");
  }
  // Root-namespace policies apply mesh-wide: a selectorless one needs no pod.
  void rootNamespacePolicyIsSilent() {
    MS_EXPECT_NONE(test::runIstioAnalyzers(kShop + policy("istio-system", "")), "IST0127");
    MS_EXPECT_NONE(test::runIstioAnalyzers(kShop + policy("istio-system", "app: reviews")),
                   "IST0127");
  }

  void unknownSourceNamespaceFires() {
    const std::string yaml =
        kShop + policy("shop", "app: reviews",
                       "  rules:\n  - from:\n    - source:\n        namespaces:\n"
                       "        - shop\n        - ghost\n        notNamespaces:\n"
                       "        - \"sh*\"\n");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0101", Level::Error, "AuthorizationPolicy", "shop/ap",
                  test::lineOf(yaml, "- ghost"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0101")[0].message),
             QString("Referenced namespace not found: \"ghost\""));
  }
  // Namespaces of the input's objects exist, like those it declares; patterns match them.
  void knownSourceNamespacesAreSilent() {
    const std::string yaml =
        kShop + policy("shop", "app: reviews",
                       "  rules:\n  - from:\n    - source:\n        namespaces:\n"
                       "        - shop\n        - \"*\"\n        - \"*op\"\n"
                       "        - default\n");
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml + serviceEntry("HTTP", "")), "IST0101");
  }

  void selectorOnKubernetesGatewayPodFires() {
    const std::string pod = R"(apiVersion: v1
kind: Pod
metadata:
  name: gw-pod
  namespace: shop
  labels:
    app: edge
    gateway.networking.k8s.io/gateway-name: edge-gw
spec:
  containers:
  - name: istio-proxy
    image: proxyv2
---
)";
    const std::string yaml = kShop + pod + policy("shop", "app: edge");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0166", Level::Warning, "AuthorizationPolicy", "shop/ap",
                  test::lineOf(yaml, "  selector:\n    matchLabels:\n      app: edge"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0166")[0].message),
             QString("Ineffective selector on Kubernetes Gateway edge-gw. Use the TargetRef field "
                     "instead."));
    MS_EXPECT_NONE(test::runIstioAnalyzers(kShop + pod + policy("shop", "app: reviews")),
                   "IST0166");
  }

  void tcpServiceEntryWithoutAddressesFires() {
    const std::string yaml = serviceEntry("TCP", "");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0134", Level::Warning, "ServiceEntry", "default/db",
                  test::lineOf(yaml, "- number: 5432"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0134")[0].message),
             QString("ServiceEntry addresses are required for this protocol."));
  }
  void serviceEntryWithAddressesOrHttpIsSilent() {
    MS_EXPECT_NONE(test::runIstioAnalyzers(serviceEntry("TCP", "  addresses:\n  - 240.0.0.1\n")),
                   "IST0134");
    MS_EXPECT_NONE(test::runIstioAnalyzers(serviceEntry("HTTP", "")), "IST0134");
  }
};

QTEST_GUILESS_MAIN(IstWorkloadTest)
#include "tst_ist_workload.moc"
