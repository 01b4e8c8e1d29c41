#include "canvas/canvas_style.h"

#include <QGuiApplication>

namespace ms::studio {

QColor mix(const QColor& a, const QColor& b, double t) {
  auto lerp = [t](double x, double y) { return x + (y - x) * t; };
  return QColor::fromRgbF(static_cast<float>(lerp(a.redF(), b.redF())), static_cast<float>(lerp(a.greenF(), b.greenF())),
                          static_cast<float>(lerp(a.blueF(), b.blueF())), static_cast<float>(lerp(a.alphaF(), b.alphaF())));
}

CanvasColors CanvasColors::of(const QPalette& p) {
  CanvasColors c;
  const QColor base = p.color(QPalette::Base), window = p.color(QPalette::Window), text = p.color(QPalette::Text);
  c.dark = base.lightness() < 128;
  c.background = c.dark ? mix(window, base, 0.5).darker(112) : mix(window, base, 0.55);
  c.nodeFill = c.dark ? base.lighter(135) : base;
  c.grid = mix(c.background, text, c.dark ? 0.16 : 0.14);
  c.nodeBorder = mix(c.nodeFill, text, c.dark ? 0.22 : 0.16);
  c.shadow = QColor(0, 0, 0, c.dark ? 90 : 30);
  c.text = text;
  c.mutedText = mix(text, c.nodeFill, 0.42);
  c.edge = mix(c.background, text, c.dark ? 0.5 : 0.45);
  c.selection = p.color(QPalette::Highlight);
  c.labelFill = c.nodeFill;
  return c;
}

QColor kindAccent(NodeKind kind, bool dark) {
  QColor c;
  switch (kind) {
    case NodeKind::Service: c = QColor(0x3b, 0x82, 0xf6); break;
    case NodeKind::Gateway: c = QColor(0x8b, 0x5c, 0xf6); break;
    case NodeKind::External: c = QColor(0x0d, 0x94, 0x88); break;
  }
  return dark ? c.lighter(125) : c;
}

QColor badgeAccent(BadgeKind kind, bool dark) {
  QColor c;
  switch (kind) {
    case BadgeKind::Mtls: c = QColor(0x16, 0xa3, 0x4a); break;
    case BadgeKind::Retries: c = QColor(0x25, 0x63, 0xeb); break;
    case BadgeKind::Timeout: c = QColor(0xc2, 0x78, 0x03); break;
    case BadgeKind::CircuitBreaker: c = QColor(0xea, 0x58, 0x0c); break;
    case BadgeKind::Fault: c = QColor(0xdb, 0x27, 0x77); break;
    case BadgeKind::Authz: c = QColor(0x4f, 0x46, 0xe5); break;
  }
  return dark ? c.lighter(140) : c;
}

QColor problemColor(model::Level level) {
  switch (level) {
    case model::Level::Error: return QColor(0xdc, 0x26, 0x26);
    case model::Level::Warning: return QColor(0xf5, 0x9e, 0x0b);
    case model::Level::Info: return QColor(0x3b, 0x82, 0xf6);
  }
  return {};
}

Health healthOf(double rps, double errorPercent) {
  if (rps <= 0) return Health::Idle;
  if (errorPercent < 1) return Health::Healthy;
  if (errorPercent <= 5) return Health::Degraded;
  return Health::Failing;
}

QColor healthColor(Health health, const CanvasColors& colors) {
  switch (health) {
    case Health::Idle: return mix(colors.edge, colors.background, 0.45);
    case Health::Healthy: return colors.dark ? QColor(0x4a, 0xde, 0x80) : QColor(0x16, 0xa3, 0x4a);
    case Health::Degraded: return QColor(0xf5, 0x9e, 0x0b);
    case Health::Failing: return QColor(0xef, 0x44, 0x44);
  }
  return colors.edge;
}

QColor ejectedPodColor(const CanvasColors& colors) {
  return colors.dark ? QColor(0x6b, 0x72, 0x80) : QColor(0x9c, 0xa3, 0xaf);
}

QFont canvasFont(double pixelSize, bool bold) {
  QFont f = QGuiApplication::font();
  f.setPixelSize(static_cast<int>(pixelSize));
  f.setBold(bold);
  f.setHintingPreference(QFont::PreferNoHinting);  // the same glyph widths at every zoom
  return f;
}

QFont titleFont() { return canvasFont(14, true); }
QFont subtitleFont() { return canvasFont(11); }
QFont chipFont() { return canvasFont(11, true); }
QFont badgeFont() { return canvasFont(10, true); }

}  // namespace ms::studio
