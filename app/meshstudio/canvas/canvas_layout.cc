#include "canvas/canvas_layout.h"

#include <QRectF>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <iterator>
#include <set>

namespace ms::studio {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
using Vertex = Graph::vertex_descriptor;
using EdgeSet = std::set<std::pair<Vertex, Vertex>>;

QSizeF sizeOf(const NodeSizes& sizes, const std::string& id) {
  const auto it = sizes.find(id);
  return it == sizes.end() ? QSizeF(200, 100) : it->second;
}

// The graph's edges between distinct nodes, once each; vertex i is graph.nodes[i].
EdgeSet edgeSet(const CanvasGraph& graph) {
  std::map<std::string, Vertex> index;
  for (size_t i = 0; i < graph.nodes.size(); ++i) index[graph.nodes[i].id] = i;
  EdgeSet edges;
  for (const auto& e : graph.edges) {
    const auto a = index.find(e.from), b = index.find(e.to);
    if (a != index.end() && b != index.end() && a->second != b->second) edges.insert({a->second, b->second});
  }
  return edges;
}

struct BackEdgeRecorder : boost::default_dfs_visitor {
  EdgeSet* back;
  explicit BackEdgeRecorder(EdgeSet* b) : back(b) {}
  void back_edge(Graph::edge_descriptor e, const Graph& g) const { back->insert({boost::source(e, g), boost::target(e, g)}); }
};

// Edges that close a cycle, found by a depth-first search that starts at gateways, then at
// nodes nothing calls, so that cycles break against the direction of the traffic.
EdgeSet backEdges(const CanvasGraph& graph, const EdgeSet& edges) {
  Graph g(graph.nodes.size());
  for (const auto& [a, b] : edges) boost::add_edge(a, b, g);
  std::vector<Vertex> roots;
  for (Vertex v = 0; v < graph.nodes.size(); ++v)
    if (graph.nodes[v].kind == NodeKind::Gateway) roots.push_back(v);
  for (Vertex v = 0; v < graph.nodes.size(); ++v)
    if (graph.nodes[v].kind != NodeKind::Gateway && boost::in_degree(v, g) == 0) roots.push_back(v);
  for (Vertex v = 0; v < graph.nodes.size(); ++v) roots.push_back(v);
  EdgeSet back;
  std::vector<boost::default_color_type> colors(graph.nodes.size(), boost::white_color);
  auto colorMap = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g));
  for (Vertex root : roots)
    if (colors[root] == boost::white_color) boost::depth_first_visit(g, root, BackEdgeRecorder(&back), colorMap);
  return back;
}

// Longest path from a source over the edges that remain once the back edges are reversed.
std::vector<int> layersOf(size_t n, const EdgeSet& edges, const EdgeSet& back) {
  Graph dag(n);
  for (const auto& [a, b] : edges)
    if (back.count({a, b})) boost::add_edge(b, a, dag);
    else boost::add_edge(a, b, dag);
  std::vector<Vertex> order;
  boost::topological_sort(dag, std::back_inserter(order));  // reverse topological order
  std::vector<int> layer(n, 0);
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    for (auto [e, end] = boost::out_edges(*it, dag); e != end; ++e)
      layer[boost::target(*e, dag)] = std::max(layer[boost::target(*e, dag)], layer[*it] + 1);
  return layer;
}

// Orders each layer by the mean position of its neighbours in the layer before (then after),
// a few sweeps each way: the usual barycenter heuristic against crossings.
void orderLayers(std::vector<std::vector<Vertex>>& layers, const EdgeSet& edges, size_t n) {
  std::vector<double> position(n, 0);
  auto renumber = [&](const std::vector<Vertex>& layer) {
    for (size_t i = 0; i < layer.size(); ++i) position[layer[i]] = static_cast<double>(i);
  };
  for (const auto& l : layers) renumber(l);
  auto sweep = [&](size_t l, bool down) {
    std::map<Vertex, std::pair<double, int>> sum;
    for (const auto& [a, b] : edges) {
      const Vertex self = down ? b : a, other = down ? a : b;
      sum[self].first += position[other];
      sum[self].second += 1;
    }
    auto key = [&](Vertex v) {
      const auto it = sum.find(v);
      return it == sum.end() ? position[v] : it->second.first / it->second.second;
    };
    std::stable_sort(layers[l].begin(), layers[l].end(), [&](Vertex x, Vertex y) { return key(x) < key(y); });
    renumber(layers[l]);
  };
  for (int pass = 0; pass < 4; ++pass) {
    for (size_t l = 1; l < layers.size(); ++l) sweep(l, true);
    for (size_t l = layers.size(); l-- > 1;) sweep(l - 1, false);
  }
}

