#pragma once
// The canvas with its toolbar: the palette (Service, Gateway, ServiceEntry, and policies for
// the selected service) and the view actions (zoom, fit, auto layout).
#include <QToolBar>
#include <QWidget>

#include <map>

#include "canvas/palette_items.h"

namespace ms::studio {

class CanvasView;
class DesignDocument;

class CanvasPalette : public QToolBar {
  Q_OBJECT
 public:
  explicit CanvasPalette(CanvasView* view, QWidget* parent = nullptr);
  QAction* action(PaletteItem item) const { return actions_.at(item); }

 private:
  void updateEnabled(const QStringList& selection);
  std::map<PaletteItem, QAction*> actions_;
};

class CanvasPane : public QWidget {
  Q_OBJECT
 public:
  explicit CanvasPane(DesignDocument* document, QWidget* parent = nullptr);
  CanvasView* view() const { return view_; }
  CanvasPalette* paletteBar() const { return palette_; }

 private:
  CanvasView* view_;
  CanvasPalette* palette_;
};

}  // namespace ms::studio
