// Istio's documentation tasks, run on real proxies: every task of
// shared/istio/samples/tasks/outcomes.yaml is a row. The task's Istio YAML is applied step by
// step (pushed, not restarted) and each step's probes are real requests from the task's pods;
// what the docs only say in words is checked by our translations (tasks/observations.yaml).
// Tasks or parts of tasks the simulator cannot express are skipped with the reason.
#include <QtTest>

#include <QTemporaryDir>

#include "runtime/task_runner.h"
#include "shared_data.h"

using namespace ms;

namespace {

const QString kTranslations = MS_SOURCE_DIR "/tests/engine/runtime/tasks/observations.yaml";

std::vector<runtime::Task> loadTasks(std::string* error) {
  return runtime::readTasks(test::readFile(test::sharedIstioDir() + "/samples/tasks/outcomes.yaml").toStdString(),
                            test::readFile(kTranslations).toStdString(), error);
}

}  // namespace

class TaskOutcomesTest : public QObject {
  Q_OBJECT

  std::vector<runtime::Task> tasks_;
  QStringList summary_;

 private slots:
  void initTestCase() {
    std::string error;
    tasks_ = loadTasks(&error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(tasks_.size(), size_t(14));
  }

  // The bookkeeping of a task's steps, without processes: namespace-less documents land in
  // apply_in's namespace, later documents replace earlier ones of the same name, then_delete
  // removes them, sidecar-less namespaces and borrowed behaviours are marked.
  void stepsBuildCumulativeMeshes() {
    const auto byId = [&](const std::string& id) {
      return *std::find_if(tasks_.begin(), tasks_.end(), [&](const auto& t) { return t.id == id; });
    };
    runtime::TaskRunnerOptions options;
    options.istioDir = test::sharedIstioDir().toStdString();
    options.sourceDir = MS_SOURCE_DIR;
    std::string error;
    const auto authn = runtime::taskMeshes(byId("authn-policy"), options, &error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(authn.size(), size_t(10));
    const auto peerAuthentications = [](const model::Mesh& m) {
      QStringList out;
      for (const auto* r : m.ofKind(model::Kind::PeerAuthentication))
        out << QString::fromStdString(r->namespacedName());
      out.sort();
      return out;
    };
    QCOMPARE(peerAuthentications(authn[1]), QStringList{"istio-system/default"});
    QCOMPARE(peerAuthentications(authn[2]), QStringList{"foo/default"});  // step 1's was deleted
    QCOMPARE(peerAuthentications(authn[4]), (QStringList{"bar/httpbin", "foo/default"}));  // 04 replaced 03
    QVERIFY(authn[4].find(model::Kind::DestinationRule, "bar", "httpbin"));  // apply_in: bar
    QCOMPARE(peerAuthentications(authn[6]), QStringList{});  // 02..05 deleted after step 5
    const auto* legacyHttpbin = authn[0].find(model::Kind::Deployment, "legacy", "httpbin");
    QVERIFY(legacyHttpbin);
    QCOMPARE(legacyHttpbin->as<model::KubernetesWorkload>()->podAnnotations.at("sidecar.istio.io/inject"),
             std::string("false"));

    const auto timeouts = runtime::taskMeshes(byId("request-timeouts"), options, &error);
    QVERIFY2(error.empty(), error.c_str());
    const auto* design = timeouts[0].design();
    QVERIFY(design);
    const auto productpage = std::find_if(design->behaviours.begin(), design->behaviours.end(),
                                          [](const auto& b) { return b.workload == "productpage-v1"; });
    QVERIFY(productpage != design->behaviours.end());
    QCOMPARE(*productpage->behaviour->calls->targets.at(1).retries, std::int64_t(1));
    QVERIFY(*productpage->behaviour->calls->targets.at(1).optional);
  }

  void tasks_data() {
    QTest::addColumn<QString>("id");
    for (const auto& t : tasks_) QTest::newRow(t.id.c_str()) << QString::fromStdString(t.id);
  }

  void tasks() {
    QFETCH(QString, id);
    const auto task = std::find_if(tasks_.begin(), tasks_.end(), [&](const auto& t) { return t.id == id.toStdString(); });
    QTemporaryDir dir;
    runtime::TaskRunnerOptions options;
    options.runtime.runDir = dir.path().toStdString();
    // MESHSTUDIO_BIN_DIR runs the tasks on another build of the data plane.
    const QString bin = qEnvironmentVariable("MESHSTUDIO_BIN_DIR", MS_BINARY_DIR "/proxy");
    options.runtime.proxyBinary = (bin + "/meshproxy").toStdString();
    options.runtime.workloadBinary = (bin + "/meshworkload").toStdString();
    options.istioDir = test::sharedIstioDir().toStdString();
    options.sourceDir = MS_SOURCE_DIR;
    const runtime::TaskRun run = runtime::runTask(*task, options);
    QVERIFY2(run.error.empty(), run.error.c_str());
    for (const auto& note : run.notes) qInfo().noquote() << "  note:" << QString::fromStdString(note);

    QStringList failures;
    int deviations = 0;
    for (const auto& v : run.verdicts) {
      const QString line = QString::fromStdString(v.step + " | " + v.probe + " | " + v.measured);
      qInfo().noquote() << (v.passed ? "  ok  " : "  FAIL") << line;
      if (!v.deviation.empty()) {
        ++deviations;
        qInfo().noquote() << "        known deviation:" << QString::fromStdString(v.deviation);
      }
      if (!v.knownBug.empty()) {
        // Shown as XFAIL while the bug is there, and as a failure (XPASS) once it is fixed.
        QEXPECT_FAIL("", qPrintable("known bug: " + QString::fromStdString(v.knownBug)), Continue);
        QVERIFY2(v.passed, qPrintable(line + " | " + QString::fromStdString(v.problem)));
        continue;
      }
      if (!v.passed) failures << line + " | " + QString::fromStdString(v.problem);
    }
    const QString verdict = QString("%1: %2 probes checked, %3 failed, %4 known deviations, %5 parts not expressible")
                                .arg(id)
                                .arg(run.verdicts.size())
                                .arg(failures.size())
                                .arg(deviations)
                                .arg(run.notExpressible.size());
    summary_ << verdict;
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
    if (!run.notExpressible.empty()) {
      QString why;
      for (const auto& n : run.notExpressible) why += "\n    " + QString::fromStdString(n);
      QSKIP(qPrintable(QString("%1 probes reproduced; not expressible here:%2").arg(run.verdicts.size()).arg(why)));
    }
    QVERIFY2(!run.verdicts.empty(), "a task with nothing to check");
  }

  void cleanupTestCase() {
    for (const auto& line : summary_) qInfo().noquote() << line;
  }
};

QTEST_GUILESS_MAIN(TaskOutcomesTest)
#include "tst_task_outcomes.moc"