struct Block {  // neighbours of a layer that would overlap, placed as one
  std::vector<Vertex> members;
  std::vector<double> offsets;  // of each member's left edge from the block's
  std::vector<double> desired;  // each member's preferred left edge
  double width = 0, left = 0;
};

// Each node of a layer as close as it can get to its preferred x (in order, without overlaps):
// overlapping neighbours merge into a block at the mean of what its members prefer.
void placeLayer(const CanvasGraph& graph, const std::vector<Vertex>& layer, const std::vector<double>& desired,
                const NodeSizes& sizes, const LayoutSpacing& spacing, double y, NodePositions& out) {
  std::vector<Block> blocks;
  for (size_t i = 0; i < layer.size(); ++i) {
    const double w = sizeOf(sizes, graph.nodes[layer[i]].id).width();
    Block b{{layer[i]}, {0}, {desired[i]}, w, desired[i]};
    while (!blocks.empty() && blocks.back().left + blocks.back().width + spacing.nodeGap > b.left) {
      Block merged = std::move(blocks.back());
      blocks.pop_back();
      const double shift = merged.width + spacing.nodeGap;
      for (size_t m = 0; m < b.members.size(); ++m) {
        merged.members.push_back(b.members[m]);
        merged.offsets.push_back(b.offsets[m] + shift);
        merged.desired.push_back(b.desired[m]);
      }
      merged.width = shift + b.width;
      double sum = 0;
      for (size_t m = 0; m < merged.members.size(); ++m) sum += merged.desired[m] - merged.offsets[m];
      merged.left = sum / static_cast<double>(merged.members.size());
      b = std::move(merged);
    }
    blocks.push_back(std::move(b));
  }
  for (const Block& b : blocks)
    for (size_t m = 0; m < b.members.size(); ++m) out[graph.nodes[b.members[m]].id] = QPointF(b.left + b.offsets[m], y);
}

// Layers top to bottom; the first centred on x = 0, each node of the others under the mean
// of the nodes that send it traffic.
NodePositions placeLayers(const CanvasGraph& graph, const std::vector<std::vector<Vertex>>& layers, const EdgeSet& edges,
                          const NodeSizes& sizes, const LayoutSpacing& spacing) {
  NodePositions out;
  double y = 0;
  for (const auto& layer : layers) {
    double width = 0, height = 0;
    for (Vertex v : layer) {
      const QSizeF size = sizeOf(sizes, graph.nodes[v].id);
      width += size.width() + (width > 0 ? spacing.nodeGap : 0);
      height = std::max(height, size.height());
    }
    std::vector<double> desired;
    double x = -width / 2;  // centred, for nodes nothing placed points at
    for (Vertex v : layer) {
      const double w = sizeOf(sizes, graph.nodes[v].id).width();
      double sum = 0;
      int count = 0;
      for (const auto& [a, b] : edges)
        if (b == v && out.count(graph.nodes[a].id))
          sum += out[graph.nodes[a].id].x() + sizeOf(sizes, graph.nodes[a].id).width() / 2, ++count;
      desired.push_back(count ? sum / count - w / 2 : x);
      x += w + spacing.nodeGap;
    }
    placeLayer(graph, layer, desired, sizes, spacing, y, out);
    y += height + spacing.layerGap;
  }
  return out;
}

QRectF rectOf(const NodeSizes& sizes, const std::string& id, QPointF at) { return QRectF(at, sizeOf(sizes, id)); }

QRectF boundsOf(const NodePositions& positions, const NodeSizes& sizes) {
  QRectF r;
  for (const auto& [id, p] : positions) r = r.united(rectOf(sizes, id, p));
  return r;
}

// The first of p, p ± one node width, p ± two, ... where the node overlaps no placed node.
QPointF freeSpot(const std::string& id, QPointF p, const NodePositions& placed, const NodeSizes& sizes,
                 const LayoutSpacing& spacing) {
  const QSizeF size = sizeOf(sizes, id);
  const double step = size.width() + spacing.nodeGap / 2;
  for (int i = 0; i < 40; ++i) {
    const QPointF candidate = p + QPointF(((i + 1) / 2) * (i % 2 ? 1 : -1) * step, 0);
    const QRectF r = QRectF(candidate, size).adjusted(-spacing.nodeGap / 3, -spacing.nodeGap / 3,
                                                      spacing.nodeGap / 3, spacing.nodeGap / 3);
    const bool clear = std::none_of(placed.begin(), placed.end(), [&](const auto& kv) {
      return rectOf(sizes, kv.first, kv.second).intersects(r);
    });
    if (clear) return candidate;
  }
  return p;
}


