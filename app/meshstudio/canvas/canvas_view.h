#pragma once
// The canvas widget: shows a MeshScene. Wheel (or Ctrl +/-) zooms about the cursor, Ctrl+0
// fits, dragging on empty space selects with a rubber band, the middle button pans. Delete,
// Ctrl+C, Ctrl+V and Ctrl+A act on the selection. This is the API the main window wires up.
#include <QGraphicsView>
#include <QStringList>

#include <map>
#include <set>
#include <string>

#include "canvas/live_stats.h"
#include "canvas/palette_items.h"
#include "model/diagnostic.h"

namespace ms::studio {

class DesignDocument;
class MeshScene;

class CanvasView : public QGraphicsView {
  Q_OBJECT
 public:
  explicit CanvasView(DesignDocument* document, QWidget* parent = nullptr);

  MeshScene* meshScene() const { return scene_; }
  double zoom() const;
  bool showsEverything() const;  // every node and edge is inside the viewport

 public slots:
  // Selects what `ref` names (node id, edge id or resource ref) and centres it.
  void selectRef(const QString& ref);
  void setProblemRefs(const std::map<std::string, model::Level>& problems);
  void setLiveEdges(const LiveEdges& edges);
  void setKilledPods(const std::set<std::string>& pods);
  void setEjections(const PodEjections& ejections);
  void clearLive();

  void zoomIn();
  void zoomOut();
  void resetZoom();
  void fitAll();
  void autoLayout();

  void deleteSelection();
  void copySelection();
  void paste();
  void selectAll();
  // Adds a palette item in the middle of what the view shows (policies: for the selected service).
  void addFromPalette(PaletteItem item);

 signals:
  void selectionChanged(const QStringList& refs);
  void objectAdded(const QString& ref);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;
  void drawBackground(QPainter* painter, const QRectF& rect) override;
  void showEvent(QShowEvent* event) override;

 private:
  void scaleBy(double factor);
  QPointF visibleCenter() const;
  QRectF contentBounds() const;

  MeshScene* scene_;
  QPoint panFrom_;
  bool panning_ = false;
  bool fitted_ = false;
};

}  // namespace ms::studio
