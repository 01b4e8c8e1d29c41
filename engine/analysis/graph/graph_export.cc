#include "analysis/graph/graph_export.h"

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "analysis/graph/call_graph.h"
#include "analysis/graph/design_paths.h"
#include "analysis/graph/layered_layout.h"

namespace ms::analysis {

namespace {

struct DrawnEdge {
  size_t from, to;
  std::string label;
  bool gateway;  // an entry through a gateway (dashed)
};

struct Drawing {
  std::vector<bool> include;
  std::vector<std::string> versions;  // per vertex: "v1 v2 v3"
  std::vector<DrawnEdge> edges;
};

std::string routeLabel(const RoutePolicy& route) {
  std::string label;
  if (route.destinations.size() > 1)
    for (const auto* d : route.destinations)
      label += (label.empty() ? "" : " / ") + d->destination->subset.value_or(*d->destination->host) + " " +
               std::to_string(d->weight.value_or(0)) + "%";
  if (route.timeout) label += (label.empty() ? "" : ", ") + std::string("timeout ") + formatSeconds(*route.timeout);
  if (route.retries > 0) label += (label.empty() ? "" : ", ") + std::to_string(route.retries) + " retries";
  return label;
}

Drawing draw(const model::ServiceRegistry& registry, const CallGraph& graph) {
  const size_t n = boost::num_vertices(graph.graph());
  Drawing d{std::vector<bool>(n), std::vector<std::string>(n), {}};
  for (size_t v = 0; v < n; ++v) {
    const model::RegistryService& s = *graph.serviceAt(v);
    std::set<std::string> versions;
    for (const auto* w : registry.selectedBy(s)) {
      const auto it = w->labels.find("version");
      if (it != w->labels.end()) versions.insert(it->second);
    }
    for (const auto& version : versions) d.versions[v] += (d.versions[v].empty() ? "" : " ") + version;
    d.include[v] = s.source != nullptr && !s.external;  // designed services, not the implicit gateway
  }
  std::set<std::pair<size_t, size_t>> seen;
  for (auto [e, end] = boost::edges(graph.graph()); e != end; ++e) {
    const size_t a = boost::source(*e, graph.graph()), b = boost::target(*e, graph.graph());
    d.include[a] = d.include[b] = true;
    if (seen.insert({a, b}).second) d.edges.push_back({a, b, routeLabel(graph.graph()[*e].route), false});
  }
  // Gateways: an entry node per gateway-bound VirtualService destination.
  const size_t gatewayVertex = n;  // drawn as an extra node
  for (size_t v : graph.entryPoints())
    if (graph.serviceAt(v)->source) d.edges.push_back({gatewayVertex, v, "ingress", true});
  return d;
}

// A filled triangle at (x2, y2) pointing along the line; plain polygons render everywhere,
// unlike SVG markers.
std::string arrowHead(double x1, double y1, double x2, double y2) {
  const double length = std::hypot(x2 - x1, y2 - y1);
  if (length < 1) return {};
  const double ux = (x2 - x1) / length, uy = (y2 - y1) / length, size = 9, half = 4.5;
  const double bx = x2 - ux * size, by = y2 - uy * size;
  std::ostringstream out;
  out << "<polygon points=\"" << x2 << "," << y2 << " " << bx - uy * half << "," << by + ux * half << " "
      << bx + uy * half << "," << by - ux * half << "\" fill=\"#555\"/>\n";
  return out.str();
}

std::string dotId(size_t v, size_t n) { return v == n ? "gateway" : "s" + std::to_string(v); }

}  // namespace

std::string graphDot(const model::Mesh& mesh) {
  const model::ServiceRegistry registry(mesh);
  const CallGraph graph(mesh, registry);
  const Drawing d = draw(registry, graph);
  const size_t n = d.include.size();
  std::ostringstream out;
  out << "digraph mesh {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", "
         "fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n";
  const bool gateway = std::any_of(d.edges.begin(), d.edges.end(), [](const DrawnEdge& e) { return e.gateway; });
  if (gateway) out << "  gateway [label=\"ingress gateway\", shape=cds, fillcolor=\"#fdf1d8\"];\n";
  for (size_t v = 0; v < n; ++v) {
    if (!d.include[v]) continue;
    out << "  " << dotId(v, n) << " [label=\"" << graph.serviceAt(v)->name;
    if (!d.versions[v].empty()) out << "\\n" << d.versions[v];
    out << "\"];\n";
  }
  for (const DrawnEdge& e : d.edges) {
    out << "  " << dotId(e.from, n) << " -> " << dotId(e.to, n);
    std::string attrs;
    if (!e.label.empty()) attrs += "label=\"" + e.label + "\"";
    if (e.gateway) attrs += std::string(attrs.empty() ? "" : ", ") + "style=dashed";
    if (!attrs.empty()) out << " [" << attrs << "]";
    out << ";\n";
  }
  out << "}\n";
  return out.str();
}

std::string graphSvg(const model::Mesh& mesh) {
  const model::ServiceRegistry registry(mesh);
  const CallGraph graph(mesh, registry);
  const Drawing d = draw(registry, graph);
  const size_t n = d.include.size();
  const bool gateway = std::any_of(d.edges.begin(), d.edges.end(), [](const DrawnEdge& e) { return e.gateway; });
  constexpr int kW = 150, kH = 50, kColumn = 260, kRow = 110, kMargin = 30;
  const int shift = gateway ? 1 : 0;
  std::map<size_t, std::pair<int, int>> at;  // vertex -> x, y
  int width = kMargin * 2 + kW, height = kMargin * 2 + kH;
  for (const NodePlacement& p : layeredLayout(graph, d.include)) {
    const int x = kMargin + (p.layer + shift) * kColumn, y = kMargin + p.row * kRow;
    at[p.vertex] = {x, y};
    width = std::max(width, x + kW + kMargin);
    height = std::max(height, y + kH + kMargin);
  }
  if (gateway) at[n] = {kMargin, kMargin};
  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-family=\"Helvetica, Arial, sans-serif\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  for (const DrawnEdge& e : d.edges) {
    const auto [x1, y1] = at[e.from];
    const auto [x2, y2] = at[e.to];
    out << "<line x1=\"" << x1 + kW << "\" y1=\"" << y1 + kH / 2 << "\" x2=\"" << x2 << "\" y2=\"" << y2 + kH / 2
        << "\" stroke=\"#555\" stroke-width=\"1.5\"" << (e.gateway ? " stroke-dasharray=\"5,4\"" : "")
        << "/>\n" << arrowHead(x1 + kW, y1 + kH / 2, x2, y2 + kH / 2);
    if (!e.label.empty())
      out << "<text x=\"" << (x1 + kW + x2) / 2 << "\" y=\"" << (y1 + y2 + kH) / 2 - 6
          << "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\">" << e.label << "</text>\n";
  }
  for (const auto& [v, xy] : at) {
    const auto [x, y] = xy;
    const bool isGateway = v == n;
    out << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << kW << "\" height=\"" << kH
        << "\" rx=\"8\" fill=\"" << (isGateway ? "#fdf1d8" : "#eef3fb") << "\" stroke=\"#4a6fa5\"/>\n"
        << "<text x=\"" << x + kW / 2 << "\" y=\"" << y + 21 << "\" font-size=\"14\" text-anchor=\"middle\" "
        << "font-weight=\"bold\">" << (isGateway ? "ingress gateway" : graph.serviceAt(v)->name) << "</text>\n";
    if (!isGateway && !d.versions[v].empty())
      out << "<text x=\"" << x + kW / 2 << "\" y=\"" << y + 39 << "\" font-size=\"11\" text-anchor=\"middle\" "
          << "fill=\"#555\">" << d.versions[v] << "</text>\n";
  }
  out << "</svg>\n";
  return out.str();
}

}  // namespace ms::analysis
