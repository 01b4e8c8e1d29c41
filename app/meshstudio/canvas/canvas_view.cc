#include "canvas/canvas_view.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

#include "canvas/canvas_style.h"
#include "canvas/mesh_scene.h"
#include "canvas/node_item.h"

namespace ms::studio {

namespace {
constexpr double kMinZoom = 0.15, kMaxZoom = 3, kZoomStep = 1.2, kGridStep = 24;
}

CanvasView::CanvasView(DesignDocument* document, QWidget* parent)
    : QGraphicsView(parent), scene_(new MeshScene(document, this)) {
  setScene(scene_);
  setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
  setDragMode(RubberBandDrag);
  setTransformationAnchor(AnchorUnderMouse);
  setResizeAnchor(AnchorViewCenter);
  setViewportUpdateMode(SmartViewportUpdate);
  setFocusPolicy(Qt::StrongFocus);
  setFrameShape(QFrame::NoFrame);
  setMinimumSize(200, 150);
  connect(scene_, &MeshScene::selectedRefsChanged, this, &CanvasView::selectionChanged);
  connect(scene_, &MeshScene::objectAdded, this, &CanvasView::objectAdded);
  connect(scene_, &MeshScene::populated, this, [this] {
    if (isVisible()) fitAll();
    else fitted_ = false;
  });
}

double CanvasView::zoom() const { return transform().m11(); }

void CanvasView::selectRef(const QString& ref) {
  const QRectF bounds = scene_->selectRef(ref);
  if (!bounds.isEmpty()) centerOn(bounds.center());
}

void CanvasView::setProblemRefs(const std::map<std::string, model::Level>& problems) { scene_->setProblemRefs(problems); }
void CanvasView::setLiveEdges(const LiveEdges& edges) { scene_->setLiveEdges(edges); }
void CanvasView::setKilledPods(const std::set<std::string>& pods) { scene_->setKilledPods(pods); }
void CanvasView::setEjections(const PodEjections& ejections) { scene_->setEjections(ejections); }
void CanvasView::clearLive() { scene_->clearLive(); }

void CanvasView::scaleBy(double factor) {
  const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
  scale(target / zoom(), target / zoom());
}

void CanvasView::zoomIn() { scaleBy(kZoomStep); }
void CanvasView::zoomOut() { scaleBy(1 / kZoomStep); }
void CanvasView::resetZoom() { setTransform(QTransform()); }

QRectF CanvasView::contentBounds() const {
  QRectF bounds;
  for (QGraphicsItem* item : scene_->items())
    if (item->isVisible() && !item->parentItem()) bounds = bounds.united(item->sceneBoundingRect());
  return bounds;
}

bool CanvasView::showsEverything() const {
  const QRectF bounds = contentBounds();
  return bounds.isEmpty() || mapToScene(viewport()->rect()).boundingRect().contains(bounds);
}

void CanvasView::fitAll() {
  QRectF bounds = contentBounds();
  if (bounds.isEmpty()) return;
  bounds.adjust(-30, -30, 30, 30);
  fitInView(bounds, Qt::KeepAspectRatio);
  if (zoom() > 1) resetZoom();  // small designs show at their natural size
  centerOn(bounds.center());
  fitted_ = true;
}

void CanvasView::autoLayout() {
  if (scene_->autoLayout()) fitAll();
}

void CanvasView::deleteSelection() { scene_->deleteSelection(); }
void CanvasView::copySelection() { scene_->copySelection(); }
void CanvasView::paste() { scene_->paste(); }

void CanvasView::selectAll() {
  for (QGraphicsItem* item : scene_->items())
    if (item->flags() & QGraphicsItem::ItemIsSelectable) item->setSelected(true);
}

QPointF CanvasView::visibleCenter() const { return mapToScene(viewport()->rect().center()); }

void CanvasView::addFromPalette(PaletteItem item) { scene_->addFromPalette(item, visibleCenter()); }

void CanvasView::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return QGraphicsView::wheelEvent(event);
  scaleBy(std::pow(kZoomStep, steps));
  event->accept();
}

