#include "canvas/node_item.h"

#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

#include "canvas/badge_item.h"
#include "canvas/canvas_style.h"
#include "canvas/edge_item.h"
#include "canvas/glyphs.h"
#include "canvas/mesh_scene.h"

namespace ms::studio {

namespace {

using namespace canvas_metrics;
constexpr int kMaxDots = 8;
constexpr double kDot = 7, kDotGap = 3.5, kChipHeight = 18;

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString kindLetter(NodeKind kind) {
  switch (kind) {
    case NodeKind::Service: return QStringLiteral("S");
    case NodeKind::Gateway: return QStringLiteral("G");
    case NodeKind::External: return QStringLiteral("E");
  }
  return {};
}

double textWidth(const QFont& font, const QString& text) { return QFontMetricsF(font).horizontalAdvance(text); }

constexpr double kMaxWidth = 320;

// Where a row's version chip ends and its pod dots begin.
double chipWidthOf(const QString& chip, double inner) { return std::min(inner * 0.55, textWidth(chipFont(), chip) + 14); }

QString ejectedText(size_t callers) {
  return callers == 1 ? QObject::tr("ejected by 1 caller (outlier detection)")
                      : QObject::tr("ejected by %1 callers (outlier detection)").arg(callers);
}

}  // namespace

NodeItem::NodeItem(const GraphNode& node) {
  setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
  setAcceptHoverEvents(true);
  setZValue(1);
  setNode(node);
}

void NodeItem::setNode(const GraphNode& node) {
  prepareGeometryChange();
  node_ = node;
  layoutContent();
  setToolTip(tooltipText());
  update();
}

std::vector<NodeItem::Row> NodeItem::rowsOf() const {
  std::vector<Row> rows;
  if (node_.kind != NodeKind::Service) {
    for (const auto& [label, text] : node_.details) rows.push_back({qs(label), qs(text), {}, {}, {}, {}, false});
    return rows;
  }
  for (const NodeVersion& v : node_.versions) {
    Row row;
    row.chip = qs(v.version.empty() ? v.workload : v.version);
    row.weight = v.weight;
    if (v.weight) row.trailing = QStringLiteral("%1%").arg(*v.weight);
    for (std::int64_t i = 0; i < v.replicas; ++i) row.pods.push_back(v.workload + "-" + std::to_string(i));
    row.dashed = !v.injected;
    row.tooltip = QObject::tr("%1: %n pod(s)%2", nullptr, static_cast<int>(v.replicas))
                      .arg(qs(v.workload), v.injected ? QString() : QObject::tr(", no sidecar"));
    rows.push_back(std::move(row));
  }
  return rows;
}

void NodeItem::layoutContent() {
  for (BadgeItem* b : badges_) delete b;
  badges_.clear();
  rows_ = rowsOf();
  const double width = widthFor();
  rowsTop_ = kHeaderHeight + 6;
  double y = rowsTop_ + static_cast<double>(rows_.size()) * kRowHeight;
  if (rows_.empty()) y += kRowHeight;  // room for "no workloads"
  for (const Badge& b : node_.badges) badges_.push_back(new BadgeItem(b, this));
  if (!badges_.empty()) y += 4 + flowBadges(badges_, QPointF(kPadding, y + 4), width - 2 * kPadding);
  size_ = QSizeF(width, y + kPadding - 2);
}

// Wide enough for the name and the rows (hosts can be long), within limits; longer text elides.
double NodeItem::widthFor() const {
  double width = node_.kind == NodeKind::Service ? kServiceWidth : kGatewayWidth;
  width = std::max(width, 2 * kPadding + 26 + 9 + textWidth(titleFont(), qs(node_.name)) + 4);
  for (const Row& r : rows_)
    width = std::max(width, 2 * kPadding + 3 + textWidth(chipFont(), r.chip) + 14 + 8 + textWidth(subtitleFont(), r.text) + 8);
  return std::min(width, kMaxWidth);
}

QString NodeItem::tooltipText() const {
  static const char* kinds[] = {"Service", "Gateway", "External service (ServiceEntry)"};
  QString tip = QStringLiteral("<b>%1</b> &nbsp;%2 in %3").arg(qs(node_.name), QObject::tr(kinds[static_cast<int>(node_.kind)]),
                                                               qs(node_.namespace_));
  for (const Row& r : rows_)
    tip += QStringLiteral("<br>%1").arg((r.tooltip.isEmpty() ? r.chip + " " + r.text : r.tooltip).toHtmlEscaped());
  for (const auto& [pod, callers] : ejections_)
    tip += QStringLiteral("<br><b>%1</b>: %2").arg(qs(pod).toHtmlEscaped(), ejectedText(callers.size()));
  if (problem_ && *problem_ != model::Level::Info)
    tip += QObject::tr("<br><b>%1</b>: see the Problems list")
               .arg(*problem_ == model::Level::Error ? QObject::tr("Has errors") : QObject::tr("Has warnings"));
  if (node_.kind != NodeKind::Gateway) tip += QObject::tr("<br><i>Drag the handle below onto a service to add a call.</i>");
  else tip += QObject::tr("<br><i>Drag the handle below onto a service to route the gateway's traffic to it.</i>");
  return tip;
}

void NodeItem::removeEdge(EdgeItem* edge) { std::erase(edges_, edge); }

void NodeItem::setProblem(std::optional<model::Level> level) {
  if (problem_ == level) return;
  problem_ = level;
  setToolTip(tooltipText());
  update();
}

std::vector<std::string> NodeItem::podsOfNode() const {
  std::vector<std::string> out;
  for (const Row& r : rows_) out.insert(out.end(), r.pods.begin(), r.pods.end());
  return out;
}

void NodeItem::setKilledPods(const std::set<std::string>& pods) {
  std::set<std::string> mine;
  for (const std::string& pod : podsOfNode())
    if (pods.count(pod)) mine.insert(pod);
  if (killed_ == mine) return;
  killed_ = std::move(mine);
  update();
}

void NodeItem::setEjections(const PodEjections& ejections) {
  PodEjections mine;
  for (const std::string& pod : podsOfNode())
    if (auto it = ejections.find(pod); it != ejections.end()) mine.insert(*it);
  if (ejections_ == mine) return;
  ejections_ = std::move(mine);
  setToolTip(tooltipText());
  update();
}

QString NodeItem::podToolTip(const std::string& pod) const {
  QString tip = QStringLiteral("<b>%1</b>").arg(qs(pod).toHtmlEscaped());
  if (isKilled(pod)) return tip + QObject::tr(": killed");
  if (const auto it = ejections_.find(pod); it != ejections_.end()) {
    tip += QStringLiteral(": %1").arg(ejectedText(it->second.size()));
    for (const std::string& caller : it->second) tip += QStringLiteral("<br>&nbsp;by %1").arg(qs(caller).toHtmlEscaped());
  }
  return tip;
}

void NodeItem::setLiveHealth(std::optional<Health> health) {
  if (health_ == health) return;
  health_ = health;
  update();
}

QRectF NodeItem::dotRect(size_t row, size_t index) const {
  const double inner = size_.width() - 2 * kPadding;
  const double left = kPadding + 3 + chipWidthOf(rows_[row].chip, inner) + 8;
  const double middle = rowsTop_ + static_cast<double>(row) * kRowHeight + kRowHeight / 2;
  return QRectF(left + static_cast<double>(index) * (kDot + kDotGap), middle - kDot / 2, kDot, kDot);
}

QRectF NodeItem::podDotRect(const std::string& pod) const {
  for (size_t r = 0; r < rows_.size(); ++r)
    for (size_t i = 0; i < std::min<size_t>(rows_[r].pods.size(), kMaxDots); ++i)
      if (rows_[r].pods[i] == pod) return dotRect(r, i);
  return {};
}

std::string NodeItem::podAt(QPointF pos) const {
  for (size_t r = 0; r < rows_.size(); ++r)
    for (size_t i = 0; i < std::min<size_t>(rows_[r].pods.size(), kMaxDots); ++i)
      if (dotRect(r, i).adjusted(-kDotGap / 2, -4, kDotGap / 2, 4).contains(pos)) return rows_[r].pods[i];
  return {};
}

void NodeItem::setDropTarget(bool on) {
  if (dropTarget_ == on) return;
  dropTarget_ = on;
  update();
}

QPointF NodeItem::handleCenter() const { return QPointF(size_.width() / 2, size_.height()); }

bool NodeItem::showsHandle() const {
  return node_.kind != NodeKind::External && (hovered_ || isSelected() || connecting_);
}

MeshScene* NodeItem::meshScene() const { return qobject_cast<MeshScene*>(scene()); }

QRectF NodeItem::boundingRect() const {
  // Room for the shadow, the selection ring, the problem marker and the handle.
  return QRectF(QPointF(0, 0), size_).adjusted(-12, -14, 14, kHandleRadius + 8);
}

QPainterPath NodeItem::shape() const {
  QPainterPath path;
  path.addRoundedRect(QRectF(QPointF(0, 0), size_), kRadius, kRadius);
  if (node_.kind != NodeKind::External) path.addEllipse(handleCenter(), kHandleRadius + 3, kHandleRadius + 3);
  return path;
}

void NodeItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  const CanvasColors c = CanvasColors::of(scene() ? scene()->palette() : QPalette());
  p->setRenderHint(QPainter::Antialiasing);
  paintFrame(*p, c);
  paintHeader(*p, c);
  double y = rowsTop_;
  for (const Row& row : rows_) paintRow(*p, c, row, y), y += kRowHeight;
  if (rows_.empty() && node_.kind == NodeKind::Service) {
    p->setFont(subtitleFont());
    p->setPen(c.mutedText);
    p->drawText(QRectF(kPadding, y, size_.width() - 2 * kPadding, kRowHeight), Qt::AlignVCenter,
                QObject::tr("no workloads"));
  }
  if (showsHandle()) paintHandle(*p, c);
  if (problem_ && *problem_ != model::Level::Info) paintProblem(*p);
}

