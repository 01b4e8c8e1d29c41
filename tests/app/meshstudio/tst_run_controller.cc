// Run mode's engine side against real processes: a bookinfo run measured live, a pod killed,
// a design edit pushed, then stopped with a result.
#include <QSignalSpy>
#include <QtTest>

#include "istio/importer.h"
#include "run/fault_dialog.h"
#include "run/run_controller.h"

using namespace ms;
using namespace ms::studio;

namespace {

model::Mesh bookinfo() {
  auto imported = istio::importPaths({MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml"});
  return imported.mesh;
}

bool hasEvent(const QList<QList<QVariant>>& ticks, const std::string& kind) {
  for (const auto& args : ticks)
    for (const auto& e : args.at(2).value<runtime::RunEvents>())
      if (e.kind == kind) return true;
  return false;
}

}  // namespace

class TestRunController : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { qputenv("MESHSTUDIO_BIN_DIR", MS_BINARY_DIR "/proxy"); }

  void runsMeasuresAndTakesLiveChanges() {
    RunController run;
    QSignalSpy started(&run, &RunController::started);
    QSignalSpy ticks(&run, &RunController::tick);
    QSignalSpy stopped(&run, &RunController::stopped);
    QSignalSpy failed(&run, &RunController::failed);
    model::Mesh mesh = bookinfo();
    run.start(mesh, 60);
    QVERIFY2(started.wait(30000), failed.isEmpty() ? "no start" : qPrintable(failed.front().front().toString()));
    QVERIFY(run.isRunning());
    QVERIFY(std::any_of(run.pods().begin(), run.pods().end(), [](const auto& p) { return p.name.rfind("reviews-v2", 0) == 0; }));
    QTRY_VERIFY_WITH_TIMEOUT(ticks.count() >= 2, 10000);
    const auto rows = ticks.back().at(1).value<std::vector<runtime::EdgeRow>>();
    auto page = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r.destination == "productpage"; });
    QVERIFY(page != rows.end());
    QVERIFY2(page->rps > 20, std::to_string(page->rps).c_str());

    const auto pod = std::find_if(run.pods().begin(), run.pods().end(), [](const auto& p) { return p.service == "ratings"; });
    QVERIFY(pod != run.pods().end());
    run.killPod(pod->name);
    mesh = bookinfo();  // a fresh copy, as the designer's document hands over after an edit
    auto* vs = std::find_if(mesh.resources.begin(), mesh.resources.end(), [](const auto& r) {
      return r.kind == model::Kind::VirtualService && r.meta.name == "reviews";
    })->as<model::VirtualService>();
    vs->http[0].route[0].weight = 50;
    vs->http[0].route[1].weight = 50;
    run.apply(mesh);
    QTRY_VERIFY_WITH_TIMEOUT(hasEvent(ticks, "pod-killed") && hasEvent(ticks, "config-applied"), 10000);

    run.stop();
    QVERIFY(stopped.wait(20000));
    QVERIFY(!run.isRunning());
    const auto result = stopped.front().front().value<runtime::SimulationResult>();
    QVERIFY(result.requests > 50);
    QVERIFY(result.timeline.size() >= 2);
  }

  void injectedErrorsShowInTheMeasurements() {
    RunController run;
    QSignalSpy started(&run, &RunController::started);
    QSignalSpy ticks(&run, &RunController::tick);
    run.start(bookinfo(), 60);
    QVERIFY(started.wait(30000));
    const auto details = std::find_if(run.pods().begin(), run.pods().end(), [](const auto& p) { return p.service == "details"; });
    QVERIFY(details != run.pods().end());
    QVERIFY(details->behaviour.latency);  // the design's behaviour, to be kept apart from the fault
    FaultDialog dialog("details", details->behaviour);
    dialog.setValues(1, 100, 503);
    const model::Behaviour broken = dialog.behaviour();
    QCOMPARE(*broken.responseBytes, *details->behaviour.responseBytes);
    run.setBehaviour(details->workload, broken);
    auto detailsSuccess = [&] {
      const auto rows = ticks.back().at(1).value<std::vector<runtime::EdgeRow>>();
      auto e = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r.destination == "details"; });
      return e == rows.end() ? 100.0 : e->successPercent;
    };
    QTRY_VERIFY_WITH_TIMEOUT(ticks.count() > 2 && detailsSuccess() < 50, 10000);
    run.stop();
  }

  void aDesignThatCannotRunFails() {
    RunController run;
    QSignalSpy failed(&run, &RunController::failed);
    run.start(model::Mesh{}, 10);
    QVERIFY(failed.wait(20000));
    QVERIFY(!failed.front().front().toString().isEmpty());
    QVERIFY(!run.isRunning());
  }
};

QTEST_MAIN(TestRunController)
#include "tst_run_controller.moc"