void CanvasView::keyPressEvent(QKeyEvent* event) {
  if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace) return deleteSelection();
  if (event->matches(QKeySequence::Copy)) return copySelection();
  if (event->matches(QKeySequence::Paste)) return paste();
  if (event->matches(QKeySequence::SelectAll)) return selectAll();
  if (event->matches(QKeySequence::ZoomIn) || (event->modifiers() & Qt::ControlModifier && event->key() == Qt::Key_Equal))
    return zoomIn();
  if (event->matches(QKeySequence::ZoomOut)) return zoomOut();
  if (event->modifiers() & Qt::ControlModifier && event->key() == Qt::Key_0) return fitAll();
  if (event->key() == Qt::Key_Escape) return scene_->clearSelection();
  QGraphicsView::keyPressEvent(event);
}

void CanvasView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::MiddleButton) return QGraphicsView::mousePressEvent(event);
  panning_ = true;
  panFrom_ = event->pos();
  viewport()->setCursor(Qt::ClosedHandCursor);
  event->accept();
}

void CanvasView::mouseMoveEvent(QMouseEvent* event) {
  if (!panning_) return QGraphicsView::mouseMoveEvent(event);
  const QPoint delta = event->pos() - panFrom_;
  panFrom_ = event->pos();
  horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
  verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
}

void CanvasView::mouseReleaseEvent(QMouseEvent* event) {
  if (!panning_ || event->button() != Qt::MiddleButton) return QGraphicsView::mouseReleaseEvent(event);
  panning_ = false;
  viewport()->unsetCursor();
}

void CanvasView::contextMenuEvent(QContextMenuEvent* event) {
  QGraphicsItem* under = itemAt(event->pos());
  if (under && !under->isSelected()) {
    scene_->clearSelection();
    under->setSelected(true);
  }
  const QPointF at = mapToScene(event->pos());
  QMenu menu(this);
  const bool selection = !scene_->selectedIds().empty();
  menu.addAction(tr("Delete"), this, &CanvasView::deleteSelection)->setEnabled(selection);
  menu.addAction(tr("Copy"), this, &CanvasView::copySelection)->setEnabled(selection);
  menu.addAction(tr("Paste"), this, &CanvasView::paste);
  menu.addSeparator();
  QMenu* add = menu.addMenu(tr("Add"));
  for (PaletteItem item : kPaletteItems)
    add->addAction(QString::fromLatin1(paletteName(item)), this, [this, item, at] { scene_->addFromPalette(item, at); });
  menu.addSeparator();
  menu.addAction(tr("Auto Layout"), this, &CanvasView::autoLayout);
  menu.addAction(tr("Fit"), this, &CanvasView::fitAll);
  menu.exec(event->globalPos());
}

void CanvasView::drawBackground(QPainter* p, const QRectF& rect) {
  const CanvasColors c = CanvasColors::of(scene_->palette());
  p->fillRect(rect, c.background);
  if (zoom() < 0.45) return;
  // A dot grid: quiet, but it shows the canvas moves when panned.
  p->setPen(QPen(c.grid, 1.6 / zoom(), Qt::SolidLine, Qt::RoundCap));
  const double left = std::floor(rect.left() / kGridStep) * kGridStep, top = std::floor(rect.top() / kGridStep) * kGridStep;
  QVector<QPointF> dots;
  for (double x = left; x < rect.right(); x += kGridStep)
    for (double y = top; y < rect.bottom(); y += kGridStep) dots.push_back(QPointF(x, y));
  p->drawPoints(dots.data(), static_cast<int>(dots.size()));
}

void CanvasView::showEvent(QShowEvent* event) {
  QGraphicsView::showEvent(event);
  if (!fitted_) fitAll();
}

}  // namespace ms::studio
