#include "canvas/mesh_scene.h"

#include <QClipboard>
#include <QGraphicsPathItem>
#include <QGraphicsSceneMouseEvent>
#include <QGuiApplication>

#include <algorithm>

#include "canvas/canvas_clipboard.h"
#include "canvas/canvas_edits.h"
#include "canvas/canvas_style.h"
#include "canvas/edge_item.h"
#include "canvas/edge_label_item.h"
#include "canvas/node_item.h"
#include "document/design_document.h"

namespace ms::studio {

namespace {

constexpr double kPasteOffset = 40;

QString qs(const std::string& s) { return QString::fromStdString(s); }

// The worst (most severe) level any of `refs` has.
std::optional<model::Level> worstOf(const std::map<std::string, model::Level>& problems,
                                    const std::vector<std::string>& refs) {
  std::optional<model::Level> worst;
  for (const auto& ref : refs)
    if (const auto it = problems.find(ref); it != problems.end() && (!worst || it->second < *worst)) worst = it->second;
  return worst;
}

}  // namespace

MeshScene::MeshScene(DesignDocument* document, QObject* parent) : QGraphicsScene(parent), document_(document) {
  connect(document_, &DesignDocument::documentReplaced, this, &MeshScene::removeAllItems);
  connect(document_, &DesignDocument::meshChanged, this, &MeshScene::rebuild);
  connect(this, &QGraphicsScene::selectionChanged, this, [this] {
    if (!rebuilding_) emitSelectionIfChanged();
  });
  rebuild();
}

MeshScene::~MeshScene() {
  rebuilding_ = true;
  // Edges own their labels, which are top-level items: delete them before the scene's clear().
  for (auto& [id, edge] : edges_) delete edge;
  edges_.clear();
}

void MeshScene::removeAllItems() {
  finishConnectGesture();
  rebuilding_ = true;
  for (auto& [id, edge] : edges_) delete edge;
  edges_.clear();
  for (auto& [id, node] : nodes_) delete node;
  nodes_.clear();
  graph_ = {};
  pressPositions_.clear();
  pendingSelection_.clear();
  rebuilding_ = false;
}

NodeItem* MeshScene::nodeItem(const std::string& id) const {
  const auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : it->second;
}

EdgeItem* MeshScene::edgeItem(const std::string& id) const {
  const auto it = edges_.find(id);
  return it == edges_.end() ? nullptr : it->second;
}

NodePositions MeshScene::currentPositions() const {
  NodePositions out;
  for (const auto& [id, item] : nodes_) out[id] = item->pos();
  return out;
}

// --- model -> items ---

void MeshScene::rebuild() {
  const bool wasEmpty = nodes_.empty();
  rebuilding_ = true;
  graph_ = buildCanvasGraph(document_->mesh());
  syncNodes();
  syncEdges();
  applyProblems();
  applyLive();
  arrangeLabels();
  if (!pendingSelection_.empty()) {
    clearSelection();
    for (const auto& id : pendingSelection_)
      if (NodeItem* n = nodeItem(id)) n->setSelected(true);
    pendingSelection_.clear();
  }
  // Room around the design to scroll into (and to drop new things in).
  setSceneRect(itemsBoundingRect().adjusted(-1500, -1500, 1500, 1500));
  rebuilding_ = false;
  if (wasEmpty && !nodes_.empty()) emit populated();
  emitSelectionIfChanged();
}

void MeshScene::syncNodes() {
  std::set<std::string> keep, fresh;
  for (const auto& n : graph_.nodes) keep.insert(n.id);
  for (auto it = edges_.begin(); it != edges_.end();) {  // edges of nodes that go, go first
    if (!keep.count(it->second->fromNode()->id()) || !keep.count(it->second->toNode()->id())) {
      delete it->second;
      it = edges_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = nodes_.begin(); it != nodes_.end();) {
    if (keep.count(it->first)) {
      ++it;
      continue;
    }
    delete it->second;
    it = nodes_.erase(it);
  }
  for (const auto& n : graph_.nodes) {
    if (NodeItem* item = nodeItem(n.id)) {
      item->setNode(n);
      continue;
    }
    auto* item = new NodeItem(n);
    addItem(item);
    nodes_[n.id] = item;
    fresh.insert(n.id);
  }
  placeNodeItems(fresh);
}

// Stored positions win; nodes already on the canvas stay put; new ones are laid out.
void MeshScene::placeNodeItems(const std::set<std::string>& fresh) {
  NodePositions fixed = document_->nodePositions();
  NodeSizes sizes;
  for (const auto& [id, item] : nodes_) {
    sizes[id] = item->size();
    if (!fresh.count(id) && !fixed.count(id)) fixed[id] = item->pos();
  }
  for (const auto& [id, at] : placeNodes(graph_, sizes, fixed))
    if (NodeItem* item = nodeItem(id); item && item->pos() != at) item->setPos(at);
}

void MeshScene::syncEdges() {
  std::set<std::string> keep;
  for (const auto& e : graph_.edges) keep.insert(e.id);
  for (auto it = edges_.begin(); it != edges_.end();) {
    if (keep.count(it->first)) {
      ++it;
      continue;
    }
    delete it->second;
    it = edges_.erase(it);
  }
  for (const auto& e : graph_.edges) {
    NodeItem* from = nodeItem(e.from);
    NodeItem* to = nodeItem(e.to);
    if (!from || !to) continue;
    if (EdgeItem* item = edgeItem(e.id)) {
      item->setEdge(e, from, to);
      continue;
    }
    auto* item = new EdgeItem(e, from, to);
    addItem(item);
    edges_[e.id] = item;
    item->adjust();
  }
  bendOpposedEdges();
}

// Edges between the same two nodes (either way) curve apart so both stay visible.
void MeshScene::bendOpposedEdges() {
  std::map<std::pair<std::string, std::string>, std::vector<EdgeItem*>> pairs;
  for (const auto& [id, item] : edges_) {
    const auto& e = item->edge();
    pairs[std::minmax(e.from, e.to)].push_back(item);
  }
  for (auto& [key, items] : pairs)
    for (size_t i = 0; i < items.size(); ++i) {
      const bool forward = items[i]->edge().from == key.first;
      const double offset = items.size() == 1 ? 0 : (static_cast<double>(i) - (static_cast<double>(items.size()) - 1) / 2) * 44;
      items[i]->setBend(forward ? offset : -offset);  // the normal flips with the direction
    }
}

// Labels slide along their edges until they cover no node and no other label, where they can.
void MeshScene::arrangeLabels() {
  std::vector<QRectF> taken;
  for (const auto& [id, node] : nodes_) taken.push_back(node->sceneFrame().adjusted(-4, -4, 4, 4));
  auto clear = [&](const QRectF& r) {
    return std::none_of(taken.begin(), taken.end(), [&](const QRectF& t) { return t.intersects(r); });
  };
  for (const auto& e : graph_.edges) {
    EdgeItem* item = edgeItem(e.id);
    if (!item || item->label()->isEmpty()) continue;
    bool placed = false;
    for (double t : {0.5, 0.62, 0.38, 0.72, 0.28, 0.8, 0.2}) {
      item->setLabelAt(t);
      if ((placed = clear(item->label()->sceneBoundingRect()))) break;
    }
    if (!placed) item->setLabelAt(0.5);
    taken.push_back(item->label()->sceneBoundingRect());
  }
}

void MeshScene::applyProblems() {
  for (const auto& n : graph_.nodes) {
    std::vector<std::string> refs = n.refs;
    refs.push_back(n.id);
    if (NodeItem* item = nodeItem(n.id)) item->setProblem(worstOf(problems_, refs));
  }
  for (const auto& e : graph_.edges) {
    std::vector<std::string> refs = e.refs;
    refs.push_back(e.id);  // a finding about a designed call names the edge itself
    if (EdgeItem* item = edgeItem(e.id)) item->setProblem(worstOf(problems_, refs));
  }
}

void MeshScene::applyLive() {
  for (const auto& e : graph_.edges) {
    EdgeItem* item = edgeItem(e.id);
    const GraphNode* target = graph_.node(e.to);
    if (!item || !target) continue;
    item->setLive(liveMode_ ? liveStatsFor(e, *target, hostsOf(document_->mesh(), *target), live_) : std::nullopt,
                  liveMode_);
  }
  for (const auto& n : graph_.nodes) {
    NodeItem* item = nodeItem(n.id);
    if (!item) continue;
    item->setKilledPods(liveMode_ ? killed_ : std::set<std::string>());
    item->setEjections(liveMode_ ? ejections_ : PodEjections());
    std::optional<Health> health;
    if (liveMode_) {
      const auto inbound = inboundStatsFor(n, hostsOf(document_->mesh(), n), live_);
      health = inbound ? healthOf(inbound->rps, inbound->errorPercent) : Health::Idle;
    }
    item->setLiveHealth(health);
  }
}

// --- selection ---

std::vector<std::string> MeshScene::selectedIds() const {
  std::vector<std::string> ids;
  for (const auto& n : graph_.nodes)
    if (NodeItem* item = nodeItem(n.id); item && item->isSelected()) ids.push_back(n.id);
  for (const auto& e : graph_.edges)
    if (EdgeItem* item = edgeItem(e.id); item && item->isSelected()) ids.push_back(e.id);
  return ids;
}

QStringList MeshScene::selectedRefs() const {
  QStringList refs;
  for (const auto& id : selectedIds()) {
    const GraphEdge* e = graph_.edge(id);
    const QString ref = qs(e ? e->primaryRef() : id);
    if (!refs.contains(ref)) refs.push_back(ref);
  }
  return refs;
}

void MeshScene::emitSelectionIfChanged() {
  const QStringList refs = selectedRefs();
  if (refs == lastRefs_) return;
  lastRefs_ = refs;
  emit selectedRefsChanged(refs);
}

QRectF MeshScene::selectRef(const QString& refText) {
  const std::string ref = refText.toStdString();
  std::vector<QGraphicsItem*> hits;
  if (NodeItem* n = nodeItem(ref)) hits.push_back(n);
  if (EdgeItem* e = edgeItem(ref)) hits.push_back(e);
  if (hits.empty()) {  // a resource: the routes it defines and the nodes it configures
    for (const auto& e : graph_.edges)
      if (e.primaryRef() == ref && e.kind != EdgeKind::Call) hits.push_back(edgeItem(e.id));
    for (const auto& n : graph_.nodes)
      if (std::count(n.refs.begin(), n.refs.end(), ref)) hits.push_back(nodeItem(n.id));
  }
  if (hits.empty())  // else the calls it shapes
    for (const auto& e : graph_.edges)
      if (std::count(e.refs.begin(), e.refs.end(), ref)) hits.push_back(edgeItem(e.id));
  std::erase(hits, nullptr);
  clearSelection();
  QRectF bounds;
  for (QGraphicsItem* item : hits) {
    item->setSelected(true);
    bounds = bounds.united(item->sceneBoundingRect());
  }
  return bounds;
}

const GraphNode* MeshScene::singleSelectedNode() const {
  const auto ids = selectedIds();
  return ids.size() == 1 ? graph_.node(ids.front()) : nullptr;
}

// --- edits ---

bool MeshScene::deleteSelection() {
  const auto ids = selectedIds();
  auto ops = deleteOps(document_->mesh(), graph_, ids);
  if (ops.empty()) return false;
  document_->edit(ids.size() == 1 ? tr("Delete %1").arg(qs(ids.front())) : tr("Delete %n objects", nullptr, static_cast<int>(ids.size())),
                  std::move(ops));
  return true;
}

bool MeshScene::copySelection() {
  const std::string text = copyText(document_->mesh(), graph_, selectedIds(), currentPositions());
  if (text.empty()) return false;
  QGuiApplication::clipboard()->setText(qs(text));
  lastPasteText_ = text;
  pasteCount_ = 0;
  return true;
}

bool MeshScene::paste() {
  const std::string text = QGuiApplication::clipboard()->text().toStdString();
  if (text != lastPasteText_) lastPasteText_ = text, pasteCount_ = 0;
  ++pasteCount_;  // pasting again steps further, so copies do not stack up on each other
  const double offset = kPasteOffset * pasteCount_;
  Paste pasted = pasteOps(document_->mesh(), text, offset, offset);
  if (pasted.ops.empty()) return false;
  pendingSelection_ = pasted.nodeIds;
  document_->edit(tr("Paste"), std::move(pasted.ops));
  return true;
}

bool MeshScene::addFromPalette(PaletteItem item, QPointF at) {
  NodeSizes sizes;
  for (const auto& [id, node] : nodes_) sizes[id] = node->size();
  const QPointF spot = at - QPointF(canvas_metrics::kServiceWidth / 2, 40);
  NewObject added = paletteOps(document_->mesh(), graph_, item, singleSelectedNode(), spot.x(), spot.y());
  if (added.ops.empty()) return false;
  pendingSelection_ = {added.nodeId};
  document_->edit(tr("Add %1").arg(QString::fromLatin1(paletteName(item))), std::move(added.ops));
  emit objectAdded(qs(added.ref));
  return true;
}

bool MeshScene::connectNodes(const std::string& from, const std::string& to) {
  auto ops = connectOps(document_->mesh(), graph_, from, to);
  if (ops.empty()) return false;
  const GraphNode* a = graph_.node(from);
  const GraphNode* b = graph_.node(to);
  document_->edit(tr("Connect %1 to %2").arg(qs(a->name), qs(b->name)), std::move(ops));
  return true;
}

bool MeshScene::autoLayout() {
  NodeSizes sizes;
  for (const auto& [id, item] : nodes_) sizes[id] = item->size();
  const NodePositions positions = layeredPositions(graph_, sizes);
  const NodePositions stored = document_->nodePositions();
  const bool same = std::all_of(positions.begin(), positions.end(), [&](const auto& kv) {
    const auto it = stored.find(kv.first);
    return it != stored.end() && it->second == kv.second.toPoint();
  });
  if (positions.empty() || same) return false;
  document_->setNodePositions(positions);
  return true;
}

// --- problems and live stats ---

void MeshScene::setProblemRefs(const std::map<std::string, model::Level>& problems) {
  problems_ = problems;
  applyProblems();
}

void MeshScene::setLiveEdges(const LiveEdges& edges) {
  live_ = edges;
  liveMode_ = true;
  applyLive();
  arrangeLabels();
}

void MeshScene::setKilledPods(const std::set<std::string>& pods) {
  killed_ = pods;
  liveMode_ = true;
  applyLive();
}

void MeshScene::setEjections(const PodEjections& ejections) {
  ejections_ = ejections;
  liveMode_ = true;
  applyLive();
}

void MeshScene::clearLive() {
  live_.clear();
  killed_.clear();
  ejections_.clear();
  liveMode_ = false;
  applyLive();
  arrangeLabels();
}

// --- gestures ---

void MeshScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  QGraphicsScene::mousePressEvent(event);
  pressPositions_.clear();
  for (const auto& [id, item] : nodes_)
    if (item->isSelected()) pressPositions_[id] = item->pos();
}

void MeshScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
  QGraphicsScene::mouseReleaseEvent(event);
  commitMoves();
}

