#pragma once
// How the canvas looks: colours derived from the widget palette (so light and dark themes both
// work), fixed accents for kinds, badges and health, fonts in pixels (scene units scale with the
// view, so HiDPI screens get crisp vector drawing) and the metrics items share.
#include <QColor>
#include <QFont>
#include <QPalette>

#include "canvas/canvas_graph.h"
#include "model/diagnostic.h"

namespace ms::studio {

struct CanvasColors {
  bool dark = false;
  QColor background, grid, nodeFill, nodeBorder, shadow, text, mutedText, edge, selection, labelFill;

  static CanvasColors of(const QPalette& palette);
};

QColor mix(const QColor& a, const QColor& b, double t);  // t = 0: a, t = 1: b

QColor kindAccent(NodeKind kind, bool dark);
QColor badgeAccent(BadgeKind kind, bool dark);
QColor problemColor(model::Level level);

enum class Health { Idle, Healthy, Degraded, Failing };
// Kiali's thresholds: under 1% errors healthy, under 5% degraded, else failing.
Health healthOf(double rps, double errorPercent);
QColor healthColor(Health health, const CanvasColors& colors);

namespace canvas_metrics {
inline constexpr double kServiceWidth = 224;
inline constexpr double kGatewayWidth = 208;
inline constexpr double kRadius = 10;
inline constexpr double kPadding = 12;
inline constexpr double kHeaderHeight = 46;
inline constexpr double kRowHeight = 24;
inline constexpr double kBadgeHeight = 20;
inline constexpr double kHandleRadius = 7;
}  // namespace canvas_metrics

QFont canvasFont(double pixelSize, bool bold = false);
QFont titleFont();
QFont subtitleFont();
QFont chipFont();
QFont badgeFont();

}  // namespace ms::studio
