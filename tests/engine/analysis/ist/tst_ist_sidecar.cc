// Sidecar analyzers: IST0101 (selector), IST0110, IST0111.
#include <QtTest>

#include "ist_test_util.h"

using namespace ms;
using model::Level;

namespace {

const std::string kPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: reviews-pod
  namespace: shop
  labels:
    app: reviews
    version: v1
spec:
  containers:
  - name: reviews
    image: reviews
---
)";

std::string sidecar(const std::string& name, const std::string& selector,
                    const std::string& ns = "shop") {
  std::string out =
      "apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: " + name +
      "\n  namespace: " + ns + "\nspec:\n";
  if (!selector.empty()) out += "  workloadSelector:\n    labels:\n      " + selector + "\n";
  return out + "  egress:\n  - hosts:\n    - \"./*\"\n---\n";
}

}  // namespace

class IstSidecarTest : public QObject {
  Q_OBJECT

 private slots:
  void selectorWithoutPodsFires() {
    const std::string yaml = kPod + sidecar("sc", "app: ratings");
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0101", Level::Error, "Sidecar", "shop/sc",
                  test::lineOf(yaml, "app: ratings"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0101")[0].message),
             QString("Referenced selector not found: \"app=ratings\""));
  }
  void selectorWithPodIsSilent() {
    MS_EXPECT_NONE(test::runIstioAnalyzers(kPod + sidecar("sc", "app: reviews")), "IST0101");
  }
  // Only pods of the Sidecar's own namespace count.
  void podInOtherNamespaceFires() {
    const auto all = test::runIstioAnalyzers(kPod + sidecar("sc", "app: reviews", "other"));
    QCOMPARE(int(test::withCode(all, "IST0101").size()), 1);
  }

  void twoSidecarsOnOnePodFire() {
    const std::string yaml = kPod + sidecar("one", "app: reviews") + sidecar("two", "version: v1");
    const auto all = test::runIstioAnalyzers(yaml);
    const auto found = test::withCode(all, "IST0110");
    QCOMPARE(int(found.size()), 2);
    QCOMPARE(int(found[0].level), int(Level::Error));
    QCOMPARE(QString::fromStdString(found[0].name), QString("one"));
    QCOMPARE(found[0].where.line, test::lineOf(yaml, "name: one"));
    QCOMPARE(found[1].where.line, test::lineOf(yaml, "name: two"));
    QCOMPARE(QString::fromStdString(found[0].message),
             QString("The Sidecars [one two] in namespace \"shop\" select the same workload pod "
                     "\"reviews-pod\", which can lead to undefined behavior."));
  }
  void disjointSelectorsAreSilent() {
    const std::string yaml = kPod + sidecar("one", "app: reviews") + sidecar("two", "version: v2");
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0110");
  }

  void twoDefaultSidecarsFire() {
    const std::string yaml = kPod + sidecar("one", "") + sidecar("two", "");
    const auto all = test::runIstioAnalyzers(yaml);
    const auto found = test::withCode(all, "IST0111");
    QCOMPARE(int(found.size()), 2);
    QCOMPARE(int(found[0].level), int(Level::Error));
    QCOMPARE(found[1].where.line, test::lineOf(yaml, "name: two"));
    QCOMPARE(
        QString::fromStdString(found[1].message),
        QString("The Sidecars [one two] in namespace \"shop\" have no workload selector, which "
                "can lead to undefined behavior."));
  }
  void defaultSidecarsInDifferentNamespacesAreSilent() {
    const std::string yaml = kPod + sidecar("one", "") + sidecar("two", "", "other");
    MS_EXPECT_NONE(test::runIstioAnalyzers(yaml), "IST0111");
  }
};

QTEST_GUILESS_MAIN(IstSidecarTest)
#include "tst_ist_sidecar.moc"
