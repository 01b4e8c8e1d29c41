// IST0130 and IST0131: rules and matches of a VirtualService that can never be used.
#include <QtTest>

#include "ist_test_util.h"

using namespace ms;
using model::Level;

namespace {

std::string matchRule(const std::string& prefix, const std::string& name) {
  return (name.empty() ? "  - match:\n" : "  - name: " + name + "\n    match:\n") +
         "    - uri:\n        prefix: " + prefix +
         "\n    route:\n    - destination:\n        host: reviews\n";
}

std::string httpRules(const std::string& rules) {
  return R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
spec:
  hosts:
  - reviews
  http:
)" + rules;
}

int lineOf(const std::string& yaml, const std::string& marker) {
  return test::lineOf(yaml, marker);
}

}  // namespace

class IstVirtualServiceRulesTest : public QObject {
  Q_OBJECT

 private slots:
  void secondCatchAllRuleFires() {
    const std::string yaml =
        httpRules("  - route:\n    - destination:\n        host: reviews\n") +
        "  - name: second\n    route:\n    - destination:\n        host: reviews\n";
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0130", Level::Warning, "VirtualService", "default/vs",
                  lineOf(yaml, "- name: second"));
    QCOMPARE(
        QString::fromStdString(test::withCode(all, "IST0130")[0].message),
        QString(
            "VirtualService rule \"second\" not used (only the last rule can have no matches)."));
  }
  void matchBeforeCatchAllIsSilent() {
    const std::string vs = R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
spec:
  hosts:
  - reviews
  http:
)" + matchRule("/a", "") + "  - route:\n    - destination:\n        host: reviews\n";
    const auto all = test::runIstioAnalyzers(vs);
    MS_EXPECT_NONE(all, "IST0130");
    MS_EXPECT_NONE(all, "IST0131");
  }
  void duplicateMatchFires() {
    const std::string vs = httpRules(matchRule("/a", "") + matchRule("/a", "dup"));
    const std::string yaml = vs;
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0131", Level::Info, "VirtualService", "default/vs",
                  lineOf(yaml, "- name: dup") + 2);
    MS_EXPECT_ONE(all, "IST0130", Level::Warning, "VirtualService", "default/vs",
                  lineOf(yaml, "- name: dup"));
    QCOMPARE(QString::fromStdString(test::withCode(all, "IST0131")[0].message),
             QString("VirtualService rule \"dup\" match #0 is not used (duplicate/overlapping "
                     "match in rule #0)."));
  }
  // Istio compares matches as JSON, where a false or zero field is the same as none.
  void zeroFieldsDoNotMakeMatchesDifferent() {
    const std::string second =
        "  - match:\n    - uri:\n        prefix: /a\n      ignoreUriCase: false\n"
        "    route:\n    - destination:\n        host: reviews\n";
    const auto all = test::runIstioAnalyzers(httpRules(matchRule("/a", "") + second));
    QCOMPARE(int(test::withCode(all, "IST0131").size()), 1);
  }
  void differentMatchIsSilent() {
    const auto all = test::runIstioAnalyzers(httpRules(matchRule("/a", "") + matchRule("/b", "")));
    MS_EXPECT_NONE(all, "IST0131");
    MS_EXPECT_NONE(all, "IST0130");
  }
  void coveredPrefixFires() {
    const std::string yaml = httpRules(matchRule("/debug", "") + matchRule("/debugs", "later"));
    const auto all = test::runIstioAnalyzers(yaml);
    MS_EXPECT_ONE(all, "IST0131", Level::Info, "VirtualService", "default/vs",
                  lineOf(yaml, "- name: later") + 2);
    MS_EXPECT_NONE(all, "IST0130");
    // The narrower prefix first is fine.
    MS_EXPECT_NONE(
        test::runIstioAnalyzers(httpRules(matchRule("/debugs", "") + matchRule("/debug", ""))),
        "IST0131");
  }

  void duplicateTcpMatchFires() {
    const std::string tcp = R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
spec:
  hosts:
  - reviews
  tcp:
  - match:
    - port: 27017
    route:
    - destination:
        host: reviews
  - match:
    - port: 27017
    route:
    - destination:
        host: reviews
)";
    const auto all = test::runIstioAnalyzers(tcp);
    MS_EXPECT_ONE(all, "IST0131", Level::Info, "VirtualService", "default/vs",
                  lineOf(tcp,
                         "  - match:\n    - port: 27017\n    route:\n    - destination:\n"
                         "        host: reviews\n  - match:") +
                      6);
    QCOMPARE(int(test::withCode(all, "IST0130").size()), 1);
  }
};

QTEST_GUILESS_MAIN(IstVirtualServiceRulesTest)
#include "tst_ist_virtual_service_rules.moc"
