// The runtime runs a design as real processes: Bookinfo starts, serves through its gateway
// with mTLS, survives a killed pod, takes config pushes, and leaves no process behind.
#include <QtTest>

#include <QDir>
#include <QTemporaryDir>

#include <signal.h>

#include "istio/importer.h"
#include "runtime/http_probe.h"
#include "runtime/mesh_runner.h"
#include "runtime/scenario_player.h"

using namespace ms;

namespace {

model::Mesh bookinfo() {
  istio::ImportResult r = istio::importPaths({MS_SOURCE_DIR "/samples/bookinfo"});
  return r.mesh;
}

// Processes whose command line mentions `marker` (our run folder): none may outlive a run.
int processesMentioning(const QString& marker) {
  int count = 0;
  for (const QString& pid : QDir("/proc").entryList(QDir::Dirs)) {
    QFile f("/proc/" + pid + "/cmdline");
    if (!pid.toInt() || !f.open(QIODevice::ReadOnly)) continue;
    if (f.readAll().contains(marker.toUtf8())) ++count;
  }
  return count;
}

runtime::RuntimeOptions options(const QTemporaryDir& dir) {
  runtime::RuntimeOptions o;
  o.runDir = dir.path().toStdString();
  o.proxyBinary = MS_BINARY_DIR "/proxy/meshproxy";
  o.workloadBinary = MS_BINARY_DIR "/proxy/meshworkload";
  return o;
}

int get(const std::pair<std::string, int>& at, const std::string& path) {
  return runtime::httpRequest(at.first, at.second, "GET", path, {}, std::chrono::milliseconds(3000)).status;
}

}  // namespace

class MeshRunnerTest : public QObject {
  Q_OBJECT

 private slots:
  void bookinfoRunsAndStopsClean() {
    QTemporaryDir dir;
    {
      runtime::MeshRunner runner(options(dir));
      std::string error;
      int lastReady = 0;
      QVERIFY2(runner.start(bookinfo(), [&](int ready, int) { lastReady = ready; }, &error), error.c_str());
      QCOMPARE(lastReady, 7);  // 6 pods and the ingress gateway
      QCOMPARE(processesMentioning(dir.path()), 13);  // 6 x (workload + proxy) + gateway
      const auto ingress = runner.ingressEndpoint();
      QVERIFY(ingress);
      for (int i = 0; i < 20; ++i) QCOMPARE(get(*ingress, "/productpage"), 200);
      QCOMPARE(get(*ingress, "/nothing-routes-here"), 404);

      // A killed pod is gone; restarted, it serves again.
      QVERIFY(runner.killPod("details-v1-0"));
      QCOMPARE(processesMentioning(dir.path()), 11);
      QVERIFY(get(*ingress, "/productpage") >= 500);
      QVERIFY2(runner.restartPod("details-v1-0", &error), error.c_str());
      QTRY_COMPARE_WITH_TIMEOUT(get(*ingress, "/productpage"), 200, 5000);
    }
    QCOMPARE(processesMentioning(dir.path()), 0);
  }

  void configPushReachesOnlyChangedProxies() {
    QTemporaryDir dir;
    runtime::MeshRunner runner(options(dir));
    std::string error;
    model::Mesh mesh = bookinfo();
    QVERIFY2(runner.start(mesh, [](int, int) {}, &error), error.c_str());
    for (auto& r : mesh.resources)
      if (auto* vs = r.as<model::VirtualService>(); vs && r.meta.name == "reviews") {
        vs->http[0].route[0].weight = 50;
        vs->http[0].route[1].weight = 50;
      }
    const runtime::PushResult push = runner.apply(mesh, &error);
    QVERIFY2(error.empty(), error.c_str());
    // Every sidecar routes to reviews; the gateway does not. Each confirmed the new version.
    QCOMPARE(push.pods.size(), size_t(6));
    QCOMPARE(push.latenciesMs.size(), size_t(6));
    for (double ms : push.latenciesMs) QVERIFY(ms > 0 && ms < 2000);
    const auto& pods = runner.placement().pods;
    const auto pp = std::find_if(pods.begin(), pods.end(), [](const auto& p) { return p.name == "productpage-v1-0"; });
    QTRY_VERIFY_WITH_TIMEOUT(runtime::httpRequest(pp->address, 15000, "GET", "/config_dump").body.find(
                                 "version: \"" + push.version + "\"") != std::string::npos ||
                                 runtime::httpRequest(pp->address, 15000, "GET", "/config_dump").body.find(
                                     "version: " + push.version) != std::string::npos,
                             5000);
    // Nothing changed: nothing is pushed.
    QCOMPARE(runner.apply(mesh, &error).pods.size(), size_t(0));
  }

