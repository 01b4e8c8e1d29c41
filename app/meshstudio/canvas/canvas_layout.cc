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

// Rows of nodes, each centred on x = 0, one under the other.
NodePositions stackRows(const CanvasGraph& graph, const std::vector<std::vector<Vertex>>& rows, const NodeSizes& sizes,
                        const LayoutSpacing& spacing, double top) {
  NodePositions out;
  double y = top;
  for (const auto& row : rows) {
    double width = 0, height = 0;
    for (Vertex v : row) {
      const QSizeF s = sizeOf(sizes, graph.nodes[v].id);
      width += s.width() + (width > 0 ? spacing.nodeGap : 0);
      height = std::max(height, s.height());
    }
    double x = -width / 2;
    for (Vertex v : row) {
      out[graph.nodes[v].id] = QPointF(x, y);
      x += sizeOf(sizes, graph.nodes[v].id).width() + spacing.nodeGap;
    }
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

}  // namespace

NodePositions layeredPositions(const CanvasGraph& graph, const NodeSizes& sizes, const LayoutSpacing& spacing) {
  const size_t n = graph.nodes.size();
  if (n == 0) return {};
  const EdgeSet edges = edgeSet(graph);
  const std::vector<int> layer = layersOf(n, edges, backEdges(graph, edges));
  std::vector<bool> connected(n, false);
  for (const auto& [a, b] : edges) connected[a] = connected[b] = true;
  std::vector<std::vector<Vertex>> layers, loose(1);
  for (Vertex v = 0; v < n; ++v) {
    if (!connected[v]) {
      if (loose.back().size() == 4) loose.emplace_back();
      loose.back().push_back(v);
      continue;
    }
    if (layers.size() <= static_cast<size_t>(layer[v])) layers.resize(static_cast<size_t>(layer[v]) + 1);
    layers[static_cast<size_t>(layer[v])].push_back(v);
  }
  std::erase_if(layers, [](const auto& l) { return l.empty(); });
  if (!layers.empty()) orderLayers(layers, edges, n);
  std::erase_if(loose, [](const auto& l) { return l.empty(); });
  layers.insert(layers.end(), loose.begin(), loose.end());  // nodes without edges: a grid below
  NodePositions out = stackRows(graph, layers, sizes, spacing, 0);
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
