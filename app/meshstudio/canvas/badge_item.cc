#include "canvas/badge_item.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>

#include "canvas/canvas_style.h"
#include "canvas/glyphs.h"

namespace ms::studio {

namespace {
constexpr double kGlyph = 12, kInset = 5, kGap = 4;
}

BadgeItem::BadgeItem(const Badge& badge, QGraphicsItem* parent)
    : QGraphicsItem(parent), badge_(badge), size_(sizeFor(badge)) {
  setToolTip(QString::fromStdString(badge.tooltip));
  setAcceptedMouseButtons(Qt::NoButton);  // clicks go to the node or edge underneath
}

QSizeF BadgeItem::sizeFor(const Badge& badge) {
  const double text = QFontMetricsF(badgeFont()).horizontalAdvance(QString::fromStdString(badge.text));
  return QSizeF(kInset + kGlyph + (badge.text.empty() ? 0 : kGap + text) + kInset + 2, canvas_metrics::kBadgeHeight);
}

QRectF BadgeItem::boundingRect() const { return QRectF(QPointF(0, 0), size_); }

void BadgeItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  const CanvasColors colors = CanvasColors::of(scene() ? scene()->palette() : QPalette());
  const QColor accent = badgeAccent(badge_.kind, colors.dark);
  const QRectF r = boundingRect().adjusted(0.5, 0.5, -0.5, -0.5);
  p->setRenderHint(QPainter::Antialiasing);
  p->setPen(QPen(mix(colors.nodeFill, accent, 0.45), 1));
  p->setBrush(mix(colors.nodeFill, accent, colors.dark ? 0.22 : 0.1));
  p->drawRoundedRect(r, r.height() / 2, r.height() / 2);
  const QRectF glyph(kInset + 1, (size_.height() - kGlyph) / 2, kGlyph, kGlyph);
  paintGlyph(*p, glyphOf(badge_.kind), glyph, accent);
  if (badge_.text.empty()) return;
  p->setFont(badgeFont());
  p->setPen(colors.dark ? accent.lighter(115) : accent.darker(125));
  p->drawText(QRectF(glyph.right() + kGap, 0, size_.width() - glyph.right() - kGap, size_.height()),
              Qt::AlignVCenter | Qt::AlignLeft, QString::fromStdString(badge_.text));
}

double flowBadges(const std::vector<BadgeItem*>& badges, QPointF origin, double width, double gap) {
  double x = 0, y = 0;
  for (BadgeItem* b : badges) {
    const double w = b->boundingRect().width();
    if (x > 0 && x + w > width) x = 0, y += canvas_metrics::kBadgeHeight + gap;
    b->setPos(origin + QPointF(x, y));
    x += w + gap;
  }
  return badges.empty() ? 0 : y + canvas_metrics::kBadgeHeight;
}

}  // namespace ms::studio
