// The inspector as people see it: renders it for Bookinfo's objects into PNGs in the build
// folder (inspector-*.png) in a light and a dark palette, and checks that the forms fit a
// narrow dock without horizontal scrolling.
#include <QApplication>
#include <QScrollArea>
#include <QtTest>

#include "document/design_document.h"
#include "inspector/inspector_panel.h"
#include "window/theme.h"

using namespace ms::studio;


class TestInspectorLook : public QObject {
  Q_OBJECT

  void render(const QString& ref, const QString& file, bool dark,
              const QString& sample = QStringLiteral("bookinfo/bookinfo.mesh.yaml"), const char* text = nullptr) {
    applyTheme(dark ? Theme::Dark : Theme::Light);  // what View > Theme sets
    DesignDocument doc;
    QString error;
    if (text) doc.setText(text);
    else QVERIFY2(doc.open({QStringLiteral(MS_SOURCE_DIR "/samples/") + sample}, &error), qPrintable(error));
    doc.waitForDiagnostics();
    InspectorPanel panel(&doc);
    panel.resize(420, 900);
    panel.setSelection({ref});
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(!panel.showsPlaceholder());
    // The form fits the dock's width: nothing hides behind a horizontal scroll.
    auto* scroll = panel.findChild<QScrollArea*>();
    QVERIFY(scroll);
    QVERIFY2(panel.formWidget()->minimumSizeHint().width() <= scroll->viewport()->width(),
             qPrintable(QStringLiteral("%1 needs %2 px, has %3").arg(ref).arg(panel.formWidget()->minimumSizeHint().width())
                            .arg(scroll->viewport()->width())));
    const QImage image = panel.grab().toImage();
    QVERIFY(!image.isNull());
    const QString path = QStringLiteral(MS_BINARY_DIR "/%1%2.png").arg(file, dark ? "-dark" : "");
    QVERIFY2(image.save(path), qPrintable(path));
  }

 private slots:
  void virtualServiceReviews() { render("VirtualService/default/reviews", "inspector-vs-reviews", false); }
  void destinationRuleReviews() { render("DestinationRule/default/reviews", "inspector-dr-reviews", false); }
  void designServiceReviews() { render("Service/default/reviews", "inspector-service-reviews", false); }
  void meshDesign() { render("MeshDesign/default/bookinfo", "inspector-design", false); }
  void circuitBreaker() {
    render("DestinationRule/default/httpbin", "inspector-dr-httpbin", false, "circuit-breaking/circuit-breaking.mesh.yaml");
  }
  void scenarioSteps() {
    render("MeshDesign/default/bad-pod", "inspector-design-steps", false, {}, R"(apiVersion: meshstudio.dev/v1alpha1
kind: MeshDesign
metadata: {name: bad-pod}
spec:
  load: {target: reviews, port: 9080, rate: 20, duration: 30s}
  scenarios:
  - name: bad-pod
    description: reviews-v2 starts failing; the canary is rolled back.
    steps:
    - {at: 5s, action: setBehaviour, target: reviews-v2, behaviour: {errors: {rate: 1.0, status: 503}}}
    - {at: 15s, action: setWeights, target: default/reviews, weights: {v1: 100, v2: 0}}
    - {at: 20s, action: setPeerAuthentication, target: default/default, mode: STRICT}
    assertions:
    - {name: breaker trips, metric: flag, code: UO, destination: reviews, min: 1}
)");
  }
  void virtualServiceReviewsDark() { render("VirtualService/default/reviews", "inspector-vs-reviews", true); }
  void destinationRuleReviewsDark() { render("DestinationRule/default/reviews", "inspector-dr-reviews", true); }
};

QTEST_MAIN(TestInspectorLook)
#include "tst_inspector_look.moc"