bool MeshScene::event(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) update();
  return QGraphicsScene::event(event);
}

// A drag ends in one undoable position change for everything it moved.
void MeshScene::commitMoves() {
  std::map<std::string, QPointF> moved;
  for (const auto& [id, before] : pressPositions_)
    if (NodeItem* item = nodeItem(id); item && item->pos() != before) moved[id] = item->pos();
  pressPositions_.clear();
  if (!moved.empty()) document_->setNodePositions(moved);
}

NodeItem* MeshScene::connectTargetAt(QPointF scenePos) const {
  for (QGraphicsItem* item : items(scenePos))
    if (auto* node = qgraphicsitem_cast<NodeItem*>(item))
      return node != connectFrom_ && node->acceptsConnections() ? node : nullptr;
  return nullptr;
}

void MeshScene::beginConnect(NodeItem* from, QPointF scenePos) {
  connectFrom_ = from;
  const CanvasColors colors = CanvasColors::of(palette());
  connectLine_ = addPath(QPainterPath(), QPen(kindAccent(from->node().kind, colors.dark), 2, Qt::DashLine, Qt::RoundCap));
  connectLine_->setZValue(5);
  dragConnect(scenePos);
}

void MeshScene::dragConnect(QPointF scenePos) {
  if (!connectFrom_) return;
  QPainterPath path(connectFrom_->handleScenePos());
  path.lineTo(scenePos);
  connectLine_->setPath(path);
  NodeItem* target = connectTargetAt(scenePos);
  if (target == dropTarget_) return;
  if (dropTarget_) dropTarget_->setDropTarget(false);
  dropTarget_ = target;
  if (dropTarget_) dropTarget_->setDropTarget(true);
}

void MeshScene::endConnect(QPointF scenePos) {
  NodeItem* from = connectFrom_;
  NodeItem* target = from ? connectTargetAt(scenePos) : nullptr;
  finishConnectGesture();
  if (from && target) connectNodes(from->id(), target->id());
}

void MeshScene::finishConnectGesture() {
  if (dropTarget_) dropTarget_->setDropTarget(false);
  delete connectLine_;
  connectLine_ = nullptr;
  dropTarget_ = nullptr;
  connectFrom_ = nullptr;
}

}  // namespace ms::studio
