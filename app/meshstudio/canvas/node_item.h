#pragma once
// A node of the canvas: a rounded card with a header (kind tile, name, namespace), then the
// service's versions as rows (chip, pods as dots, traffic share) or a gateway's servers or an
// external service's hosts, then its policy badges. A handle at the bottom starts a connection.
#include <QGraphicsItem>

#include <optional>
#include <set>
#include <vector>

#include "canvas/canvas_graph.h"
#include "canvas/canvas_style.h"
#include "canvas/live_stats.h"
#include "model/diagnostic.h"

namespace ms::studio {

class BadgeItem;
class EdgeItem;
class MeshScene;
struct CanvasColors;

class NodeItem : public QGraphicsItem {
 public:
  enum { Type = QGraphicsItem::UserType + 1 };
  explicit NodeItem(const GraphNode& node);

  int type() const override { return Type; }
  const GraphNode& node() const { return node_; }
  const std::string& id() const { return node_.id; }
  void setNode(const GraphNode& node);

  QSizeF size() const { return size_; }
  QRectF sceneFrame() const { return QRectF(pos(), size_); }
  QPointF handleScenePos() const { return mapToScene(handleCenter()); }
  bool acceptsConnections() const { return node_.kind != NodeKind::Gateway; }

  void setProblem(std::optional<model::Level> level);
  std::optional<model::Level> problem() const { return problem_; }
  // Run mode. Killed pods (from the designer) are drawn hollow; pods outlier detection ejects
  // are drawn grey; a service's border takes the health of its inbound traffic.
  void setKilledPods(const std::set<std::string>& pods);
  bool isKilled(const std::string& pod) const { return killed_.count(pod) > 0; }
  void setEjections(const PodEjections& ejections);  // of every pod; the node keeps its own
  bool isEjected(const std::string& pod) const { return ejections_.count(pod) > 0; }
  QString podToolTip(const std::string& pod) const;  // what hovering the pod's dot shows
  void setLiveHealth(std::optional<Health> health);  // nullopt: not in Run mode
  std::optional<Health> liveHealth() const { return health_; }
  // The dot of the pod at `pos` (item coordinates), or "".
  std::string podAt(QPointF pos) const;
  QRectF podDotRect(const std::string& pod) const;  // item coordinates; empty when not drawn
  void setDropTarget(bool on);

  void addEdge(EdgeItem* edge) { edges_.push_back(edge); }
  void removeEdge(EdgeItem* edge);

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;
  void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
  void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;
  void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;

 private:
  struct Row {  // one line of the body: a version, a gateway server, an external host
    QString chip, text, trailing, tooltip;
    std::optional<std::int64_t> weight;
    std::vector<std::string> pods;
    bool dashed = false;  // a workload without sidecar
  };
  void layoutContent();
  double widthFor() const;
  std::vector<Row> rowsOf() const;
  QString tooltipText() const;
  QRectF dotRect(size_t row, size_t index) const;
  std::vector<std::string> podsOfNode() const;
  QPointF handleCenter() const;
  bool showsHandle() const;
  MeshScene* meshScene() const;

  void paintFrame(QPainter& p, const CanvasColors& c) const;
  void paintHeader(QPainter& p, const CanvasColors& c) const;
  void paintRow(QPainter& p, const CanvasColors& c, const Row& row, double y) const;
  void paintPods(QPainter& p, const CanvasColors& c, const std::vector<std::string>& pods, QPointF at) const;
  void paintHandle(QPainter& p, const CanvasColors& c) const;
  void paintProblem(QPainter& p) const;

  GraphNode node_;
  std::vector<Row> rows_;
  std::vector<BadgeItem*> badges_;
  std::vector<EdgeItem*> edges_;
  QSizeF size_;
  double rowsTop_ = 0;
  std::optional<model::Level> problem_;
  std::set<std::string> killed_;
  PodEjections ejections_;
  std::optional<Health> health_;
  bool hovered_ = false, dropTarget_ = false, connecting_ = false;
};

}  // namespace ms::studio