  // A scenario timeline acts on the running mesh and says what it did.
  void scenarioStepsActOnTheRunningMesh() {
    QTemporaryDir dir;
    runtime::MeshRunner runner(options(dir));
    std::string error;
    const model::Mesh mesh = bookinfo();
    QVERIFY2(runner.start(mesh, [](int, int) {}, &error), error.c_str());
    model::Scenario scenario;
    model::ScenarioStep weights, kill, scale;
    weights.at = "1s", weights.action = "setWeights", weights.target = "default/reviews";
    weights.weights = {{"v1", 0}, {"v2", 100}};
    kill.at = "2s", kill.action = "killPod", kill.target = "details-v1";
    scale.at = "3s", scale.action = "scale", scale.target = "reviews-v1", scale.replicas = 2;
    scenario.steps = {scale, kill, weights};  // out of order on purpose
    std::vector<double> pushes;
    runtime::ScenarioPlayer player(runner, mesh, scenario, &pushes, {});
    QVERIFY(player.advance(0.5).empty());
    const auto first = player.advance(1.0);
    QCOMPARE(first.size(), size_t(1));
    QCOMPARE(first[0].kind, std::string("config-applied"));
    QVERIFY2(first[0].detail.find("v1 0 / v2 100") != std::string::npos, first[0].detail.c_str());
    QCOMPARE(pushes.size(), size_t(6));  // every sidecar confirmed the new version
    const auto rest = player.advance(10);
    QCOMPARE(rest.size(), size_t(2));
    QCOMPARE(rest[0].kind, std::string("pod-killed"));
    QCOMPARE(rest[0].detail, std::string("details-v1-0"));
    QCOMPARE(rest[1].kind, std::string("config-applied"));  // reviews-v1 scaled to 2: one more pod
    QVERIFY2(rest[1].detail.find("started reviews-v1-1") != std::string::npos, rest[1].detail.c_str());
    QCOMPARE(processesMentioning(dir.path()), 13);  // 13 - details' 2 + reviews-v1-1's 2
    QVERIFY(player.done());
    // All traffic now goes to reviews v2, which calls ratings.
    const auto ingress = runner.ingressEndpoint();
    const auto reply = runtime::httpRequest(ingress->first, ingress->second, "GET", "/productpage", {},
                                            std::chrono::milliseconds(3000));
    QVERIFY(reply.status >= 500);  // details is dead, so the page fails
  }

  void childrenDieWithTheirParent() {
    // PR_SET_PDEATHSIG: a supervisor killed with SIGKILL takes its children along.
    QTemporaryDir dir;
    QProcess helper;
    helper.start(MS_BINARY_DIR "/app/meshctl/meshctl",
                 {"simulate", MS_SOURCE_DIR "/samples/bookinfo", "--duration", "30s"});
    QVERIFY(helper.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(processesMentioning("meshstudio-run-" + QString::number(helper.processId())) >= 13, 15000);
    ::kill(static_cast<pid_t>(helper.processId()), SIGKILL);
    helper.waitForFinished();
    QTRY_COMPARE_WITH_TIMEOUT(processesMentioning("meshstudio-run-" + QString::number(helper.processId())), 0, 5000);
  }
};

QTEST_GUILESS_MAIN(MeshRunnerTest)
#include "tst_mesh_runner.moc"