void NodeItem::paintFrame(QPainter& p, const CanvasColors& c) const {
  const QRectF frame(QPointF(0, 0), size_);
  p.setPen(Qt::NoPen);
  for (int i = 1; i <= 4; ++i) {  // a soft shadow, a little below
    QColor s = c.shadow;
    s.setAlphaF(c.shadow.alphaF() / (i * 1.6));
    p.setBrush(s);
    p.drawRoundedRect(frame.adjusted(-i * 0.8, -i * 0.4 + 2, i * 0.8, i * 0.8 + 2), kRadius + i, kRadius + i);
  }
  const QColor accent = kindAccent(node_.kind, c.dark);
  p.setBrush(c.nodeFill);
  QPen border(dropTarget_ ? accent : c.nodeBorder, dropTarget_ ? 2 : 1);
  if (node_.kind == NodeKind::External) border.setStyle(Qt::DashLine);
  if (problem_ && *problem_ != model::Level::Info) border = QPen(problemColor(*problem_), 2);
  // In Run mode a service's border is its health, as Kiali rings its nodes; the problem marker
  // still shows in the corner.
  if (health_ && node_.kind == NodeKind::Service) border = QPen(healthColor(*health_, c), 2.5);
  p.setPen(border);
  p.drawRoundedRect(frame.adjusted(0.5, 0.5, -0.5, -0.5), kRadius, kRadius);
  // The header: a wash of the kind's colour, clipped to the card's rounded top.
  QPainterPath card;
  card.addRoundedRect(frame.adjusted(1, 1, -1, -1), kRadius - 1, kRadius - 1);
  QPainterPath header;
  header.addRect(QRectF(0, 0, size_.width(), kHeaderHeight));
  p.setPen(Qt::NoPen);
  p.setBrush(mix(c.nodeFill, accent, c.dark ? 0.16 : 0.08));
  p.drawPath(card.intersected(header));
  p.setPen(QPen(mix(c.nodeFill, accent, 0.25), 1));
  p.drawLine(QPointF(1, kHeaderHeight), QPointF(size_.width() - 1, kHeaderHeight));
  if (isSelected()) {
    p.setPen(QPen(c.selection, 2.5));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(frame.adjusted(-4, -4, 4, 4), kRadius + 4, kRadius + 4);
  }
}

