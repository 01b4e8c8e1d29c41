// Istio's own samples, which istioctl analyze accepts, stay free of errors from our analyzers;
// where istioctl reports an error on them, we report the same one.
#include <QtTest>

#include "ist_test_util.h"
#include "shared_data.h"

using namespace ms;
using model::Level;

namespace {

std::string read(const QString& relative) {
  return test::readFile(test::sharedIstioDir() + "/samples/" + relative).toStdString();
}

// Several sample files as one input; each document keeps the file name it came from.
model::Diagnostics analyzeFiles(const QStringList& files) {
  model::Mesh mesh;
  model::Diagnostics imported;
  for (const QString& f : files) {
    const std::string text = read(f);
    if (text.empty()) QTest::qFail("a sample file is missing", __FILE__, __LINE__);
    if (text.empty())
      return {{"IMPORT", Level::Error, "", "", "", {}, "missing " + f.toStdString()}};
    istio::importText(text, f.toStdString(), mesh, imported);
  }
  if (model::hasErrors(imported))
    QTest::qFail("a sample does not import cleanly", __FILE__, __LINE__);
  if (model::hasErrors(imported))
    return {{"IMPORT", Level::Error, "", "", "", {}, test::describe(imported)}};
  model::Diagnostics out;
  const model::ServiceRegistry registry(mesh);
  analysis::runIstioAnalyzers(analysis::Context(mesh, registry, out));
  return out;
}

model::Diagnostics errorsIn(const model::Diagnostics& all) {
  model::Diagnostics out;
  for (const model::Diagnostic& d : all)
    if (d.level == Level::Error) out.push_back(d);
  return out;
}

const QStringList kBookinfo = {"bookinfo/platform/kube/bookinfo.yaml",
                               "bookinfo/platform/kube/bookinfo-details-v2.yaml",
                               "bookinfo/platform/kube/bookinfo-ratings-v2.yaml",
                               "bookinfo/networking/destination-rule-all.yaml"};

}  // namespace

class IstSamplesTest : public QObject {
  Q_OBJECT

 private slots:
  void bookinfoGatewayIsClean() {
    const auto all = analyzeFiles(
        {"bookinfo/platform/kube/bookinfo.yaml", "bookinfo/networking/bookinfo-gateway.yaml"});
    QVERIFY2(all.empty(), test::describe(all).c_str());
  }

  // Every VirtualService sample of Bookinfo, with all its workloads and subsets: the only
  // errors are the two ratings subsets whose MySQL deployments are not among the shared files
  // (istioctl reports IST0173 for them too).
  void bookinfoVirtualServices_data() {
    QTest::addColumn<QString>("file");
    for (const char* f :
         {"virtual-service-all-v1.yaml", "virtual-service-reviews-50-v3.yaml",
          "virtual-service-reviews-80-20.yaml", "virtual-service-reviews-90-10.yaml",
          "virtual-service-reviews-jason-v2-v3.yaml", "virtual-service-reviews-test-v2.yaml",
          "virtual-service-reviews-v2-v3.yaml", "virtual-service-reviews-v3.yaml",
          "virtual-service-ratings-test-delay.yaml", "virtual-service-ratings-test-abort.yaml",
          "virtual-service-details-v2.yaml", "virtual-service-ratings-db.yaml"})
      QTest::newRow(f) << QString("bookinfo/networking/") + f;
  }
  void bookinfoVirtualServices() {
    QFETCH(QString, file);
    const auto errors = errorsIn(analyzeFiles(kBookinfo + QStringList{file}));
    QVERIFY2(errors.size() == 2, test::describe(errors).c_str());
    for (const model::Diagnostic& d : errors) {
      QCOMPARE(QString::fromStdString(d.code), QString("IST0173"));
      QCOMPARE(QString::fromStdString(d.name), QString("ratings"));
      QVERIFY2(d.message.find("v2-mysql") != std::string::npos, d.message.c_str());
    }
  }

  // It brings its own DestinationRule for details. Its second rule, after a rule without
  // matches, is never used: the very example of Istio's IST0130 documentation.
  void faultInjectionSampleIsErrorFree() {
    const auto all = analyzeFiles({"bookinfo/platform/kube/bookinfo.yaml",
                                   "bookinfo/networking/fault-injection-details-v1.yaml"});
    QVERIFY2(errorsIn(all).empty(), test::describe(all).c_str());
    QCOMPARE(int(all.size()), 1);
    QCOMPARE(QString::fromStdString(all[0].code), QString("IST0130"));
    QCOMPARE(all[0].where.line, 18);
  }

  void httpbinIsErrorFree() {
    const auto all = analyzeFiles({"httpbin/httpbin.yaml", "httpbin/httpbin-gateway.yaml"});
    QVERIFY2(errorsIn(all).empty(), test::describe(all).c_str());
    // httpbin's Gateway listens on 80, which is the ingress Service's port, not its target
    // port (8080): istioctl warns about that.
    QCOMPARE(int(test::withCode(all, "IST0162").size()), 1);
  }

  void egressSampleIsErrorFree() {
    const auto all = analyzeFiles({"bookinfo/networking/egress-rule-google-apis.yaml"});
    QVERIFY2(errorsIn(all).empty(), test::describe(all).c_str());
  }
};

QTEST_GUILESS_MAIN(IstSamplesTest)
#include "tst_ist_samples.moc"
