#pragma once
// A policy badge: a small pill with a symbol and a word, whose tooltip explains the policy.
#include <QGraphicsItem>

#include "canvas/canvas_graph.h"

namespace ms::studio {

class BadgeItem : public QGraphicsItem {
 public:
  BadgeItem(const Badge& badge, QGraphicsItem* parent);

  const Badge& badge() const { return badge_; }
  static QSizeF sizeFor(const Badge& badge);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  Badge badge_;
  QSizeF size_;
};

// Puts badges in rows of at most `width`, starting at `origin`; returns the height used.
double flowBadges(const std::vector<BadgeItem*>& badges, QPointF origin, double width, double gap = 5);

}  // namespace ms::studio