void NodeItem::paintHeader(QPainter& p, const CanvasColors& c) const {
  const QColor accent = kindAccent(node_.kind, c.dark);
  const QRectF tile(kPadding, (kHeaderHeight - 26) / 2, 26, 26);
  paintKindTile(p, tile, accent, kindLetter(node_.kind));
  const double x = tile.right() + 9, w = size_.width() - x - kPadding;
  p.setFont(titleFont());
  p.setPen(c.text);
  p.drawText(QRectF(x, 6, w, 20), Qt::AlignLeft | Qt::AlignVCenter,
             QFontMetricsF(titleFont()).elidedText(qs(node_.name), Qt::ElideMiddle, w));
  QString sub = qs(node_.namespace_);
  if (node_.kind == NodeKind::Service)
    for (const auto& [name, port] : node_.details) sub += QStringLiteral(" \u00b7 %1 %2").arg(qs(name), qs(port));
  if (node_.kind == NodeKind::Gateway) sub += QObject::tr(" \u00b7 gateway");
  if (node_.kind == NodeKind::External) sub += QObject::tr(" \u00b7 external");
  p.setFont(subtitleFont());
  p.setPen(c.mutedText);
  p.drawText(QRectF(x, 25, w, 16), Qt::AlignLeft | Qt::AlignVCenter,
             QFontMetricsF(subtitleFont()).elidedText(sub, Qt::ElideRight, w));
}

