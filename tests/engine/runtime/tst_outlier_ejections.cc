// The runtime learns which pods outlier detection ejects, and by whom, from the proxies'
// /clusters: the outlier-detection sample's bad pod shows up ejected by productpage's proxy
// within a few seconds of turning bad, and nothing is reported ejected before that.
#include <QtTest>

#include <QTemporaryDir>

#include "istio/importer.h"
#include "runtime/live_simulation.h"
#include "runtime/outlier_ejections.h"

using namespace ms;

namespace {

std::string describe(const runtime::EjectedPods& pods) {
  std::string out;
  for (const auto& [pod, by] : pods) {
    out += pod + " by";
    for (const auto& c : by) out += " " + c;
    out += "; ";
  }
  return out.empty() ? "none" : out;
}

}  // namespace

class OutlierEjectionsTest : public QObject {
  Q_OBJECT

 private slots:
  void readsEnvoysClustersText() {
    // As proxy/admin/admin_server.cc writes it (Envoy's /clusters text form).
    const std::string text =
        "outbound|9080||reviews.default.svc.cluster.local::outlier::ejections_active::1\n"
        "outbound|9080||reviews.default.svc.cluster.local::127.0.10.3:15006::health_flags::healthy\n"
        "outbound|9080||reviews.default.svc.cluster.local::127.0.10.3:15006::times_ejected::0\n"
        "outbound|9080||reviews.default.svc.cluster.local::127.0.10.4:15006::health_flags::failed_outlier_check\n"
        "outbound|9080||reviews.default.svc.cluster.local::127.0.10.4:15006::workload::reviews-v1\n"
        "outbound|9080|v1|reviews.default.svc.cluster.local::127.0.10.5:15006::health_flags::"
        "/failed_active_hc|failed_outlier_check\n";
    QCOMPARE(runtime::ejectedEndpoints(text), (std::set<std::string>{"127.0.10.4:15006", "127.0.10.5:15006"}));
    QVERIFY(runtime::ejectedEndpoints("").empty());
  }

  void theBadPodIsReportedEjectedByItsCaller() {
    istio::ImportResult imported = istio::importPaths({MS_SOURCE_DIR "/samples/outlier-detection"});
    QTemporaryDir dir;
    runtime::SimulationOptions options;
    options.runtime.runDir = dir.path().toStdString();
    options.runtime.proxyBinary = MS_BINARY_DIR "/proxy/meshproxy";
    options.runtime.workloadBinary = MS_BINARY_DIR "/proxy/meshworkload";
    options.durationSeconds = 10;
    options.scenario = "bad-pod";  // reviews-v1-2 answers 503 from 3 s on
    runtime::LiveSimulation run(options);
    std::string error;
    QVERIFY2(run.start(imported.mesh, {}, &error), error.c_str());
    double ejectedAt = -1;
    runtime::EjectedPods seen;
    while (!run.loadFinished() && ejectedAt < 0) {
      QTest::qWait(500);
      runtime::SimulationRound r = run.round();
      if (r.elapsed < 3) QVERIFY2(r.ejected.empty(), describe(r.ejected).c_str());
      if (!r.ejected.empty()) {
        seen = r.ejected;
        ejectedAt = r.elapsed;
      }
    }
    run.finish();
    QVERIFY2(ejectedAt >= 3 && ejectedAt < 8, ("first ejection at " + std::to_string(ejectedAt)).c_str());
    QCOMPARE(seen.size(), size_t(1));
    QVERIFY2(seen.count("reviews-v1-2"), describe(seen).c_str());
    QCOMPARE(seen["reviews-v1-2"], std::vector<std::string>{"productpage-v1-0"});
  }
};

QTEST_GUILESS_MAIN(OutlierEjectionsTest)
#include "tst_outlier_ejections.moc"
