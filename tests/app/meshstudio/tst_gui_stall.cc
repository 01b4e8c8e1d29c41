// The GUI thread keeps answering while a 40-pod design starts and runs under load: a 5 ms
// timer on the GUI thread measures the longest gap between its ticks.
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QtTest>

#include "document/design_document.h"
#include "generated_design.h"
#include "run/run_controller.h"
#include "run/run_panel.h"
#include "window/main_window.h"

using namespace ms::studio;

class TestGuiStall : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    qputenv("MESHSTUDIO_BIN_DIR", MS_BINARY_DIR "/proxy");
  }

  void guiThreadStaysResponsiveDuringA40PodRun() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    w.document()->setText(ms::test::chainDesign(20, 30));
    w.document()->waitForDiagnostics();
    QCOMPARE(w.document()->mesh().resources.size(), size_t(41));
    w.showDesign();

    std::vector<double> gaps;
    QElapsedTimer clock;
    QTimer probe;
    probe.setInterval(5);
    qint64 last = 0;
    connect(&probe, &QTimer::timeout, this, [&] {
      const qint64 now = clock.nsecsElapsed();
      if (last) gaps.push_back((now - last) / 1e6);
      last = now;
    });
    clock.start();
    probe.start();
    w.runPanel()->run();
    QTRY_VERIFY_WITH_TIMEOUT(w.runPanel()->pods()->topLevelItemCount() == 41, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(w.runPanel()->edges()->topLevelItemCount() >= 19, 20000);
    // An edit while running is pushed to the running proxies.
    const int index = w.document()->indexOf("VirtualService/default/svc3");
    QVERIFY(index >= 0);
    ms::model::Resource vs = w.document()->mesh().resources[static_cast<size_t>(index)];
    vs.as<ms::model::VirtualService>()->http[0].route[0].weight = 50;
    vs.as<ms::model::VirtualService>()->http[0].route[1].weight = 50;
    w.document()->replaceResource(index, vs, "50/50");
    QTRY_VERIFY_WITH_TIMEOUT(!w.runPanel()->events()->findItems("config-applied", Qt::MatchExactly, 1).isEmpty(), 10000);
    QTest::qWait(4000);  // live updates of tables and charts under load
    probe.stop();
    w.runPanel()->stop();
    QTRY_VERIFY_WITH_TIMEOUT(w.runPanel()->lastResult().requests > 0, 30000);

    std::sort(gaps.begin(), gaps.end());
    const double p99 = gaps[static_cast<size_t>(0.99 * static_cast<double>(gaps.size() - 1))];
    const double worst = gaps.back();
    qInfo("GUI thread during a 41-pod run: %zu ticks, gap p99 %.1f ms, max %.1f ms (limit 50 ms)", gaps.size(), p99, worst);
    // The 99th percentile, not the maximum: on a 2-core machine running 82 processes the kernel
    // alone can hold the thread back for tens of milliseconds now and then.
    QVERIFY2(p99 < 50, qPrintable(QStringLiteral("GUI thread stalls: p99 %1 ms").arg(p99)));
  }
};

QTEST_MAIN(TestGuiStall)
#include "tst_gui_stall.moc"
