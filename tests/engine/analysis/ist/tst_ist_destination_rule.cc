// DestinationRule analyzers: IST0128, IST0129, IST0173, IST0174.
#include <QtTest>

#include "ist_test_util.h"

using namespace ms;
using model::Level;

namespace {

const std::string kReviews = R"(apiVersion: v1
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
)";

std::string rule(const std::string& host, const std::string& body) {
  return R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr
spec:
  host: )" +
         host + "\n" + body;
}

std::string tls(const std::string& mode, const std::string& extra) {
  return "  trafficPolicy:\n    tls:\n      mode: " + mode + "\n" + extra;
}

}  // namespace

class IstDestinationRuleTest : public QObject {
  Q_OBJECT

 private slots:
  void simpleTlsWithoutCaFires() {
    const std::string yaml = kReviews + rule("reviews", tls("SIMPLE", ""));
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0128", Level::Warning, "DestinationRule", "default/dr",
                  test::lineOf(yaml, "mode: SIMPLE"));
    QCOMPARE(
        QString::fromStdString(test::withCode(all, "IST0128")[0].message),
        QString("DestinationRule default/dr in namespace default has TLS mode set to SIMPLE but no "
                "caCertificates are set to validate server identity for host: reviews"));
  }
  void tlsWithCaIsSilent() {
    const auto all = test::runIstioAnalyzers(
        kReviews + rule("reviews", tls("MUTUAL", "      caCertificates: /etc/ca.pem\n")));
    MS_EXPECT_NONE(all, "IST0128");
  }
  void istioMutualIsSilent() {
    MS_EXPECT_NONE(test::runIstioAnalyzers(kReviews + rule("reviews", tls("ISTIO_MUTUAL", ""))),
                   "IST0128");
  }
  // A credentialName supplies the CA for a DestinationRule bound to workloads.
  void credentialWithWorkloadSelectorIsSilent() {
    const std::string body = tls("SIMPLE", "      credentialName: cacert\n") +
                             "  workloadSelector:\n    matchLabels:\n      app: reviews\n";
    MS_EXPECT_NONE(test::runIstioAnalyzers(kReviews + rule("reviews", body)), "IST0128");
    const std::string noSelector = tls("SIMPLE", "      credentialName: cacert\n");
    QCOMPARE(int(test::withCode(test::runIstioAnalyzers(kReviews + rule("reviews", noSelector)),
                                "IST0128")
                     .size()),
             1);
  }
  void portLevelWithoutCaFires() {
    const std::string body = R"(  trafficPolicy:
    portLevelSettings:
    - port:
        number: 9080
      tls:
        mode: MUTUAL
)";
    const std::string yaml = kReviews + rule("reviews", body);
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0129", Level::Warning, "DestinationRule", "default/dr",
                  test::lineOf(yaml, "mode: MUTUAL"));
    MS_EXPECT_NONE(all, "IST0128");
    QVERIFY(test::withCode(all, "IST0129")[0].message.find(
                "for host: reviews at port number:9080") != std::string::npos);
  }
  void portLevelWithCaIsSilent() {
    const std::string body = R"(  trafficPolicy:
    portLevelSettings:
    - port:
        number: 9080
      tls:
        mode: MUTUAL
        caCertificates: /etc/ca.pem
)";
    MS_EXPECT_NONE(test::runIstioAnalyzers(kReviews + rule("reviews", body)), "IST0129");
  }

  void unknownHostFires() {
    const std::string yaml = kReviews + rule("ratings", "");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0174", Level::Warning, "DestinationRule", "default/dr",
                  test::lineOf(yaml, "host: ratings"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0174")[0].message),
             QString("The host ratings defined in the DestinationRule does not match any services "
                     "in the mesh."));
  }
  void knownHostIsSilent() {
    MS_EXPECT_NONE(
        test::runIstioAnalyzers(kReviews + rule("reviews.default.svc.cluster.local", "")),
        "IST0174");
    MS_EXPECT_NONE(test::runIstioAnalyzers(kReviews + rule("reviews", "")), "IST0174");
  }
  // The host is looked up as a VirtualService destination would be, so a Service exported
  // only to its own namespace is unknown elsewhere.
  void serviceNotExportedIsUnknown() {
    std::string yaml = kReviews;
    yaml = test::replaced(
        yaml, "  name: reviews\n",
        "  name: reviews\n  annotations:\n    networking.istio.io/exportTo: \".\"\n");
    std::string dr = rule("reviews.default.svc.cluster.local", "");
    dr = test::replaced(dr, "  name: dr\n", "  name: dr\n  namespace: other\n");
    const auto all = test::runIstioAnalyzers(yaml + dr);
    QCOMPARE(int(test::withCode(all, "IST0174").size()), 1);
  }

  void subsetWithoutPodsFires() {
    const std::string body =
        "  subsets:\n  - name: v1\n    labels:\n      version: v1\n"
        "  - name: v2\n    labels:\n      version: v2\n";
    const std::string yaml = kReviews + rule("reviews", body);
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0173", Level::Error, "DestinationRule", "default/dr",
                  test::lineOf(yaml, "name: v2"));
    QCOMPARE(
        QString::fromStdString(test::withCode(all, "IST0173")[0].message),
        QString("The Subset v2 defined in the DestinationRule does not select any pods. Which may "
                "lead to 503 UH (NoHealthyUpstream)."));
  }
  void subsetWithPodsIsSilent() {
    const std::string body = "  subsets:\n  - name: v1\n    labels:\n      version: v1\n";
    MS_EXPECT_NONE(test::runIstioAnalyzers(kReviews + rule("reviews", body)), "IST0173");
  }
  // An unknown host stops the analysis before subsets, as in Istio.
  void unknownHostSkipsSubsets() {
    const std::string body = "  subsets:\n  - name: v9\n    labels:\n      version: v9\n";
    const auto all = test::runIstioAnalyzers(kReviews + rule("ratings", body));
    MS_EXPECT_NONE(all, "IST0173");
    QCOMPARE(int(test::withCode(all, "IST0174").size()), 1);
  }
  // MeshDesign workloads are pods too.
  void designWorkloadsArePods() {
    const std::string design = R"(apiVersion: meshstudio.dev/v1alpha1
kind: MeshDesign
metadata:
  name: design
spec:
  services:
  - name: ratings
    ports:
    - name: http
      port: 9080
    workloads:
    - version: v1
---
)";
    const std::string v1 = "  subsets:\n  - name: v1\n    labels:\n      version: v1\n";
    const auto all = test::runIstioAnalyzers(design + rule("ratings", v1));
    MS_EXPECT_NONE(all, "IST0173");
    MS_EXPECT_NONE(all, "IST0174");
  }
};

QTEST_GUILESS_MAIN(IstDestinationRuleTest)
#include "tst_ist_destination_rule.moc"
