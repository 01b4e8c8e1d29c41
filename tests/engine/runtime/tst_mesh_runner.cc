// The runtime runs a design as real processes: Bookinfo starts, serves through its gateway
// with mTLS, survives a killed pod, takes config pushes, and leaves no process behind.
#include <QtTest>

#include <QDir>
#include <QTemporaryDir>

#include <signal.h>

#include <set>

#include "istio/importer.h"
#include "load/load_generator.h"
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

model::Mesh fromText(const std::string& text) {
  model::Mesh mesh;
  model::Diagnostics diagnostics;
  istio::importText(text, "test.yaml", mesh, diagnostics);
  for (const auto& d : diagnostics)
    if (d.level == model::Level::Error) qFatal("%s", d.message.c_str());
  return mesh;
}

// web (two versions) and a client without a sidecar in namespace legacy.
const std::string kWebDesign = R"(apiVersion: meshstudio.dev/v1alpha1
kind: MeshDesign
metadata: {name: web}
spec:
  services:
  - name: web
    ports: [{name: http, port: 8000, targetPort: 8080}]
    workloads:
    - {version: v1}
  - name: client
    namespace: legacy
    ports: [{name: http, port: 80}]
    workloads:
    - {version: v1, injected: false}
  - name: sleep
    ports: [{name: http, port: 80}]
    workloads:
    - {version: v1}
)";

const std::string kStrict = R"(
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: default}
spec: {mtls: {mode: STRICT}}
)";