void NodeItem::paintRow(QPainter& p, const CanvasColors& c, const Row& row, double y) const {
  const QColor accent = kindAccent(node_.kind, c.dark);
  const double inner = size_.width() - 2 * kPadding;
  const QRectF band(kPadding, y + 2, inner, kRowHeight - 4);
  if (row.weight) {  // the share of traffic as a bar behind the row
    p.setPen(Qt::NoPen);
    p.setBrush(mix(c.nodeFill, accent, c.dark ? 0.1 : 0.05));
    p.drawRoundedRect(band, 5, 5);
    p.setBrush(mix(c.nodeFill, accent, c.dark ? 0.3 : 0.16));
    p.drawRoundedRect(QRectF(band.topLeft(), QSizeF(band.width() * static_cast<double>(*row.weight) / 100, band.height())), 5, 5);
  }
  const QFont chipFontValue = chipFont();
  const double chipWidth = chipWidthOf(row.chip, inner);
  const QRectF chip(kPadding + 3, y + (kRowHeight - kChipHeight) / 2, chipWidth, kChipHeight);
  QPen chipPen(mix(c.nodeFill, accent, 0.55), 1);
  if (row.dashed) chipPen.setStyle(Qt::DashLine);
  p.setPen(chipPen);
  p.setBrush(mix(c.nodeFill, accent, c.dark ? 0.25 : 0.12));
  p.drawRoundedRect(chip, 6, 6);
  p.setFont(chipFontValue);
  p.setPen(c.dark ? accent.lighter(120) : accent.darker(135));
  p.drawText(chip, Qt::AlignCenter, QFontMetricsF(chipFontValue).elidedText(row.chip, Qt::ElideMiddle, chipWidth - 8));
  double x = chip.right() + 8;
  if (!row.pods.empty()) paintPods(p, c, row.pods, QPointF(x, y + kRowHeight / 2));
  p.setFont(subtitleFont());
  if (!row.text.isEmpty()) {
    p.setPen(c.text);
    p.drawText(QRectF(x, y, kPadding + inner - x - 4, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft,
               QFontMetricsF(subtitleFont()).elidedText(row.text, Qt::ElideMiddle, kPadding + inner - x - 4));
  }
  if (!row.trailing.isEmpty()) {
    p.setFont(chipFont());
    p.setPen(row.weight == 0 ? c.mutedText : c.text);
    p.drawText(QRectF(kPadding, y, inner - 6, kRowHeight), Qt::AlignVCenter | Qt::AlignRight, row.trailing);
  }
}

void NodeItem::paintPods(QPainter& p, const CanvasColors& c, const std::vector<std::string>& pods, QPointF at) const {
  const QColor alive = c.dark ? QColor(0x4a, 0xde, 0x80) : QColor(0x16, 0xa3, 0x4a);
  const size_t shown = std::min<size_t>(pods.size(), kMaxDots);
  for (size_t i = 0; i < shown; ++i) {
    const QRectF dot(at.x() + static_cast<double>(i) * (kDot + kDotGap), at.y() - kDot / 2, kDot, kDot);
    if (isKilled(pods[i])) {
      p.setPen(QPen(c.mutedText, 1.2));
      p.setBrush(c.nodeFill);
      p.drawEllipse(dot.adjusted(0.6, 0.6, -0.6, -0.6));
      p.drawLine(dot.topLeft() + QPointF(1.5, 1.5), dot.bottomRight() - QPointF(1.5, 1.5));
    } else if (isEjected(pods[i])) {  // running but out of its callers' load balancing: greyed
      p.setPen(Qt::NoPen);
      p.setBrush(ejectedPodColor(c));
      p.drawEllipse(dot);
    } else {
      p.setPen(Qt::NoPen);
      p.setBrush(alive);
      p.drawEllipse(dot);
    }
  }
  if (pods.size() > shown) {
    p.setFont(badgeFont());
    p.setPen(c.mutedText);
    p.drawText(QPointF(at.x() + static_cast<double>(shown) * (kDot + kDotGap), at.y() + 4),
               QStringLiteral("+%1").arg(pods.size() - shown));
  }
}

void NodeItem::paintHandle(QPainter& p, const CanvasColors& c) const {
  const QColor accent = kindAccent(node_.kind, c.dark);
  p.setPen(QPen(accent, 1.5));
  p.setBrush(connecting_ ? accent : c.nodeFill);
  p.drawEllipse(handleCenter(), kHandleRadius, kHandleRadius);
  const double g = kHandleRadius * 1.3;
  paintGlyph(p, Glyph::Plus, QRectF(handleCenter() - QPointF(g / 2, g / 2), QSizeF(g, g)),
             connecting_ ? c.nodeFill : accent);
}

void NodeItem::paintProblem(QPainter& p) const {
  const QRectF marker(size_.width() - 11, -9, 20, 20);
  p.setPen(Qt::NoPen);
  p.setBrush(Qt::white);
  p.drawEllipse(marker.adjusted(-1.5, -1.5, 1.5, 1.5));
  paintGlyph(p, Glyph::Warning, marker, problemColor(*problem_));
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
  if (change == ItemPositionHasChanged)
    for (EdgeItem* e : edges_) e->adjust();
  if (change == ItemSelectedHasChanged) update();
  return QGraphicsItem::itemChange(change, value);
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event) {
  hovered_ = true;
  update();
  QGraphicsItem::hoverEnterEvent(event);
}

// Over a pod's dot the tooltip is the pod's (why it is grey or hollow); elsewhere the node's.
void NodeItem::hoverMoveEvent(QGraphicsSceneHoverEvent* event) {
  const std::string pod = podAt(event->pos());
  setToolTip(!pod.empty() && (isKilled(pod) || isEjected(pod)) ? podToolTip(pod) : tooltipText());
  QGraphicsItem::hoverMoveEvent(event);
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event) {
  hovered_ = false;
  update();
  QGraphicsItem::hoverLeaveEvent(event);
}

void NodeItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  const bool onHandle = QLineF(event->pos(), handleCenter()).length() <= kHandleRadius + 3;
  if (event->button() == Qt::LeftButton && onHandle && node_.kind != NodeKind::External && meshScene()) {
    connecting_ = true;
    meshScene()->beginConnect(this, event->scenePos());
    event->accept();
    return;
  }
  QGraphicsItem::mousePressEvent(event);
}

void NodeItem::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
  if (!connecting_) return QGraphicsItem::mouseMoveEvent(event);
  meshScene()->dragConnect(event->scenePos());
}

void NodeItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
  if (!connecting_) return QGraphicsItem::mouseReleaseEvent(event);
  connecting_ = false;
  update();
  meshScene()->endConnect(event->scenePos());  // may rebuild the scene: nothing after this
}

}  // namespace ms::studio
