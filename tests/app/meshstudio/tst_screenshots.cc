// Screenshots of the designer for people to look at (written to the build folder), with
// checks that each shows what it should: the design, the problems, and a live run.
#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QtTest>

#include <QComboBox>

#include "canvas/canvas_pane.h"
#include "canvas/canvas_view.h"
#include "canvas/mesh_scene.h"
#include "canvas/node_item.h"
#include "document/design_document.h"
#include "problems/problems_panel.h"
#include "run/run_panel.h"
#include "window/main_window.h"
#include "yaml/yaml_pane.h"

using namespace ms::studio;

namespace {

const QString kBookinfo = QStringLiteral(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml");
const QString kOutlier = QStringLiteral(MS_SOURCE_DIR "/samples/outlier-detection/outlier-detection.mesh.yaml");

QString shotPath(const QString& name) {
  QDir().mkpath(MS_BINARY_DIR "/screenshots");
  return QStringLiteral(MS_BINARY_DIR "/screenshots/%1.png").arg(name);
}

// Not blank: enough distinct colours that something was drawn.
int distinctColours(const QImage& image) {
  QSet<QRgb> seen;
  for (int y = 0; y < image.height(); y += 7)
    for (int x = 0; x < image.width(); x += 7) seen.insert(image.pixel(x, y));
  return static_cast<int>(seen.size());
}

QImage capture(QWidget* w, const QString& name) {
  QCoreApplication::processEvents();
  const QImage image = w->grab().toImage();
  image.save(shotPath(name));
  return image;
}

}  // namespace

class TestScreenshots : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    qputenv("MESHSTUDIO_BIN_DIR", MS_BINARY_DIR "/proxy");
  }

  void designer() {
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(w.openPaths({kBookinfo}));
    w.document()->waitForDiagnostics();
    const QImage image = capture(&w, "designer-bookinfo");
    QCOMPARE(image.size(), w.size() * w.devicePixelRatio());
    QVERIFY2(w.height() <= 1000, "the window cannot shrink to 1000 px: a pane asks too much height");
    QVERIFY(distinctColours(image) > 20);
  }

  void problems() {
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(w.openPaths({kBookinfo}));
    QString text = QString::fromStdString(w.document()->text());
    w.document()->setText(text.replace("subset: v2", "subset: v9").replace("host: ratings", "host: ratingz").toStdString());
    w.document()->waitForDiagnostics();
    QVERIFY(w.problemsPanel()->list()->topLevelItemCount() >= 2);
    const QImage image = capture(&w, "problems");
    QVERIFY(distinctColours(image) > 20);
  }

  void liveRun() {
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(w.openPaths({kBookinfo}));
    w.runPanel()->run();
    QTRY_VERIFY_WITH_TIMEOUT(w.runPanel()->edges()->topLevelItemCount() >= 3, 30000);
    QTest::qWait(3000);  // a few seconds of charts
    const QImage image = capture(&w, "live-run");
    QVERIFY(distinctColours(image) > 20);
    w.runPanel()->stop();
    QTRY_VERIFY_WITH_TIMEOUT(w.runPanel()->lastResult().requests > 0, 20000);
  }

  // The outlier-detection sample's bad-pod scenario: reviews-v1-2 turns bad at 3 s and
  // productpage's proxy ejects it; the canvas greys its dot and rings services by health.
  void liveRunWithAnEjectedPod() {
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(w.openPaths({kOutlier}));
    QComboBox* scenario = w.runPanel()->scenarioChoice();
    scenario->setCurrentIndex(scenario->findData(QStringLiteral("bad-pod")));
    QCOMPARE(scenario->currentData().toString(), QStringLiteral("bad-pod"));
    w.runPanel()->run();
    MeshScene* scene = w.canvas()->view()->meshScene();
    NodeItem* reviews = scene->nodeItem("Service/default/reviews");
    QVERIFY(reviews);
    QTRY_VERIFY_WITH_TIMEOUT(reviews->isEjected("reviews-v1-2"), 40000);
    QVERIFY(!reviews->isEjected("reviews-v1-0"));
    QTest::qWait(2500);  // the pages recover: productpage's inbound traffic turns healthy again
    QVERIFY(scene->nodeItem("Service/default/productpage")->liveHealth().has_value());
    // Running gives the Run dock half the height; take some back so the pods' dots can be seen.
    if (auto* run = w.findChild<QDockWidget*>("runDock")) w.resizeDocks({run}, {330}, Qt::Vertical);
    QTest::qWait(50);
    w.canvas()->view()->fitAll();
    const QImage image = capture(&w, "live-run-ejected");
    QVERIFY(distinctColours(image) > 20);
    w.runPanel()->stop();
    QTRY_VERIFY_WITH_TIMEOUT(w.runPanel()->lastResult().requests > 0, 20000);
    QVERIFY(!reviews->isEjected("reviews-v1-2"));
  }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