runtime::ProbeResult sendFrom(const runtime::MeshRunner& runner, const std::string& pod, const std::string& host,
                              const std::string& path = "/") {
  const auto hop = runner.routeFrom(pod, host);
  if (!hop) return {};
  runtime::HttpRequest r;
  r.address = hop->address;
  r.port = hop->port;
  r.host = hop->host;
  r.path = path;
  r.timeout = std::chrono::milliseconds(3000);
  return runtime::httpRequest(r);
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
      // productpage's call to details is optional (as in Bookinfo): the page degrades, naming it.
      const auto degraded = runtime::httpRequest(ingress->first, ingress->second, "GET", "/productpage", {},
                                                 std::chrono::milliseconds(3000));
      QCOMPARE(degraded.status, 200);
      QVERIFY2(degraded.header("x-mesh-degraded").find("details") != std::string::npos,
               degraded.header("x-mesh-degraded").c_str());
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
    // details is dead: the page degrades, naming it (its call is optional, as in Bookinfo).
    QCOMPARE(reply.status, 200);
    QVERIFY2(reply.header("x-mesh-degraded").find("details") != std::string::npos, reply.header("x-mesh-degraded").c_str());
  }

  // A pod without a sidecar sends plaintext straight to the destination pod (its sidecar's
  // inbound listener), as kube-proxy would: accepted while PERMISSIVE, refused once STRICT.
  void legacyClientTalksPlaintext() {
    QTemporaryDir dir;
    runtime::MeshRunner runner(options(dir));
    std::string error;
    QVERIFY2(runner.start(fromText(kWebDesign), {}, &error), error.c_str());
    // web and sleep: 2 each; the legacy client and the (implicit) ingress gateway: 1 each
    QCOMPARE(processesMentioning(dir.path()), 6);
    const auto* client = runner.findPod("client-v1-0.legacy");
    QVERIFY(client && !client->workload->injected);
    const auto hop = runner.routeFrom(client->name, "web.default:8000");
    QVERIFY(hop && hop->direct);
    QCOMPARE(hop->address, runner.findPod("web-v1-0")->address);
    QCOMPARE(hop->port, 15006);
    const auto reply = sendFrom(runner, client->name, "web.default:8000", "/hello");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("x-ms-service"), std::string("web"));
    QVERIFY(!runner.routeFrom(client->name, "nothing.default:8000"));
    // From a pod with a sidecar, the request goes to its own outbound listener.
    const auto viaSidecar = runner.routeFrom("sleep-v1-0", "web:8000");
    QVERIFY(viaSidecar && !viaSidecar->direct && viaSidecar->port == 15001);
    QCOMPARE(sendFrom(runner, "sleep-v1-0", "web:8000").status, 200);

    runner.apply(fromText(kWebDesign + kStrict), &error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(sendFrom(runner, client->name, "web.default:8000").status, 0);  // reset: no TLS
    QCOMPARE(sendFrom(runner, "sleep-v1-0", "web:8000").status, 200);        // mTLS goes on
  }

  // A push with more or fewer workloads starts and stops pods; the others learn the endpoints.
  void pushAddsAndRemovesPods() {
    QTemporaryDir dir;
    runtime::MeshRunner runner(options(dir));
    std::string error;
    QVERIFY2(runner.start(fromText(kWebDesign), {}, &error), error.c_str());
    const std::string addressOfWeb = runner.findPod("web-v1-0")->address;
    std::string bigger = kWebDesign;
    bigger.replace(bigger.find("    - {version: v1}\n  - name: client"), 0, "    - {version: v2, replicas: 2}\n");
    const runtime::PushResult grown = runner.apply(fromText(bigger), &error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(grown.started, (std::vector<std::string>{"web-v2-0", "web-v2-1"}));
    QVERIFY(grown.stopped.empty());
    QCOMPARE(runner.findPod("web-v1-0")->address, addressOfWeb);  // untouched pods keep their place
    QCOMPARE(processesMentioning(dir.path()), 10);
    // sleep's sidecar now balances over all three web pods.
    std::set<std::string> pods;
    for (int i = 0; i < 60; ++i) pods.insert(sendFrom(runner, "sleep-v1-0", "web:8000").header("x-ms-pod"));
    QCOMPARE(pods, (std::set<std::string>{"web-v1-0", "web-v2-0", "web-v2-1"}));

    const runtime::PushResult shrunk = runner.apply(fromText(kWebDesign), &error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(shrunk.stopped, (std::vector<std::string>{"web-v2-0", "web-v2-1"}));
    QCOMPARE(processesMentioning(dir.path()), 6);
    for (int i = 0; i < 20; ++i) {
      const auto reply = sendFrom(runner, "sleep-v1-0", "web:8000");
      QCOMPARE(reply.status, 200);
      QCOMPARE(reply.header("x-ms-pod"), std::string("web-v1-0"));
    }
  }

  // Scaling while traffic flows: new replicas take traffic, removed ones are drained first
  // (no proxy routes to them when they stop), so no request fails.
  void scaleUnderLoadLosesNothing() {
    QTemporaryDir dir;
    runtime::MeshRunner runner(options(dir));
    std::string error;
    QVERIFY2(runner.start(bookinfo(), {}, &error), error.c_str());
    const auto ingress = runner.ingressEndpoint();
    runtime::LoadTarget target;
    target.address = ingress->first;
    target.port = static_cast<std::uint16_t>(ingress->second);
    target.path = "/productpage";
    runtime::LoadOptions load;
    load.rate = 100;
    runtime::LoadGenerator generator(target, load);
    QVERIFY(generator.start(&error));
    QTest::qWait(500);
    auto up = runner.scale("reviews-v1", 3, &error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(up.started.size(), size_t(2));
    QTest::qWait(1000);
    auto down = runner.scale("reviews-v1", 1, &error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(down.stopped, (std::vector<std::string>{"reviews-v1-1", "reviews-v1-2"}));
    QTest::qWait(500);
    generator.stop();
    const auto counts = generator.total();
    QVERIFY(counts.completed > 150);
    QCOMPARE(counts.byStatus.size(), size_t(1));
    QCOMPARE(counts.byStatus.begin()->first, 200);
    QVERIFY(!runner.scale("no-such-workload", 2, &error).version.size() && !error.empty());
  }

  // Workload certificates live 3 s here and are reissued at half-life; every request opens a
  // new mTLS connection, so once the first certificates have expired only rotated ones work.
  void certificatesRotateBeforeExpiry() {
    QTemporaryDir dir;
    runtime::RuntimeOptions o = options(dir);
    o.certLifetime = std::chrono::seconds(3);
    runtime::MeshRunner runner(o);
    int rotations = 0;
    connect(&runner, &runtime::MeshRunner::certificatesRotated, this, [&](int n) { rotations += n; });
    std::string error;
    const std::string oneConnectionPerRequest = R"(
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web}
spec: {host: web, trafficPolicy: {connectionPool: {http: {maxRequestsPerConnection: 1}}}}
)";
    QVERIFY2(runner.start(fromText(kWebDesign + oneConnectionPerRequest), {}, &error), error.c_str());
    QFile cert(QString::fromStdString(runner.certificatePath(*runner.findPod("web-v1-0"))));
    QVERIFY(cert.open(QIODevice::ReadOnly));
    const QByteArray first = cert.readAll();
    cert.close();
    QTest::qWait(5000);  // past the first certificate's end
    QVERIFY(rotations >= 2);  // web's and sleep's at least
    QVERIFY(cert.open(QIODevice::ReadOnly));
    QVERIFY(cert.readAll() != first);
    for (int i = 0; i < 10; ++i) QCOMPARE(sendFrom(runner, "sleep-v1-0", "web:8000").status, 200);
  }

  void childrenDieWithTheirParent() {
    // PR_SET_PDEATHSIG: a supervisor killed with SIGKILL takes its children along.
    QTemporaryDir dir;
    QProcess helper;
    helper.start(MS_BINARY_DIR "/app/meshctl/meshctl",
                 {"simulate", MS_SOURCE_DIR "/samples/bookinfo", "--duration", "30s"});
    QVERIFY(helper.waitForStarted());
    // processId() is 0 once the process is gone: keep the run folder's name from before.
    const QString runFolder = "meshstudio-run-" + QString::number(helper.processId());
    QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(runFolder) >= 13, 15000);
    ::kill(static_cast<pid_t>(helper.processId()), SIGKILL);
    helper.waitForFinished();
    QTRY_COMPARE_WITH_TIMEOUT(processesMentioning(runFolder), 0, 5000);
    // A killed meshctl cannot clean up after itself; its run folder is ours to remove.
    QVERIFY(QDir(QDir::tempPath() + "/" + runFolder).removeRecursively());
  }
};

QTEST_GUILESS_MAIN(MeshRunnerTest)
#include "tst_mesh_runner.moc"
