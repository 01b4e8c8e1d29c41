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
// Edges and service nodes (inbound traffic) in Run mode: under 1% errors healthy (green), from
// 1% degraded (amber), above 5% failing (red), no traffic idle (grey).
// Kiali's documented defaults (kiali.io/docs/configuration/health, health_config.rate) are
// stricter: 5xx degraded from >= 0.1% and failing above 10%, 4xx degraded from 10% and failing
// above 20%. We keep 1% / 5%, the product's chosen thresholds (edges used them first), also
// because the live rows carry one error rate, not 5xx and 4xx apart; the comparisons follow
// Kiali's: degraded inclusive, failing strict.
Health healthOf(double rps, double errorPercent);
QColor healthColor(Health health, const CanvasColors& colors);
// A pod outlier detection ejects: running, but greyed out of its callers' load balancing.
QColor ejectedPodColor(const CanvasColors& colors);

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
