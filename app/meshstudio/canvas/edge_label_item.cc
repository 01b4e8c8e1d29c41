#include "canvas/edge_label_item.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>

#include "canvas/badge_item.h"
#include "canvas/canvas_style.h"
#include "canvas/edge_item.h"
#include "canvas/glyphs.h"

namespace ms::studio {

namespace {
constexpr double kPillHeight = 20, kPillPadding = 8, kLock = 11, kGap = 4;
}

EdgeLabelItem::EdgeLabelItem(EdgeItem* edge) : edge_(edge) {
  setZValue(3);
  setAcceptedMouseButtons(Qt::LeftButton);
  refresh();
}

void EdgeLabelItem::refresh() {
  prepareGeometryChange();
  for (BadgeItem* b : badges_) delete b;
  badges_.clear();
  const GraphEdge& e = edge_->edge();
  lock_ = false;
  if (edge_->liveMode()) {
    text_ = edge_->live() ? QString::fromStdString(liveLabel(*edge_->live())) : QString();
    lock_ = edge_->live() && edge_->live()->mtls;
  } else {
    text_ = QString::fromStdString(e.label());
    for (const Badge& b : e.badges) badges_.push_back(new BadgeItem(b, this));
  }
  // The split on top, the badges in a row under it, both centred.
  const QRectF pill = pillRect();
  double badgesWidth = 0;
  for (BadgeItem* b : badges_) badgesWidth += b->boundingRect().width() + (badgesWidth > 0 ? kGap : 0);
  const double width = std::max(pill.width(), badgesWidth);
  const double badgesTop = pill.isEmpty() ? 0 : kPillHeight + kGap;
  double x = (width - badgesWidth) / 2;
  for (BadgeItem* b : badges_) {
    b->setPos(x, badgesTop);
    x += b->boundingRect().width() + kGap;
  }
  size_ = QSizeF(width, badges_.empty() ? kPillHeight : badgesTop + kPillHeight);
  setToolTip(QString::fromStdString(e.tooltip));
  setVisible(!isEmpty());
  update();
}

QRectF EdgeLabelItem::pillRect() const {
  if (text_.isEmpty()) return {};
  const double text = QFontMetricsF(chipFont()).horizontalAdvance(text_);
  const double width = kPillPadding * 2 + text + (lock_ ? kLock + kGap : 0);
  return QRectF((size_.width() - width) / 2, 0, width, kPillHeight);
}

void EdgeLabelItem::placeAt(QPointF center) { setPos(center - QPointF(size_.width() / 2, size_.height() / 2)); }

QRectF EdgeLabelItem::boundingRect() const { return QRectF(QPointF(0, 0), size_).adjusted(-2, -2, 2, 2); }

void EdgeLabelItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  const QRectF pill = pillRect();
  if (pill.isEmpty()) return;
  const CanvasColors c = CanvasColors::of(scene() ? scene()->palette() : QPalette());
  const QColor line = edge_->isSelected() ? c.selection : edge_->lineColor(c);
  p->setRenderHint(QPainter::Antialiasing);
  p->setPen(QPen(edge_->liveMode() || edge_->isSelected() || edge_->problem() ? line : c.nodeBorder, 1.2));
  p->setBrush(c.labelFill);
  const QRectF r = pill.adjusted(0.5, 0.5, -0.5, -0.5);
  p->drawRoundedRect(r, r.height() / 2, r.height() / 2);
  double x = pill.left() + kPillPadding;
  if (lock_) {
    paintGlyph(*p, Glyph::Lock, QRectF(x, (kPillHeight - kLock) / 2, kLock, kLock), line);
    x += kLock + kGap;
  }
  p->setFont(chipFont());
  p->setPen(edge_->liveMode() && edge_->live() ? line.darker(c.dark ? 90 : 115) : c.text);
  p->drawText(QRectF(x, 0, pill.right() - x, kPillHeight), Qt::AlignVCenter | Qt::AlignLeft, text_);
}

void EdgeLabelItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  if (!(event->modifiers() & Qt::ControlModifier) && scene()) scene()->clearSelection();
  edge_->setSelected(!(event->modifiers() & Qt::ControlModifier) || !edge_->isSelected());
  event->accept();
}

}  // namespace ms::studio
