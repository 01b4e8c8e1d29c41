// The designer's promise, done as a person does it in one window with real processes: open
// Bookinfo, press Run, drag the reviews canary to 50/50 and watch the split chart follow; add a
// circuit breaker in the inspector and watch it trip; break a reference and see the problem;
// export YAML that `meshctl validate` accepts.
#include <QCheckBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QProcess>
#include <QSlider>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include "dashboard.h"
#include "document/design_document.h"
#include "inspector/inspector_panel.h"
#include "inspector/weight_split.h"
#include "problems/problems_panel.h"
#include "run/run_controller.h"
#include "run/run_panel.h"
#include "window/export_dialog.h"
#include "window/main_window.h"

using namespace ms;
using namespace ms::studio;

namespace {

const QString kBookinfo = QStringLiteral(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml");

template <class W> W* field(InspectorPanel* panel, const char* path) {
  return panel->formWidget()->findChild<W*>(QString::fromLatin1(path));
}

// v1's share of reviews' requests over the last `seconds` ticks the split chart holds; -1
// while it holds fewer.
double v1Share(const dashboard::SplitChart* chart, int seconds) {
  if (chart->service() != "reviews") return -1;
  const QList<QPointF> v1 = chart->upper("v1");
  if (v1.size() < seconds) return -1;
  double sum = 0;
  for (int i = v1.size() - seconds; i < v1.size(); ++i) sum += v1[i].y();
  return sum / seconds;
}

double overflowsPerSecond(const dashboard::TripsChart* chart) {
  double most = 0;
  for (const QString& edge : chart->edges())
    for (const QPointF& p : chart->overflowPoints(edge)) most = std::max(most, p.y());
  return most;
}

}  // namespace

class TestDesignerFlow : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    qputenv("MESHSTUDIO_BIN_DIR", MS_BINARY_DIR "/proxy");
  }

  void canarySliderMovesTheLiveSplitAndACircuitBreakerTrips() {
    MainWindow w;
    QVERIFY(w.openPaths({kBookinfo}));
    w.document()->waitForDiagnostics();
    RunPanel* run = w.runPanel();
    QSignalSpy running(run, &RunPanel::runningChanged);
    run->run();
    const dashboard::SplitChart* split = run->dashboard()->splitChart();
    QTRY_VERIFY_WITH_TIMEOUT(v1Share(split, 3) > 75, 30000);  // the design's 90/10
    qInfo("reviews v1 share at 90/10: %.1f %% over 3 s", v1Share(split, 3));

    w.inspector()->setSelection({"VirtualService/default/reviews"});
    auto* weights = w.inspector()->formWidget()->findChild<WeightSplitEditor*>();
    QVERIFY(weights);
    QSlider* v1 = weights->slider(0);
    v1->setSliderDown(true);
    for (int v = 90; v >= 50; v -= 5) v1->setValue(v);
    v1->setSliderDown(false);
    QCOMPARE(weights->spinBox(1)->value(), 50);
    const double before = split->upper("v1").size();
    // Pushed live; the chart's last three seconds settle near 50 %.
    QElapsedTimer moved;
    moved.start();
    QTRY_VERIFY_WITH_TIMEOUT(split->upper("v1").size() >= before + 3 && std::abs(v1Share(split, 3) - 50) < 15, 20000);
    qInfo("after the drag to 50/50: %.1f %% over 3 s, %lld ms later", v1Share(split, 3), moved.elapsed());

    // A circuit breaker on reviews, added field by field as in the inspector.
    w.inspector()->setSelection({"DestinationRule/default/reviews"});
    for (const char* chip : {"spec.trafficPolicy", "spec.trafficPolicy.connectionPool",
                             "spec.trafficPolicy.connectionPool.tcp", "spec.trafficPolicy.connectionPool.http"}) {
      auto* add = field<QToolButton>(w.inspector(), chip);
      QVERIFY2(add, chip);
      add->click();
    }
    auto* maxConnections = field<QSpinBox>(w.inspector(), "spec.trafficPolicy.connectionPool.tcp.maxConnections");
    auto* maxPending = field<QSpinBox>(w.inspector(), "spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests");
    QVERIFY(maxConnections && maxPending);
    maxConnections->setValue(1);
    maxPending->setValue(1);
    QVERIFY(w.document()->text().find("http1MaxPendingRequests: 1") != std::string::npos);
    QTRY_VERIFY_WITH_TIMEOUT(overflowsPerSecond(run->dashboard()->tripsChart()) >= 1, 20000);  // none without it
    qInfo("circuit breaker: up to %.0f 503 UO per second", overflowsPerSecond(run->dashboard()->tripsChart()));
    const auto events = run->events()->findItems("config", Qt::MatchContains | Qt::MatchRecursive, 1);
    QVERIFY2(events.size() >= 2, "each push is listed as an event");  // the canary, the breaker

    // Outlier detection on reviews, then a reviews pod killed: its callers eject it.
    field<QToolButton>(w.inspector(), "spec.trafficPolicy.outlierDetection")->click();
    auto* errors = field<QSpinBox>(w.inspector(), "spec.trafficPolicy.outlierDetection.consecutive5xxErrors");
    auto* interval = field<QLineEdit>(w.inspector(), "spec.trafficPolicy.outlierDetection.interval");
    QVERIFY(errors && interval);
    errors->setValue(2);
    interval->setText("500ms");
    emit interval->editingFinished();
    RunController* controller = w.runController();
    const auto pod = std::find_if(controller->pods().begin(), controller->pods().end(),
                                  [](const RunningPod& p) { return p.name.rfind("reviews-v2", 0) == 0; });
    QVERIFY(pod != controller->pods().end());
    const std::string killed = pod->name;
    QTest::qWait(1500);  // the push settles
    controller->killPod(killed);
    QElapsedTimer ejected;
    ejected.start();
    QTRY_VERIFY_WITH_TIMEOUT(controller->ejections().count(killed), 20000);
    qInfo("%s ejected %lld ms after the kill", killed.c_str(), ejected.elapsed());
    const auto row = run->pods()->findItems(QString::fromStdString(killed), Qt::MatchExactly, 0);
    QVERIFY(!row.isEmpty());
    QTRY_VERIFY(row.front()->text(4).contains("ejected"));

    run->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!running.isEmpty() && !running.back().front().toBool(), 20000);
  }

  void aBrokenReferenceIsAProblemAndTheExportValidates() {
    MainWindow w;
    QVERIFY(w.openPaths({kBookinfo}));
    w.document()->waitForDiagnostics();
    const int before = w.problemsPanel()->list()->topLevelItemCount();
    w.inspector()->setSelection({"VirtualService/default/reviews"});
    auto* host = field<QWidget>(w.inspector(), "spec.http[0].route[1].destination.subset");
    QVERIFY(host);
    auto* edit = host->findChild<QLineEdit*>() ? host->findChild<QLineEdit*>() : qobject_cast<QLineEdit*>(host);
    QVERIFY(edit);
    edit->setText("v9");
    emit edit->editingFinished();
    w.document()->waitForDiagnostics();
    QTRY_VERIFY(w.problemsPanel()->list()->topLevelItemCount() > before);
    const auto found = w.problemsPanel()->list()->findItems("v9", Qt::MatchContains | Qt::MatchRecursive, 2);
    QVERIFY2(!found.isEmpty(), "the problem names the missing subset");

    w.document()->undoStack()->undo();
    w.document()->waitForDiagnostics();
    QTRY_COMPARE(w.problemsPanel()->list()->topLevelItemCount(), before);
    QTemporaryDir dir;
    QString error;
    ExportDialog dialog(w.document());
    QVERIFY2(dialog.kubernetesOption()->isChecked(), "a design with services exports them");
    QVERIFY2(dialog.writeTo(dir.filePath("bookinfo.yaml"), &error), qPrintable(error));
    QProcess meshctl;
    meshctl.start(MS_BINARY_DIR "/app/meshctl/meshctl", {"validate", dir.filePath("bookinfo.yaml")});
    QVERIFY(meshctl.waitForFinished(30000));
    QVERIFY2(meshctl.exitCode() == 0, meshctl.readAll().constData());
  }
};

QTEST_MAIN(TestDesignerFlow)
#include "tst_designer_flow.moc"
