#pragma once
// An edge of the canvas: a line (solid for calls, dashed for routes) from node to node with an
// arrow, bent aside when the opposite edge exists; its label shows the traffic split and the
// route's policy badges, or in run mode the live rate, errors and p99, coloured by health.
#include <QGraphicsItem>

#include <optional>

#include "canvas/canvas_graph.h"
#include "canvas/live_stats.h"
#include "model/diagnostic.h"

namespace ms::studio {

class EdgeLabelItem;
class NodeItem;
struct CanvasColors;

class EdgeItem : public QGraphicsItem {
 public:
  enum { Type = QGraphicsItem::UserType + 2 };
  EdgeItem(const GraphEdge& edge, NodeItem* from, NodeItem* to);
  ~EdgeItem() override;

  int type() const override { return Type; }
  const GraphEdge& edge() const { return edge_; }
  const std::string& id() const { return edge_.id; }
  NodeItem* fromNode() const { return from_; }
  NodeItem* toNode() const { return to_; }
  EdgeLabelItem* label() const { return label_; }

  void setEdge(const GraphEdge& edge, NodeItem* from, NodeItem* to);
  void setBend(double bend);  // sideways offset of the middle, in scene units
  void adjust();              // after a node moved
  // Where along the edge its label sits: 0 at the source, 1 at the target (0.5 by default).
  void setLabelAt(double t);

  void setLive(std::optional<LiveEdgeStats> stats, bool liveMode);
  const std::optional<LiveEdgeStats>& live() const { return live_; }
  bool liveMode() const { return liveMode_; }
  QColor lineColor(const CanvasColors& colors) const;  // what paint() strokes with
  void setProblem(std::optional<model::Level> level);
  std::optional<model::Level> problem() const { return problem_; }

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

 private:
  void attach(NodeItem* from, NodeItem* to);
  void detach();
  double lineWidth() const;

  GraphEdge edge_;
  NodeItem* from_ = nullptr;
  NodeItem* to_ = nullptr;
  EdgeLabelItem* label_ = nullptr;
  double bend_ = 0;
  double labelAt_ = 0.5;
  QPainterPath path_;
  QPolygonF arrow_;
  std::optional<LiveEdgeStats> live_;
  bool liveMode_ = false;
  std::optional<model::Level> problem_;
};

}  // namespace ms::studio