// Nodes without edges, in a grid of equal cells below everything else: services first, then
// external services and gateways, each by name, so that related names sit together.
void placeLoose(const CanvasGraph& graph, std::vector<Vertex> loose, const NodeSizes& sizes, const LayoutSpacing& spacing,
                double top, NodePositions& out) {
  if (loose.empty()) return;
  std::stable_sort(loose.begin(), loose.end(), [&](Vertex a, Vertex b) {
    const auto rank = [](NodeKind k) { return k == NodeKind::Service ? 0 : k == NodeKind::External ? 1 : 2; };
    return std::make_pair(rank(graph.nodes[a].kind), graph.nodes[a].name) <
           std::make_pair(rank(graph.nodes[b].kind), graph.nodes[b].name);
  });
  double cell = 0;
  for (Vertex v : loose) cell = std::max(cell, sizeOf(sizes, graph.nodes[v].id).width());
  cell += spacing.nodeGap;
  const size_t columns = std::min<size_t>(4, loose.size());
  const double left = -(static_cast<double>(columns) * cell - spacing.nodeGap) / 2;
  double y = top, rowHeight = 0;
  for (size_t i = 0; i < loose.size(); ++i) {
    if (i > 0 && i % columns == 0) y += rowHeight + spacing.nodeGap / 1.5, rowHeight = 0;
    const QSizeF size = sizeOf(sizes, graph.nodes[loose[i]].id);
    out[graph.nodes[loose[i]].id] = QPointF(left + static_cast<double>(i % columns) * cell + (cell - spacing.nodeGap - size.width()) / 2, y);
    rowHeight = std::max(rowHeight, size.height());
  }
}

}  // namespace

NodePositions layeredPositions(const CanvasGraph& graph, const NodeSizes& sizes, const LayoutSpacing& spacing) {
  const size_t n = graph.nodes.size();
  if (n == 0) return {};
  const EdgeSet edges = edgeSet(graph);
  const std::vector<int> layer = layersOf(n, edges, backEdges(graph, edges));
  std::vector<bool> connected(n, false);
  for (const auto& [a, b] : edges) connected[a] = connected[b] = true;
  std::vector<std::vector<Vertex>> layers;
  std::vector<Vertex> loose;
  for (Vertex v = 0; v < n; ++v) {
    if (!connected[v]) {
      loose.push_back(v);
      continue;
    }
    if (layers.size() <= static_cast<size_t>(layer[v])) layers.resize(static_cast<size_t>(layer[v]) + 1);
    layers[static_cast<size_t>(layer[v])].push_back(v);
  }
  std::erase_if(layers, [](const auto& l) { return l.empty(); });
  if (!layers.empty()) orderLayers(layers, edges, n);
  NodePositions out = placeLayers(graph, layers, edges, sizes, spacing);
  placeLoose(graph, loose, sizes, spacing, out.empty() ? 0 : boundsOf(out, sizes).bottom() + spacing.layerGap, out);
  const QRectF bounds = boundsOf(out, sizes);
  for (auto& [id, p] : out) p += QPointF(spacing.margin - bounds.left(), spacing.margin - bounds.top());
  return out;
}

NodePositions placeNodes(const CanvasGraph& graph, const NodeSizes& sizes, const NodePositions& fixed,
                         const LayoutSpacing& spacing) {
  NodePositions placed;
  for (const auto& n : graph.nodes)
    if (auto it = fixed.find(n.id); it != fixed.end()) placed[n.id] = it->second;
  if (placed.size() == graph.nodes.size()) return placed;
  const NodePositions layout = layeredPositions(graph, sizes, spacing);
  if (placed.empty()) return layout;
  std::vector<std::string> waiting;
  for (const auto& n : graph.nodes)
    if (!placed.count(n.id)) waiting.push_back(n.id);
  while (!waiting.empty()) {
    bool progress = false;
    for (auto it = waiting.begin(); it != waiting.end();) {
      // Keep the offset the layout gives it from a neighbour that already stands somewhere.
      const GraphEdge* link = nullptr;
      for (const auto& e : graph.edges)
        if ((e.from == *it && placed.count(e.to)) || (e.to == *it && placed.count(e.from))) link = &e;
      if (!link) {
        ++it;
        continue;
      }
      const std::string& other = link->from == *it ? link->to : link->from;
      const QPointF want = placed[other] + (layout.at(*it) - layout.at(other));
      placed[*it] = freeSpot(*it, want, placed, sizes, spacing);
      it = waiting.erase(it);
      progress = true;
    }
    if (progress) continue;
    // The rest is not connected to anything placed: it keeps its layout shape, below.
    NodePositions rest;
    for (const auto& id : waiting) rest[id] = layout.at(id);
    const QRectF was = boundsOf(rest, sizes), placedBounds = boundsOf(placed, sizes);
    const QPointF shift = QPointF(placedBounds.left(), placedBounds.bottom() + spacing.layerGap) - was.topLeft();
    for (const auto& id : waiting) placed[id] = freeSpot(id, rest[id] + shift, placed, sizes, spacing);
    waiting.clear();
  }
  return placed;
}

}  // namespace ms::studio
