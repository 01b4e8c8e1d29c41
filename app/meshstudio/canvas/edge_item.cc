#include "canvas/edge_item.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPathStroker>

#include <cmath>

#include "canvas/canvas_style.h"
#include "canvas/edge_label_item.h"
#include "canvas/node_item.h"

namespace ms::studio {

namespace {

constexpr double kArrowLength = 11, kArrowHalfWidth = 5, kGap = 3;

// Where the ray from the rectangle's centre towards `toward` leaves it.
QPointF exitPoint(const QRectF& r, QPointF toward) {
  const QPointF c = r.center(), d = toward - c;
  if (std::abs(d.x()) < 1e-6 && std::abs(d.y()) < 1e-6) return c;
  const double tx = std::abs(d.x()) > 1e-6 ? (r.width() / 2) / std::abs(d.x()) : 1e9;
  const double ty = std::abs(d.y()) > 1e-6 ? (r.height() / 2) / std::abs(d.y()) : 1e9;
  return c + d * std::min(tx, ty);
}

QPointF unit(QPointF v) {
  const double length = std::hypot(v.x(), v.y());
  return length < 1e-9 ? QPointF(0, 0) : v / length;
}

}  // namespace

EdgeItem::EdgeItem(const GraphEdge& edge, NodeItem* from, NodeItem* to) : edge_(edge) {
  setFlags(ItemIsSelectable);
  setZValue(0);
  label_ = new EdgeLabelItem(this);
  attach(from, to);
  setToolTip(QString::fromStdString(edge_.tooltip));
}

EdgeItem::~EdgeItem() {
  detach();
  delete label_;
}

void EdgeItem::attach(NodeItem* from, NodeItem* to) {
  from_ = from;
  to_ = to;
  from_->addEdge(this);
  to_->addEdge(this);
}

void EdgeItem::detach() {
  if (from_) from_->removeEdge(this);
  if (to_) to_->removeEdge(this);
  from_ = to_ = nullptr;
}

void EdgeItem::setEdge(const GraphEdge& edge, NodeItem* from, NodeItem* to) {
  edge_ = edge;
  if (from != from_ || to != to_) {
    detach();
    attach(from, to);
  }
  setToolTip(QString::fromStdString(edge_.tooltip));
  label_->refresh();
  adjust();
}

void EdgeItem::setBend(double bend) {
  if (bend_ == bend) return;
  bend_ = bend;
  adjust();
}

void EdgeItem::adjust() {
  if (!from_ || !to_) return;
  prepareGeometryChange();
  const QRectF a = from_->sceneFrame(), b = to_->sceneFrame();
  const QPointF normal = unit(QPointF(-(b.center() - a.center()).y(), (b.center() - a.center()).x()));
  const QPointF middle = (a.center() + b.center()) / 2 + normal * bend_;
  const QPointF start = exitPoint(a, middle);
  QPointF end = exitPoint(b, middle);
  end -= unit(end - middle) * kGap;
  const QPointF control = 2 * middle - (start + end) / 2;  // the curve passes through `middle`
  path_ = QPainterPath(start);
  const QPointF direction = unit(end - (bend_ == 0 ? start : control));
  const QPointF shaftEnd = end - direction * (kArrowLength - 1);
  if (bend_ == 0) path_.lineTo(shaftEnd);
  else path_.quadTo(control, shaftEnd);
  const QPointF side(-direction.y() * kArrowHalfWidth, direction.x() * kArrowHalfWidth);
  const QPointF base = end - direction * kArrowLength;
  arrow_ = QPolygonF({end, base + side, base - side});
  label_->placeAt(path_.pointAtPercent(labelAt_));
  update();
}

void EdgeItem::setLabelAt(double t) {
  labelAt_ = t;
  if (!path_.isEmpty()) label_->placeAt(path_.pointAtPercent(t));
}

double EdgeItem::lineWidth() const {
  double width = isSelected() ? 2.6 : 1.6;
  if (liveMode_ && live_ && live_->rps > 0) width += std::min(3.0, std::log10(1 + live_->rps));
  return width;
}

QColor EdgeItem::lineColor(const CanvasColors& c) const {
  if (liveMode_) return healthColor(live_ ? healthOf(live_->rps, live_->errorPercent) : Health::Idle, c);
  if (problem_ && *problem_ != model::Level::Info) return problemColor(*problem_);
  return c.edge;
}

void EdgeItem::setLive(std::optional<LiveEdgeStats> stats, bool liveMode) {
  live_ = stats;
  liveMode_ = liveMode;
  label_->refresh();
  adjust();
}

void EdgeItem::setProblem(std::optional<model::Level> level) {
  if (problem_ == level) return;
  problem_ = level;
  label_->refresh();
  update();
}

QRectF EdgeItem::boundingRect() const { return shape().boundingRect().adjusted(-2, -2, 2, 2); }

QPainterPath EdgeItem::shape() const {
  QPainterPathStroker stroker;
  stroker.setWidth(12);
  QPainterPath p = stroker.createStroke(path_);
  p.addPolygon(arrow_);
  return p;
}

void EdgeItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  const CanvasColors c = CanvasColors::of(scene() ? scene()->palette() : QPalette());
  QColor color = isSelected() ? c.selection : lineColor(c);
  p->setRenderHint(QPainter::Antialiasing);
  QPen pen(color, lineWidth(), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
  if (edge_.kind != EdgeKind::Call) pen.setDashPattern({4, 3});
  p->setPen(pen);
  p->setBrush(Qt::NoBrush);
  p->drawPath(path_);
  p->setPen(QPen(color, 1, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  p->setBrush(color);
  p->drawPolygon(arrow_);
}

QVariant EdgeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
  if (change == ItemSelectedHasChanged) {
    label_->refresh();
    adjust();
  }
  if (change == ItemSceneHasChanged && scene() && !label_->scene()) scene()->addItem(label_);
  return QGraphicsItem::itemChange(change, value);
}

}  // namespace ms::studio
