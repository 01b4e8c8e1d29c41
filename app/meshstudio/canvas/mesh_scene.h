#pragma once
// The canvas's scene: a view of the DesignDocument. It rebuilds its items from the model
// whenever the model changes (items keep their identity, and so their selection, by id), and
// turns gestures into undoable document edits: a drag ends in one setNodePositions(), delete,
// paste, palette additions and connections are one edit() each.
#include <QGraphicsScene>
#include <QStringList>

#include <map>
#include <set>
#include <string>

#include "canvas/canvas_graph.h"
#include "canvas/canvas_layout.h"
#include "canvas/live_stats.h"
#include "canvas/palette_items.h"
#include "model/diagnostic.h"

namespace ms::studio {

class DesignDocument;
class EdgeItem;
class NodeItem;

class MeshScene : public QGraphicsScene {
  Q_OBJECT
 public:
  explicit MeshScene(DesignDocument* document, QObject* parent = nullptr);
  ~MeshScene() override;

  DesignDocument* document() const { return document_; }
  const CanvasGraph& graph() const { return graph_; }
  NodeItem* nodeItem(const std::string& id) const;
  EdgeItem* edgeItem(const std::string& id) const;
  NodePositions currentPositions() const;

  // Selection. Ids are node ids and edge ids; refs are what the window inspects: a node's id
  // (Service/ns/name, Gateway/ns/name, ServiceEntry/ns/name) or an edge's primary resource.
  std::vector<std::string> selectedIds() const;
  QStringList selectedRefs() const;
  // Selects what `ref` names (a node or edge id, or a resource: the edges it routes, else the
  // nodes it configures); returns their bounds, empty when nothing matched.
  QRectF selectRef(const QString& ref);

  // Edits; each is one undo step, and false means there was nothing to do.
  bool deleteSelection();
  bool copySelection();  // to the clipboard, as YAML
  bool paste();          // from the clipboard
  bool addFromPalette(PaletteItem item, QPointF at);
  bool connectNodes(const std::string& from, const std::string& to);
  bool autoLayout();  // stores the layered layout for every node

  // Diagnostics: the worst level per ref (resource refs or node ids).
  void setProblemRefs(const std::map<std::string, model::Level>& problems);

  // Run mode.
  void setLiveEdges(const LiveEdges& edges);
  void setKilledPods(const std::set<std::string>& pods);  // killed from the designer: hollow
  void setEjections(const PodEjections& ejections);       // outlier detection: grey
  void clearLive();
  bool isLive() const { return liveMode_; }

  // The connect gesture, driven by a node's handle.
  void beginConnect(NodeItem* from, QPointF scenePos);
  void dragConnect(QPointF scenePos);
  void endConnect(QPointF scenePos);

 signals:
  void selectedRefsChanged(const QStringList& refs);
  void objectAdded(const QString& ref);  // after a palette addition: the new resource or node
  void populated();                      // the scene went from empty to showing a design

 protected:
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
  bool event(QEvent* event) override;  // repaints when the palette (light/dark) changes

 private:
  void rebuild();
  void removeAllItems();  // another design: nothing of the last one stays
  void syncNodes();
  void placeNodeItems(const std::set<std::string>& fresh);
  void syncEdges();
  void bendOpposedEdges();
  void arrangeLabels();
  void applyProblems();
  void applyLive();
  void emitSelectionIfChanged();
  void commitMoves();
  NodeItem* connectTargetAt(QPointF scenePos) const;
  void finishConnectGesture();
  const GraphNode* singleSelectedNode() const;

  DesignDocument* document_;
  CanvasGraph graph_;
  std::map<std::string, NodeItem*> nodes_;
  std::map<std::string, EdgeItem*> edges_;
  bool rebuilding_ = false;
  QStringList lastRefs_;
  std::vector<std::string> pendingSelection_;
  std::map<std::string, QPointF> pressPositions_;
  std::map<std::string, model::Level> problems_;
  LiveEdges live_;
  std::set<std::string> killed_;
  PodEjections ejections_;
  bool liveMode_ = false;
  NodeItem* connectFrom_ = nullptr;
  NodeItem* dropTarget_ = nullptr;
  QGraphicsPathItem* connectLine_ = nullptr;
  std::string lastPasteText_;
  int pasteCount_ = 0;
};

}  // namespace ms::studio
