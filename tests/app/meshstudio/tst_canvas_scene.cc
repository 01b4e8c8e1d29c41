// The canvas on screen (offscreen): items follow the document, gestures become single undo
// steps, problems and live numbers show. Renders PNGs of the canvas into the build folder.
#include <QApplication>
#include <QClipboard>
#include <QPainter>
#include <QSignalSpy>
#include <QtTest>

#include "canvas/canvas_pane.h"
#include "canvas/canvas_style.h"
#include "canvas/canvas_view.h"
#include "canvas/edge_item.h"
#include "canvas/edge_label_item.h"
#include "canvas/mesh_scene.h"
#include "canvas/node_item.h"
#include "document/design_document.h"

using namespace ms;
using namespace ms::studio;

namespace {

QString bookinfoFile() { return QStringLiteral(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml"); }
QString istioBookinfo() { return QStringLiteral(MS_SHARED_DIR "/istio/samples/bookinfo"); }

void openOrDie(DesignDocument& doc, const QString& path) {
  QString error;
  if (!doc.open({path}, &error)) qFatal("%s", qPrintable(error));
}

// Shows a canvas at the size the window would give it.
struct Canvas {
  DesignDocument doc;
  CanvasView* view = nullptr;
  std::unique_ptr<CanvasPane> pane;

  explicit Canvas(const QString& path = bookinfoFile()) {
    openOrDie(doc, path);
    pane = std::make_unique<CanvasPane>(&doc);
    view = pane->view();
    pane->resize(1400, 900);
    pane->show();
    if (!QTest::qWaitForWindowExposed(pane.get())) qFatal("canvas not exposed");
  }
  MeshScene* scene() const { return view->meshScene(); }
  NodeItem* node(const char* id) const { return scene()->nodeItem(id); }
  EdgeItem* edge(const char* id) const { return scene()->edgeItem(id); }
};

void sendMouse(QWidget* w, QEvent::Type type, QPoint at, Qt::MouseButton button, Qt::MouseButtons buttons) {
  QMouseEvent e(type, QPointF(at), w->mapToGlobal(QPointF(at)), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(w, &e);
}

// Presses at `from`, moves in steps and releases at `to` (scene coordinates).
void drag(CanvasView* view, QPointF from, QPointF to) {
  QWidget* vp = view->viewport();
  const QPoint a = view->mapFromScene(from), b = view->mapFromScene(to);
  sendMouse(vp, QEvent::MouseButtonPress, a, Qt::LeftButton, Qt::LeftButton);
  for (int i = 1; i <= 6; ++i) sendMouse(vp, QEvent::MouseMove, a + (b - a) * i / 6, Qt::NoButton, Qt::LeftButton);
  sendMouse(vp, QEvent::MouseButtonRelease, b, Qt::LeftButton, Qt::NoButton);
}

QPointF headerPoint(NodeItem* n) { return n->pos() + QPointF(n->size().width() / 2, 14); }
QPointF centerOf(NodeItem* n) { return n->sceneFrame().center(); }

// Pixels close to `color`, a way to see whether something was drawn in it.
int pixelsNear(const QImage& image, const QColor& color, int tolerance = 40) {
  int count = 0;
  const QImage img = image.convertToFormat(QImage::Format_RGB32);
  for (int y = 0; y < img.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(img.constScanLine(y));
    for (int x = 0; x < img.width(); ++x)
      if (std::abs(qRed(line[x]) - color.red()) + std::abs(qGreen(line[x]) - color.green()) +
              std::abs(qBlue(line[x]) - color.blue()) < tolerance)
        ++count;
  }
  return count;
}

// The colour the scene paints at `at` (rendered at 4x, the middle pixel of that spot).
QColor renderedColour(QGraphicsScene* scene, QPointF at) {
  QImage image(9, 9, QImage::Format_RGB32);
  image.fill(Qt::magenta);
  QPainter p(&image);
  p.setRenderHint(QPainter::Antialiasing);
  scene->render(&p, QRectF(0, 0, 9, 9), QRectF(at - QPointF(1.125, 1.125), QSizeF(2.25, 2.25)));
  p.end();
  return image.pixelColor(4, 4);
}

bool near(const QColor& a, const QColor& b, int tolerance = 40) {
  return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) < tolerance;
}

QImage grabTo(QWidget* w, const QString& name) {
  const QImage image = w->grab().toImage();
  image.save(QStringLiteral(MS_BINARY_DIR "/canvas-%1.png").arg(name));
  return image;
}

bool framesOverlap(MeshScene* scene) {
  const auto& nodes = scene->graph().nodes;
  for (size_t i = 0; i < nodes.size(); ++i)
    for (size_t j = i + 1; j < nodes.size(); ++j)
      if (scene->nodeItem(nodes[i].id)->sceneFrame().intersects(scene->nodeItem(nodes[j].id)->sceneFrame())) return true;
  return false;
}

QPalette darkPalette() {
  QPalette p;
  p.setColor(QPalette::Window, QColor(0x20, 0x21, 0x24));
  p.setColor(QPalette::Base, QColor(0x28, 0x29, 0x2d));
  p.setColor(QPalette::Text, QColor(0xe8, 0xea, 0xed));
  p.setColor(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
  p.setColor(QPalette::Highlight, QColor(0x4c, 0x8d, 0xff));
  return p;
}

}  // namespace

class TestCanvasScene : public QObject {
  Q_OBJECT
 private slots:
  void itemsFollowTheModel() {
    Canvas c;
    QCOMPARE(c.scene()->graph().nodes.size(), size_t(5));
    QVERIFY(c.node("Service/default/reviews"));
    QCOMPARE(c.node("Service/default/productpage")->pos(), QPointF(260, 40));  // stored in the design
    QVERIFY(c.edge("call:Service/default/productpage>Service/default/reviews"));
    QCOMPARE(c.edge("call:Service/default/productpage>Service/default/reviews")->label()->text(),
             QString::fromUtf8("v1 90% \u00b7 v2 10%"));
    QVERIFY(!framesOverlap(c.scene()));  // the gateway, without a position, found room
    QVERIFY(c.node("Gateway/default/bookinfo-gateway")->pos().y() < 40);
    QVERIFY(c.doc.nodePositions().count("Gateway/default/bookinfo-gateway") == 0);  // opening changes nothing
    QVERIFY(!c.doc.isModified());
  }

  void dragMovesTheSelectionInOneUndoStep() {
    Canvas c;
    NodeItem* page = c.node("Service/default/productpage");
    NodeItem* details = c.node("Service/default/details");
    page->setSelected(true);
    details->setSelected(true);
    const QPointF pageBefore = page->pos(), detailsBefore = details->pos();
    drag(c.view, headerPoint(page), headerPoint(page) + QPointF(100, 50));
    QCOMPARE(c.doc.undoStack()->count(), 1);
    const auto stored = c.doc.nodePositions();
    QCOMPARE(stored.at("Service/default/productpage"), pageBefore + QPointF(100, 50));
    QCOMPARE(stored.at("Service/default/details"), detailsBefore + QPointF(100, 50));
    QCOMPARE(c.node("Service/default/productpage"), page);  // the rebuild kept the items
    QVERIFY(page->isSelected() && details->isSelected());
    c.doc.undoStack()->undo();
    QCOMPARE(page->pos(), pageBefore);
    QCOMPARE(details->pos(), detailsBefore);
  }

  void deleteIsOneUndoStep() {
    Canvas c;
    c.node("Service/default/reviews")->setSelected(true);
    c.edge("ingress:Gateway/default/bookinfo-gateway>Service/default/productpage")->setSelected(true);
    c.view->deleteSelection();
    QCOMPARE(c.doc.undoStack()->count(), 1);
    QVERIFY(!c.node("Service/default/reviews"));
    QVERIFY(!c.edge("call:Service/default/productpage>Service/default/reviews"));
    QVERIFY(!c.edge("ingress:Gateway/default/bookinfo-gateway>Service/default/productpage"));
    QCOMPARE(c.doc.indexOf("VirtualService/default/bookinfo"), -1);  // its only route went
    c.doc.undoStack()->undo();
    QVERIFY(c.node("Service/default/reviews"));
    QVERIFY(c.edge("call:Service/default/reviews>Service/default/ratings"));
    QVERIFY(c.edge("ingress:Gateway/default/bookinfo-gateway>Service/default/productpage"));
    QCOMPARE(c.node("Service/default/reviews")->pos(), QPointF(440, 240));
  }

  void rubberBandSelectsSeveral() {
    Canvas c;
    QSignalSpy selection(c.view, &CanvasView::selectionChanged);
    drag(c.view, QPointF(60, 225), QPointF(700, 400));  // from empty canvas around details and reviews
    QVERIFY(c.node("Service/default/details")->isSelected());
    QVERIFY(c.node("Service/default/reviews")->isSelected());
    QVERIFY(!c.node("Service/default/ratings")->isSelected());
    QVERIFY(selection.last().at(0).toStringList().contains("Service/default/reviews"));
    QVERIFY(c.doc.nodePositions().at("Service/default/details") == QPointF(80, 240));  // nothing moved
  }

  void wheelAndKeysZoom() {
    Canvas c;
    const double before = c.view->zoom();
    QWheelEvent wheel(QPointF(200, 200), c.view->viewport()->mapToGlobal(QPointF(200, 200)), QPoint(), QPoint(0, 120),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(c.view->viewport(), &wheel);
    QVERIFY(c.view->zoom() > before * 1.1);
    QTest::keyClick(c.view, Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(c.view, Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(c.view->zoom() < before);
    for (int i = 0; i < 40; ++i) c.view->zoomOut();
    QVERIFY(c.view->zoom() >= 0.15 - 1e-9);  // bounded
    c.view->fitAll();
    QVERIFY(c.view->zoom() <= 1.0 + 1e-9);
  }

  void keyboardDeleteActsOnTheSelection() {
    Canvas c;
    c.node("Service/default/details")->setSelected(true);
    QTest::keyClick(c.view, Qt::Key_Delete);
    QVERIFY(!c.node("Service/default/details"));
    QCOMPARE(c.doc.undoStack()->count(), 1);
  }

  void draggingTheHandleConnects() {
    Canvas c;
    NodeItem* details = c.node("Service/default/details");
    NodeItem* ratings = c.node("Service/default/ratings");
    drag(c.view, details->handleScenePos(), centerOf(ratings));
    QCOMPARE(c.doc.undoStack()->count(), 1);
    QVERIFY(c.edge("call:Service/default/details>Service/default/ratings"));
    QCOMPARE(details->pos(), QPointF(80, 240));  // the handle does not move the node
    c.doc.undoStack()->undo();
    QVERIFY(!c.edge("call:Service/default/details>Service/default/ratings"));
    // Dropping on empty canvas connects nothing.
    drag(c.view, details->handleScenePos(), details->handleScenePos() + QPointF(0, 600));
    QCOMPARE(c.doc.undoStack()->count(), 1);
    QCOMPARE(c.doc.undoStack()->index(), 0);  // nothing new was pushed
  }

  void paletteAddsAndSelects() {
    Canvas c;
    QSignalSpy selection(c.view, &CanvasView::selectionChanged);
    QSignalSpy added(c.view, &CanvasView::objectAdded);
    QVERIFY(!c.pane->paletteBar()->action(PaletteItem::VirtualService)->isEnabled());  // needs a service
    c.pane->paletteBar()->action(PaletteItem::Service)->trigger();
    QVERIFY(c.node("Service/default/service"));
    QVERIFY(c.node("Service/default/service")->isSelected());
    QCOMPARE(selection.last().at(0).toStringList(), QStringList{"Service/default/service"});
    QCOMPARE(added.last().at(0).toString(), QString("Service/default/service"));
    QVERIFY(c.doc.nodePositions().count("Service/default/service"));
    c.scene()->clearSelection();
    c.node("Service/default/reviews")->setSelected(true);
    QVERIFY(c.pane->paletteBar()->action(PaletteItem::VirtualService)->isEnabled());
    c.pane->paletteBar()->action(PaletteItem::DestinationRule)->trigger();
    QCOMPARE(added.last().at(0).toString(), QString("DestinationRule/default/reviews-2"));
    QCOMPARE(c.doc.undoStack()->count(), 2);
    c.doc.undoStack()->undo();
    c.doc.undoStack()->undo();
    QVERIFY(!c.node("Service/default/service"));
  }

  void copyAndPaste() {
    Canvas c;
    NodeItem* details = c.node("Service/default/details");
    details->setSelected(true);
    c.view->copySelection();
    QVERIFY(QGuiApplication::clipboard()->text().contains("name: details"));
    c.view->paste();
    NodeItem* copy = c.node("Service/default/details-copy");
    QVERIFY(copy);
    QVERIFY(copy->isSelected());
    QVERIFY(!details->isSelected());
    QCOMPARE(copy->pos(), details->pos() + QPointF(40, 40));
    c.view->paste();  // again: a second copy, a step further
    QVERIFY(c.node("Service/default/details-copy-2"));
    QCOMPARE(c.node("Service/default/details-copy-2")->pos(), details->pos() + QPointF(80, 80));
    QCOMPARE(c.doc.undoStack()->count(), 2);
  }

  void problemsMarkNodesAndEdges() {
    Canvas c;
    const QColor error = problemColor(model::Level::Error);
    const int before = pixelsNear(grabTo(c.pane.get(), "no-problems"), error);
    c.view->setProblemRefs({{"VirtualService/default/reviews", model::Level::Warning},
                            {"Gateway/default/bookinfo-gateway", model::Level::Error}});
    QCOMPARE(c.node("Service/default/reviews")->problem(), std::optional(model::Level::Warning));
    QCOMPARE(c.node("Gateway/default/bookinfo-gateway")->problem(), std::optional(model::Level::Error));
    QVERIFY(!c.node("Service/default/details")->problem());
    QCOMPARE(c.edge("call:Service/default/productpage>Service/default/reviews")->problem(),
             std::optional(model::Level::Warning));
    QVERIFY(pixelsNear(grabTo(c.pane.get(), "problems"), error) > before + 100);
    c.view->setProblemRefs({});
    QVERIFY(!c.node("Gateway/default/bookinfo-gateway")->problem());
  }

  void selectRefSelectsAndCentres() {
    Canvas c;
    QSignalSpy selection(c.view, &CanvasView::selectionChanged);
    c.view->selectRef("DestinationRule/default/ratings");
    QCOMPARE(selection.last().at(0).toStringList(), QStringList{"Service/default/ratings"});
    const QPointF shown = c.view->mapToScene(c.view->viewport()->rect().center());
    const QPointF ratings = centerOf(c.node("Service/default/ratings"));
    QVERIFY2(QLineF(shown, ratings).length() < 120, qPrintable(QString("%1,%2").arg(shown.x()).arg(shown.y())));
    c.view->selectRef("VirtualService/default/bookinfo");
    QCOMPARE(selection.last().at(0).toStringList(), QStringList{"VirtualService/default/bookinfo"});
    QVERIFY(c.edge("ingress:Gateway/default/bookinfo-gateway>Service/default/productpage")->isSelected());
    c.view->selectRef("Service/default/nowhere");
    QCOMPARE(selection.last().at(0).toStringList(), QStringList{});
  }

  void clickingAnEdgeLabelSelectsTheEdge() {
    Canvas c;
    EdgeItem* toReviews = c.edge("call:Service/default/productpage>Service/default/reviews");
    QSignalSpy selection(c.view, &CanvasView::selectionChanged);
    QTest::mouseClick(c.view->viewport(), Qt::LeftButton, {},
                      c.view->mapFromScene(toReviews->label()->sceneBoundingRect().center() + QPointF(-20, 0)));
    QVERIFY(toReviews->isSelected());
    QCOMPARE(selection.last().at(0).toStringList(), QStringList{"VirtualService/default/reviews"});
  }

  void selectionSurvivesRebuilds() {
    Canvas c;
    NodeItem* reviews = c.node("Service/default/reviews");
    reviews->setSelected(true);
    QSignalSpy selection(c.view, &CanvasView::selectionChanged);
    c.doc.setNodePositions({{"Service/default/details", QPointF(0, 300)}});
    QCOMPARE(c.node("Service/default/reviews"), reviews);
    QVERIFY(reviews->isSelected());
    QCOMPARE(selection.count(), 0);
    QCOMPARE(c.node("Service/default/details")->pos(), QPointF(0, 300));
  }

  void liveStatsColourTheEdges() {
    Canvas c;
    CanvasColors colors = CanvasColors::of(c.scene()->palette());
    const QColor failing = healthColor(Health::Failing, colors);
    const int before = pixelsNear(c.view->grab().toImage(), failing);
    c.view->setLiveEdges({{{"productpage-v1", "details"}, {48, 0.2, 9, true}},
                          {{"productpage-v1", "reviews"}, {48, 2, 30, true}},
                          {{"reviews-v2", "ratings"}, {5, 20, 60, false}},
                          {{"istio-ingressgateway", "productpage"}, {50, 0, 80, true}}});
    c.view->setKilledPods({"reviews-v2-0"});
    EdgeItem* toDetails = c.edge("call:Service/default/productpage>Service/default/details");
    EdgeItem* toReviews = c.edge("call:Service/default/productpage>Service/default/reviews");
    EdgeItem* toRatings = c.edge("call:Service/default/reviews>Service/default/ratings");
    QCOMPARE(toDetails->lineColor(colors), healthColor(Health::Healthy, colors));
    QCOMPARE(toReviews->lineColor(colors), healthColor(Health::Degraded, colors));
    QCOMPARE(toRatings->lineColor(colors), failing);
    QCOMPARE(toRatings->label()->text(), QString::fromUtf8("5.0 rps \u00b7 20% \u00b7 p99 60 ms"));
    QVERIFY(c.edge("ingress:Gateway/default/bookinfo-gateway>Service/default/productpage")->live());
    QVERIFY(c.node("Service/default/reviews")->isKilled("reviews-v2-0"));
    QVERIFY(pixelsNear(grabTo(c.pane.get(), "bookinfo-live"), failing) > before + 50);
    c.view->clearLive();
    QVERIFY(!toRatings->liveMode());
    QCOMPARE(toRatings->lineColor(colors), colors.edge);
    QVERIFY(!c.node("Service/default/reviews")->isKilled("reviews-v2-0"));
  }

  // Outlier detection's ejections grey a pod's dot (killed pods stay hollow), and say why.
  void ejectedPodsAreGrey() {
    Canvas c;
    const CanvasColors colors = CanvasColors::of(c.scene()->palette());
    NodeItem* reviews = c.node("Service/default/reviews");
    auto centre = [&](const char* pod) {
      const QRectF dot = reviews->podDotRect(pod);
      if (dot.isEmpty()) qFatal("no dot for %s", pod);
      return renderedColour(c.scene(), reviews->mapToScene(dot.center()));
    };
    const QColor alive = centre("reviews-v1-0");
    QVERIFY(!near(alive, ejectedPodColor(colors)));
    c.view->setLiveEdges({{{"productpage-v1", "reviews"}, {48, 2, 30, true}}});
    c.view->setEjections({{"reviews-v2-0", {"productpage-v1-0"}}, {"ratings-v1-0", {"reviews-v2-0", "reviews-v3-0"}}});
    c.view->setKilledPods({"reviews-v3-0"});
    QVERIFY(reviews->isEjected("reviews-v2-0"));
    QVERIFY(!reviews->isEjected("ratings-v1-0"));  // another node's pod
    QVERIFY(c.node("Service/default/ratings")->isEjected("ratings-v1-0"));
    QVERIFY2(near(centre("reviews-v2-0"), ejectedPodColor(colors)), qPrintable(centre("reviews-v2-0").name()));
    QVERIFY(near(centre("reviews-v1-0"), alive));
    // Hollow (a ring crossed by a line): inside, off the line, the card shows through.
    const QRectF killed = reviews->podDotRect("reviews-v3-0");
    QVERIFY(near(renderedColour(c.scene(), reviews->mapToScene(killed.center() + QPointF(1.4, -0.9))), colors.nodeFill));
    QVERIFY(reviews->podToolTip("reviews-v2-0").contains("ejected by 1 caller (outlier detection)"));
    QVERIFY(reviews->podToolTip("reviews-v2-0").contains("productpage-v1-0"));
    QVERIFY(c.node("Service/default/ratings")->toolTip().contains("ejected by 2 callers (outlier detection)"));
    QCOMPARE(reviews->podAt(reviews->podDotRect("reviews-v2-0").center()), std::string("reviews-v2-0"));
    grabTo(c.pane.get(), "bookinfo-ejected");
    c.view->clearLive();
    QVERIFY(!reviews->isEjected("reviews-v2-0"));
    QVERIFY(near(centre("reviews-v2-0"), alive));
  }

  // Run mode rings each service in the health of its inbound traffic (Kiali's node colours).
  void servicesTakeTheHealthOfTheirInboundTraffic() {
    Canvas c;
    const CanvasColors colors = CanvasColors::of(c.scene()->palette());
    QVERIFY(!c.node("Service/default/ratings")->liveHealth());
    c.view->setLiveEdges({{{"productpage-v1", "details"}, {48, 0.2, 9, true}},
                          {{"productpage-v1", "reviews"}, {48, 2, 30, true}},
                          {{"reviews-v2", "ratings"}, {5, 20, 60, false}},
                          {{"reviews-v3", "ratings"}, {5, 0, 60, false}},
                          {{"istio-ingressgateway", "productpage"}, {50, 0, 80, true}}});
    QVERIFY(c.node("Service/default/details")->liveHealth() == Health::Healthy);
    QVERIFY(c.node("Service/default/productpage")->liveHealth() == Health::Healthy);
    QVERIFY(c.node("Service/default/reviews")->liveHealth() == Health::Degraded);
    QVERIFY(c.node("Service/default/ratings")->liveHealth() == Health::Failing);  // 10% over both callers
    c.view->setLiveEdges({{{"productpage-v1", "details"}, {48, 0, 9, true}}});
    QVERIFY(c.node("Service/default/ratings")->liveHealth() == Health::Idle);
    // The border is drawn in it: the left edge of the card, halfway down.
    NodeItem* details = c.node("Service/default/details");
    const QPointF border = details->mapToScene(QPointF(0.8, details->size().height() / 2));
    QVERIFY2(near(renderedColour(c.scene(), border), healthColor(Health::Healthy, colors), 90),
             qPrintable(renderedColour(c.scene(), border).name()));
    NodeItem* ratings = c.node("Service/default/ratings");
    QVERIFY(near(renderedColour(c.scene(), ratings->mapToScene(QPointF(0.8, ratings->size().height() / 2))),
                 healthColor(Health::Idle, colors), 90));
    c.view->clearLive();
    QVERIFY(!details->liveHealth());
    QVERIFY(!near(renderedColour(c.scene(), border), healthColor(Health::Healthy, colors), 90));
  }

  void openingAnotherDesignStartsAfresh() {
    Canvas c;
    c.node("Service/default/productpage")->setSelected(true);
    QSignalSpy selection(c.view, &CanvasView::selectionChanged);
    QString error;
    QVERIFY(c.doc.open({istioBookinfo()}, &error));
    Canvas fresh(istioBookinfo());
    // Not where bookinfo.mesh.yaml had it: laid out as the imported design alone would be.
    QCOMPARE(c.node("Service/default/productpage")->pos(), fresh.node("Service/default/productpage")->pos());
    QVERIFY(!c.node("Service/default/productpage")->isSelected());
    QCOMPARE(selection.last().at(0).toStringList(), QStringList{});
  }

  void autoLayoutStoresPositionsInOneStep() {
    Canvas c(istioBookinfo());
    QVERIFY(c.doc.nodePositions().empty());
    QVERIFY(!framesOverlap(c.scene()));
    c.view->autoLayout();
    QCOMPARE(c.doc.undoStack()->count(), 1);
    QCOMPARE(c.doc.nodePositions().size(), c.scene()->graph().nodes.size());
  }

  void renderBookinfo() {
    Canvas c;
    const QImage image = grabTo(c.pane.get(), "bookinfo");
    QVERIFY(pixelsNear(image, kindAccent(NodeKind::Service, false)) > 300);  // the kind tiles
    QVERIFY(pixelsNear(image, kindAccent(NodeKind::Gateway, false)) > 100);
  }

  void renderBookinfoDark() {
    Canvas c;
    c.scene()->setPalette(darkPalette());
    const QImage image = grabTo(c.pane.get(), "bookinfo-dark");
    const QColor background = CanvasColors::of(darkPalette()).background;
    QVERIFY(pixelsNear(image, background, 12) > image.width() * image.height() / 3);
    QVERIFY(pixelsNear(image, kindAccent(NodeKind::Service, true)) > 300);
  }

  void renderPolicies() {
    Canvas c(QStringLiteral(MS_SOURCE_DIR "/tests/app/meshstudio/data/canvas-policies.mesh.yaml"));
    QVERIFY(!framesOverlap(c.scene()));
    const QImage image = grabTo(c.pane.get(), "policies");
    QVERIFY(pixelsNear(image, badgeAccent(BadgeKind::Fault, false)) > 20);
    QVERIFY(pixelsNear(image, badgeAccent(BadgeKind::Authz, false)) > 20);
    // Badges explain themselves.
    const auto badges = c.node("Service/default/back")->childItems();
    QVERIFY(std::any_of(badges.begin(), badges.end(), [](QGraphicsItem* b) { return b->toolTip().contains("STRICT"); }));
  }

  void renderImportedFolder() {
    Canvas c(istioBookinfo());
    QVERIFY(c.scene()->graph().nodes.size() > 8);
    QVERIFY(!framesOverlap(c.scene()));
    const QRectF gateway = c.node("Gateway/default/bookinfo-gateway")->sceneFrame();
    QVERIFY(gateway.bottom() < c.node("Service/default/productpage")->sceneFrame().top());
    const QImage image = grabTo(c.pane.get(), "istio-bookinfo");
    QVERIFY(pixelsNear(image, kindAccent(NodeKind::Service, false)) > 300);
  }
};

QTEST_MAIN(TestCanvasScene)
#include "tst_canvas_scene.moc"
