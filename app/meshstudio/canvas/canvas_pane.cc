#include "canvas/canvas_pane.h"

#include <QVBoxLayout>

#include "canvas/canvas_style.h"
#include "canvas/canvas_view.h"
#include "canvas/glyphs.h"

namespace ms::studio {

namespace {

QIcon paletteIcon(PaletteItem item) {
  switch (item) {
    case PaletteItem::Service: return tileIcon(kindAccent(NodeKind::Service, false), QStringLiteral("S"));
    case PaletteItem::Gateway: return tileIcon(kindAccent(NodeKind::Gateway, false), QStringLiteral("G"));
    case PaletteItem::ServiceEntry: return tileIcon(kindAccent(NodeKind::External, false), QStringLiteral("E"));
    case PaletteItem::VirtualService: return glyphIcon(QColor(0x25, 0x63, 0xeb), Glyph::Route);
    case PaletteItem::DestinationRule: return glyphIcon(QColor(0xea, 0x58, 0x0c), Glyph::Subsets);
    case PaletteItem::PeerAuthentication: return glyphIcon(badgeAccent(BadgeKind::Mtls, false), Glyph::Lock);
    case PaletteItem::AuthorizationPolicy: return glyphIcon(badgeAccent(BadgeKind::Authz, false), Glyph::Shield);
  }
  return {};
}

QString paletteTip(PaletteItem item) {
  switch (item) {
    case PaletteItem::Service: return QObject::tr("Add a service (one version, v1) to the design");
    case PaletteItem::Gateway: return QObject::tr("Add an ingress Gateway (HTTP port 80, any host)");
    case PaletteItem::ServiceEntry: return QObject::tr("Add an external service (ServiceEntry)");
    case PaletteItem::VirtualService:
      return QObject::tr("Add a VirtualService for the selected service (split over its subsets)");
    case PaletteItem::DestinationRule:
      return QObject::tr("Add a DestinationRule for the selected service (a subset per version)");
    case PaletteItem::PeerAuthentication:
      return QObject::tr("Require mutual TLS (STRICT) for the selected service, or for the namespace");
    case PaletteItem::AuthorizationPolicy:
      return QObject::tr("Allow only the selected service's current callers");
  }
  return {};
}

}  // namespace

CanvasPalette::CanvasPalette(CanvasView* view, QWidget* parent) : QToolBar(tr("Palette"), parent) {
  setIconSize(QSize(20, 20));
  setToolButtonStyle(Qt::ToolButtonIconOnly);
  for (PaletteItem item : kPaletteItems) {
    if (item == PaletteItem::VirtualService) addSeparator();
    QAction* a = addAction(paletteIcon(item), QString::fromLatin1(paletteName(item)));
    a->setToolTip(paletteTip(item));
    connect(a, &QAction::triggered, view, [view, item] { view->addFromPalette(item); });
    actions_[item] = a;
  }
  addSeparator();
  addAction(tr("Zoom In"), view, &CanvasView::zoomIn)->setToolTip(tr("Zoom in (wheel, Ctrl++)"));
  addAction(tr("Zoom Out"), view, &CanvasView::zoomOut)->setToolTip(tr("Zoom out (wheel, Ctrl+-)"));
  addAction(tr("Fit"), view, &CanvasView::fitAll)->setToolTip(tr("Show the whole design (Ctrl+0)"));
  addAction(tr("Auto Layout"), view, &CanvasView::autoLayout)->setToolTip(tr("Lay the design out by its call graph"));
  connect(view, &CanvasView::selectionChanged, this, &CanvasPalette::updateEnabled);
  updateEnabled({});
}

void CanvasPalette::updateEnabled(const QStringList& selection) {
  const bool service = selection.size() == 1 &&
                       (selection.front().startsWith("Service/") || selection.front().startsWith("ServiceEntry/"));
  for (auto& [item, action] : actions_)
    if (needsTarget(item)) action->setEnabled(service);
}

CanvasPane::CanvasPane(DesignDocument* document, QWidget* parent)
    : QWidget(parent), view_(new CanvasView(document, this)), palette_(new CanvasPalette(view_, this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(palette_);
  layout->addWidget(view_, 1);
}

}  // namespace ms::studio
