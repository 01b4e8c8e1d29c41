#pragma once
// Small vector symbols the canvas and its palette draw (no image files: crisp at any scale).
#include <QColor>
#include <QIcon>
#include <QPainter>
#include <QRectF>

#include "canvas/canvas_graph.h"

namespace ms::studio {

enum class Glyph { Lock, Retry, Clock, Breaker, Bolt, Shield, Warning, Plus, Route, Subsets };

Glyph glyphOf(BadgeKind kind);
// Draws `glyph` in `color`, fitted into `box`.
void paintGlyph(QPainter& p, Glyph glyph, const QRectF& box, const QColor& color);
// The rounded tile with a kind's letter that heads a node.
void paintKindTile(QPainter& p, const QRectF& box, const QColor& accent, const QString& letter);
// A palette/toolbar icon: a tile with a letter, or with a glyph.
QIcon tileIcon(const QColor& accent, const QString& letter);
QIcon glyphIcon(const QColor& accent, Glyph glyph);

}  // namespace ms::studio
