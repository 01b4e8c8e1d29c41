#include "canvas/glyphs.h"

#include <QPainterPath>
#include <QPixmap>

#include <functional>

#include "canvas/canvas_style.h"

namespace ms::studio {

namespace {

void lock(QPainter& p, const QRectF& b) {
  const QRectF body(b.left() + b.width() * 0.18, b.top() + b.height() * 0.45, b.width() * 0.64, b.height() * 0.5);
  p.drawRoundedRect(body, 1.2, 1.2);
  QPen pen = p.pen();
  p.setBrush(Qt::NoBrush);
  const QRectF shackle(b.left() + b.width() * 0.3, b.top() + b.height() * 0.08, b.width() * 0.4, b.height() * 0.6);
  p.drawArc(shackle, 0, 180 * 16);
  p.drawLine(QPointF(shackle.left(), shackle.center().y()), QPointF(shackle.left(), body.top()));
  p.drawLine(QPointF(shackle.right(), shackle.center().y()), QPointF(shackle.right(), body.top()));
}

void retry(QPainter& p, const QRectF& b) {
  const QRectF ring = b.adjusted(b.width() * 0.14, b.height() * 0.14, -b.width() * 0.14, -b.height() * 0.14);
  p.setBrush(Qt::NoBrush);
  p.drawArc(ring, 60 * 16, 280 * 16);
  const QPointF tip(ring.center().x() + ring.width() / 2 * 0.5, ring.top() + ring.height() * 0.067);
  p.setBrush(p.pen().color());
  p.drawPolygon(QPolygonF({tip + QPointF(b.width() * 0.2, -b.height() * 0.04), tip + QPointF(-b.width() * 0.05, -b.height() * 0.2),
                           tip + QPointF(-b.width() * 0.02, b.height() * 0.16)}));
}

void clock(QPainter& p, const QRectF& b) {
  const QRectF face = b.adjusted(b.width() * 0.1, b.height() * 0.1, -b.width() * 0.1, -b.height() * 0.1);
  p.setBrush(Qt::NoBrush);
  p.drawEllipse(face);
  const QPointF c = face.center();
  p.drawLine(c, c + QPointF(0, -face.height() * 0.32));
  p.drawLine(c, c + QPointF(face.width() * 0.24, 0));
}

void breaker(QPainter& p, const QRectF& b) {  // an open switch: two contacts and a raised blade
  const double y = b.top() + b.height() * 0.68, r = b.width() * 0.1;
  const QPointF left(b.left() + b.width() * 0.2, y), right(b.right() - b.width() * 0.2, y);
  p.setBrush(p.pen().color());
  p.drawEllipse(left, r, r);
  p.drawEllipse(right, r, r);
  p.drawLine(left, QPointF(right.x() - r, b.top() + b.height() * 0.22));
  p.drawLine(QPointF(b.left(), y), left - QPointF(r, 0));
  p.drawLine(right + QPointF(r, 0), QPointF(b.right(), y));
}

void bolt(QPainter& p, const QRectF& b) {
  auto at = [&](double x, double y) { return QPointF(b.left() + b.width() * x, b.top() + b.height() * y); };
  p.setBrush(p.pen().color());
  p.drawPolygon(QPolygonF({at(0.58, 0.04), at(0.2, 0.56), at(0.47, 0.56), at(0.38, 0.96), at(0.8, 0.42), at(0.52, 0.42)}));
}

void shield(QPainter& p, const QRectF& b) {
  auto at = [&](double x, double y) { return QPointF(b.left() + b.width() * x, b.top() + b.height() * y); };
  QPainterPath path(at(0.5, 0.05));
  path.lineTo(at(0.88, 0.2));
  path.cubicTo(at(0.88, 0.6), at(0.7, 0.82), at(0.5, 0.96));
  path.cubicTo(at(0.3, 0.82), at(0.12, 0.6), at(0.12, 0.2));
  path.closeSubpath();
  p.setBrush(Qt::NoBrush);
  p.drawPath(path);
  p.drawPolyline(QPolygonF({at(0.33, 0.5), at(0.46, 0.63), at(0.68, 0.38)}));
}

void warning(QPainter& p, const QRectF& b) {
  p.setBrush(p.pen().color());
  p.drawEllipse(b);
  QPen white(Qt::white, b.width() * 0.14, Qt::SolidLine, Qt::RoundCap);
  p.setPen(white);
  p.drawLine(QPointF(b.center().x(), b.top() + b.height() * 0.24), QPointF(b.center().x(), b.top() + b.height() * 0.56));
  p.drawPoint(QPointF(b.center().x(), b.top() + b.height() * 0.76));
}

void plus(QPainter& p, const QRectF& b) {
  p.drawLine(QPointF(b.center().x(), b.top() + b.height() * 0.2), QPointF(b.center().x(), b.bottom() - b.height() * 0.2));
  p.drawLine(QPointF(b.left() + b.width() * 0.2, b.center().y()), QPointF(b.right() - b.width() * 0.2, b.center().y()));
}

void route(QPainter& p, const QRectF& b) {  // one path forking in two
  auto at = [&](double x, double y) { return QPointF(b.left() + b.width() * x, b.top() + b.height() * y); };
  p.setBrush(Qt::NoBrush);
  p.drawLine(at(0.1, 0.5), at(0.45, 0.5));
  QPainterPath fork(at(0.45, 0.5));
  fork.cubicTo(at(0.6, 0.5), at(0.6, 0.2), at(0.9, 0.2));
  fork.moveTo(at(0.45, 0.5));
  fork.cubicTo(at(0.6, 0.5), at(0.6, 0.8), at(0.9, 0.8));
  p.drawPath(fork);
}

void subsets(QPainter& p, const QRectF& b) {  // three stacked bars
  p.setBrush(p.pen().color());
  for (int i = 0; i < 3; ++i)
    p.drawRoundedRect(QRectF(b.left() + b.width() * 0.15, b.top() + b.height() * (0.15 + i * 0.27), b.width() * (0.7 - i * 0.15),
                             b.height() * 0.16), 1, 1);
}

QIcon iconFrom(const std::function<void(QPainter&, const QRectF&)>& paint) {
  QIcon icon;
  for (int size : {16, 24, 32, 48}) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    paint(p, QRectF(0.5, 0.5, size - 1, size - 1));
    icon.addPixmap(pixmap);
  }
  return icon;
}

}  // namespace

