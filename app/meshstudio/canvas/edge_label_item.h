#pragma once
// The label of an edge, drawn above the nodes so it stays readable: a pill with the split
// ("v1 90% · v2 10%") or live numbers, followed by the route's badges. Clicking it selects the edge.
#include <QGraphicsItem>

#include <vector>

namespace ms::studio {

class BadgeItem;
class EdgeItem;

class EdgeLabelItem : public QGraphicsItem {
 public:
  explicit EdgeLabelItem(EdgeItem* edge);

  void refresh();              // after the edge's data or live numbers changed
  void placeAt(QPointF center);
  QString text() const { return text_; }
  bool isEmpty() const { return text_.isEmpty() && badges_.empty(); }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;

 private:
  QRectF pillRect() const;
  EdgeItem* edge_;
  QString text_;
  bool lock_ = false;  // live: the traffic is mutual TLS
  std::vector<BadgeItem*> badges_;
  QSizeF size_;
};

}  // namespace ms::studio