Glyph glyphOf(BadgeKind kind) {
  switch (kind) {
    case BadgeKind::Mtls: return Glyph::Lock;
    case BadgeKind::Retries: return Glyph::Retry;
    case BadgeKind::Timeout: return Glyph::Clock;
    case BadgeKind::CircuitBreaker: return Glyph::Breaker;
    case BadgeKind::Fault: return Glyph::Bolt;
    case BadgeKind::Authz: return Glyph::Shield;
  }
  return Glyph::Plus;
}

void paintGlyph(QPainter& p, Glyph glyph, const QRectF& box, const QColor& color) {
  p.save();
  p.setPen(QPen(color, std::max(1.0, box.width() * 0.12), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  p.setBrush(color);
  switch (glyph) {
    case Glyph::Lock: lock(p, box); break;
    case Glyph::Retry: retry(p, box); break;
    case Glyph::Clock: clock(p, box); break;
    case Glyph::Breaker: breaker(p, box); break;
    case Glyph::Bolt: bolt(p, box); break;
    case Glyph::Shield: shield(p, box); break;
    case Glyph::Warning: warning(p, box); break;
    case Glyph::Plus: plus(p, box); break;
    case Glyph::Route: route(p, box); break;
    case Glyph::Subsets: subsets(p, box); break;
  }
  p.restore();
}

void paintKindTile(QPainter& p, const QRectF& box, const QColor& accent, const QString& letter) {
  p.save();
  p.setPen(Qt::NoPen);
  p.setBrush(accent);
  p.drawRoundedRect(box, box.width() * 0.28, box.width() * 0.28);
  p.setPen(Qt::white);
  p.setFont(canvasFont(box.height() * (letter.size() > 1 ? 0.42 : 0.56), true));
  p.drawText(box, Qt::AlignCenter, letter);
  p.restore();
}

QIcon tileIcon(const QColor& accent, const QString& letter) {
  return iconFrom([&](QPainter& p, const QRectF& r) { paintKindTile(p, r.adjusted(1, 1, -1, -1), accent, letter); });
}

QIcon glyphIcon(const QColor& accent, Glyph glyph) {
  return iconFrom([&](QPainter& p, const QRectF& r) {
    p.setPen(Qt::NoPen);
    p.setBrush(accent);
    const QRectF tile = r.adjusted(1, 1, -1, -1);
    p.drawRoundedRect(tile, tile.width() * 0.28, tile.width() * 0.28);
    const double inset = tile.width() * 0.2;
    paintGlyph(p, glyph, tile.adjusted(inset, inset, -inset, -inset), Qt::white);
  });
}

}  // namespace ms::studio
