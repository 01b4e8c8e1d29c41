// What the canvas derives from a model (nodes, edges, badges, layout) and the edits it makes,
// without any graphics.
#include <QtTest>

#include "canvas/canvas_clipboard.h"
#include "canvas/canvas_edits.h"
#include "canvas/canvas_graph.h"
#include "canvas/canvas_layout.h"
#include "canvas/canvas_style.h"
#include "canvas/live_stats.h"
#include "canvas/palette_items.h"
#include "canvas/problem_refs.h"
#include "document/design_document.h"
#include "istio/importer.h"

using namespace ms;
using namespace ms::studio;

namespace {

QString bookinfoFile() { return QStringLiteral(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml"); }

model::Mesh meshOf(const std::string& text) {
  model::Mesh mesh;
  model::Diagnostics diagnostics;
  istio::importText(text, "test.yaml", mesh, diagnostics);
  return mesh;
}

model::Mesh bookinfo() {
  DesignDocument doc;
  QString error;
  if (!doc.open({bookinfoFile()}, &error)) qFatal("%s", qPrintable(error));
  return doc.mesh();
}

// Policies of every kind the canvas badges, on a small design.
std::string policiesText() {
  QFile f(QStringLiteral(MS_SOURCE_DIR "/tests/app/meshstudio/data/canvas-policies.mesh.yaml"));
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read the policies fixture");
  return f.readAll().toStdString();
}

const Badge* findBadge(const std::vector<Badge>& badges, BadgeKind kind) {
  for (const auto& b : badges)
    if (b.kind == kind) return &b;
  return nullptr;
}

std::vector<std::string> callTargets(const model::Mesh& mesh, const std::string& service) {
  std::vector<std::string> out;
  for (const auto& s : mesh.design()->services)
    if (s.name == service)
      for (const auto& w : s.workloads)
        if (w.behaviour && w.behaviour->calls)
          for (const auto& t : w.behaviour->calls->targets) out.push_back(*t.service);
  return out;
}

NodeSizes uniformSizes(const CanvasGraph& g) {
  NodeSizes sizes;
  for (const auto& n : g.nodes) sizes[n.id] = QSizeF(200, 120);
  return sizes;
}

bool overlapping(const NodePositions& at, const NodeSizes& sizes) {
  for (auto a = at.begin(); a != at.end(); ++a)
    for (auto b = std::next(a); b != at.end(); ++b)
      if (QRectF(a->second, sizes.at(a->first)).intersects(QRectF(b->second, sizes.at(b->first)))) return true;
  return false;
}

}  // namespace

class TestCanvasGraph : public QObject {
  Q_OBJECT
 private slots:
  void bookinfoNodes() {
    const CanvasGraph g = buildCanvasGraph(bookinfo());
    std::vector<std::string> ids;
    for (const auto& n : g.nodes) ids.push_back(n.id);
    QCOMPARE(ids, (std::vector<std::string>{"Service/default/productpage", "Service/default/details",
                                            "Service/default/reviews", "Service/default/ratings",
                                            "Gateway/default/bookinfo-gateway"}));
    const GraphNode* reviews = g.node("Service/default/reviews");
    QVERIFY(reviews->designed);
    QCOMPARE(reviews->refs.front(), std::string("Service/default/reviews"));
    QVERIFY(std::count(reviews->refs.begin(), reviews->refs.end(), "VirtualService/default/reviews"));
    QVERIFY(std::count(reviews->refs.begin(), reviews->refs.end(), "DestinationRule/default/reviews"));
    QCOMPARE(reviews->versions.size(), size_t(3));
    QCOMPARE(reviews->versions[0].version, std::string("v1"));
    QCOMPARE(reviews->versions[2].workload, std::string("reviews-v3"));
    QCOMPARE(reviews->versions[0].weight, std::optional<std::int64_t>(90));
    QCOMPARE(reviews->versions[1].weight, std::optional<std::int64_t>(10));
    QCOMPARE(reviews->versions[2].weight, std::optional<std::int64_t>(0));
    QVERIFY(!g.node("Service/default/productpage")->versions[0].weight);  // one version: no split to show
    QCOMPARE(g.node("Gateway/default/bookinfo-gateway")->kind, NodeKind::Gateway);
    QCOMPARE(g.node("Gateway/default/bookinfo-gateway")->details.front().first, std::string("HTTP 8080"));
  }

  void bookinfoEdges() {
    const CanvasGraph g = buildCanvasGraph(bookinfo());
    std::vector<std::string> ids;
    for (const auto& e : g.edges) ids.push_back(e.id);
    QCOMPARE(ids, (std::vector<std::string>{
                      "call:Service/default/productpage>Service/default/details",
                      "call:Service/default/productpage>Service/default/reviews",
                      "call:Service/default/reviews>Service/default/ratings",
                      "ingress:Gateway/default/bookinfo-gateway>Service/default/productpage"}));
    const GraphEdge* toReviews = g.edge("call:Service/default/productpage>Service/default/reviews");
    QCOMPARE(toReviews->label(), std::string("v1 90% \u00b7 v2 10%"));
    QCOMPARE(toReviews->primaryRef(), std::string("VirtualService/default/reviews"));
    QCOMPARE(toReviews->callers, std::vector<std::string>{"productpage-v1"});
    QVERIFY(toReviews->tooltip.find("own timeout 3s") != std::string::npos);
    const GraphEdge* toRatings = g.edge("call:Service/default/reviews>Service/default/ratings");
    QCOMPARE(toRatings->callers, (std::vector<std::string>{"reviews-v2", "reviews-v3"}));
    QVERIFY(toRatings->label().empty());  // ratings' VirtualService sends everything to v1
    const GraphEdge* ingress = g.edge("ingress:Gateway/default/bookinfo-gateway>Service/default/productpage");
    QCOMPARE(ingress->kind, EdgeKind::Ingress);
    QCOMPARE(ingress->primaryRef(), std::string("VirtualService/default/bookinfo"));
    QCOMPARE(ingress->callers, std::vector<std::string>{"istio-ingressgateway"});
  }

  void policyBadges() {
    const model::Mesh mesh = meshOf(policiesText());
    const CanvasGraph g = buildCanvasGraph(mesh);
    const GraphNode* back = g.node("Service/default/back");
    QVERIFY(back);
    const Badge* mtls = findBadge(back->badges, BadgeKind::Mtls);
    QVERIFY(mtls);
    QCOMPARE(mtls->text, std::string("STRICT"));
    QCOMPARE(mtls->ref, std::string("PeerAuthentication/default/default"));
    QVERIFY(mtls->tooltip.find("only mutual TLS") != std::string::npos);
    const Badge* authz = findBadge(back->badges, BadgeKind::Authz);
    QVERIFY(authz);
    QCOMPARE(authz->text, std::string("ALLOW"));
    QVERIFY(!findBadge(g.node("Service/default/front")->badges, BadgeKind::Authz));  // selects back only
    const Badge* breaker = findBadge(back->badges, BadgeKind::CircuitBreaker);
    QVERIFY(breaker);
    QVERIFY2(breaker->tooltip.find("max connections 1") != std::string::npos, breaker->tooltip.c_str());
    QVERIFY(breaker->tooltip.find("2 consecutive 5xx") != std::string::npos);
    QVERIFY(!back->versions[1].injected);

    const GraphEdge* call = g.edge("call:Service/default/front>Service/default/back");
    QVERIFY(call);
    QCOMPARE(findBadge(call->badges, BadgeKind::Retries)->text, std::string("3x"));
    QCOMPARE(findBadge(call->badges, BadgeKind::Timeout)->text, std::string("2s"));
    QCOMPARE(findBadge(call->badges, BadgeKind::Fault)->text, std::string("503"));
    QVERIFY(findBadge(call->badges, BadgeKind::Fault)->tooltip.find("10% of requests") != std::string::npos);
    QCOMPARE(findBadge(call->badges, BadgeKind::Mtls)->text, std::string("mTLS"));
    QCOMPARE(call->label(), std::string("v1 70% \u00b7 back-next 30%"));

    QCOMPARE(findBadge(g.node("Gateway/default/edge")->badges, BadgeKind::Mtls)->text, std::string("TLS"));
    const GraphEdge* ingress = g.edge("ingress:Gateway/default/edge>Service/default/front");
    QVERIFY(ingress);
    QCOMPARE(findBadge(ingress->badges, BadgeKind::Timeout)->text, std::string("10s"));
  }

  void routesAndExternalServices() {
    const CanvasGraph g = buildCanvasGraph(meshOf(policiesText()));
    const GraphEdge* route = g.edge("route:Service/default/back>Service/default/back-next");
    QVERIFY(route);
    QCOMPARE(route->kind, EdgeKind::Route);
    QCOMPARE(route->label(), std::string("back-next 30%"));
    QVERIFY(route->badges.empty());  // the calls into back carry the route's policies already
    const GraphNode* external = g.node("ServiceEntry/default/payments");
    QVERIFY(external);
    QCOMPARE(external->kind, NodeKind::External);
    QCOMPARE(external->details.front(), (std::pair<std::string, std::string>("TLS 443", "api.payments.example.com")));
    QVERIFY(g.edge("call:Service/default/front>ServiceEntry/default/payments"));
    // back-next is called by nobody but the route: its node carries no route badges of back's.
    QVERIFY(g.node("Service/default/back-next")->badges.size() <= 1);
  }

  void uncalledServiceCarriesItsRoutePolicy() {
    const CanvasGraph g = buildCanvasGraph(meshOf(R"(apiVersion: meshstudio.dev/v1alpha1
kind: MeshDesign
metadata: {name: d}
spec:
  services:
  - {name: lonely, ports: [{port: 80}], workloads: [{version: v1}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: lonely}
spec:
  hosts: [lonely]
  http:
  - timeout: 5s
    route: [{destination: {host: lonely}}]
)"));
    QVERIFY(findBadge(g.node("Service/default/lonely")->badges, BadgeKind::Timeout));
  }

  void importedKubernetesServices() {
    DesignDocument doc;
    QString error;
    QVERIFY2(doc.open({QStringLiteral(MS_SHARED_DIR "/istio/samples/bookinfo")}, &error), qPrintable(error));
    const CanvasGraph g = buildCanvasGraph(doc.mesh());
    const GraphNode* reviews = g.node("Service/default/reviews");
    QVERIFY(reviews);
    QVERIFY(!reviews->designed);
    QCOMPARE(reviews->refs.front(), std::string("Service/default/reviews"));
    QVERIFY(std::count(reviews->refs.begin(), reviews->refs.end(), "Deployment/default/reviews-v1"));
    QVERIFY(reviews->versions.size() >= 3);
    QVERIFY(g.node("ServiceEntry/default/googleapis"));
    QVERIFY(g.node("Gateway/default/bookinfo-gateway"));
    QVERIFY(g.edge("ingress:Gateway/default/bookinfo-gateway>Service/default/productpage"));
  }

  void layeredLayoutFollowsTheTraffic() {
    const CanvasGraph g = buildCanvasGraph(bookinfo());
    const NodeSizes sizes = uniformSizes(g);
    const NodePositions at = layeredPositions(g, sizes);
    QCOMPARE(at.size(), g.nodes.size());
    QVERIFY(!overlapping(at, sizes));
    const double gateway = at.at("Gateway/default/bookinfo-gateway").y(), page = at.at("Service/default/productpage").y();
    QVERIFY(gateway < page);
    QVERIFY(page < at.at("Service/default/reviews").y());
    QCOMPARE(at.at("Service/default/reviews").y(), at.at("Service/default/details").y());
    QVERIFY(at.at("Service/default/reviews").y() < at.at("Service/default/ratings").y());
  }

  void layoutBreaksCycles() {
    const CanvasGraph g = buildCanvasGraph(meshOf(R"(apiVersion: meshstudio.dev/v1alpha1
kind: MeshDesign
metadata: {name: d}
spec:
  services:
  - name: a
    ports: [{port: 80}]
    workloads: [{version: v1, behaviour: {calls: {targets: [{service: b}]}}}]
  - name: b
    ports: [{port: 80}]
    workloads: [{version: v1, behaviour: {calls: {targets: [{service: a}]}}}]
  - {name: loose, ports: [{port: 80}]}
)"));
    const NodeSizes sizes = uniformSizes(g);
    const NodePositions at = layeredPositions(g, sizes);
    QCOMPARE(at.size(), size_t(3));
    QVERIFY(!overlapping(at, sizes));
    QVERIFY(at.at("Service/default/a").y() != at.at("Service/default/b").y());
  }

  void storedPositionsStayAndNewNodesAvoidThem() {
    const CanvasGraph g = buildCanvasGraph(bookinfo());
    const NodeSizes sizes = uniformSizes(g);
    NodePositions fixed{{"Service/default/productpage", QPointF(260, 40)}, {"Service/default/details", QPointF(80, 240)},
                        {"Service/default/reviews", QPointF(440, 240)}, {"Service/default/ratings", QPointF(440, 440)}};
    const NodePositions at = placeNodes(g, sizes, fixed);
    for (const auto& [id, p] : fixed) QCOMPARE(at.at(id), p);
    const QPointF gateway = at.at("Gateway/default/bookinfo-gateway");
    QVERIFY2(gateway.y() < 40, qPrintable(QString::number(gateway.y())));  // above what it sends traffic to
    QVERIFY(!overlapping(at, sizes));
  }

  void deleteADesignedServiceAndTheCallsToIt() {
    DesignDocument doc;
    QString error;
    QVERIFY(doc.open({bookinfoFile()}, &error));
    const CanvasGraph g = buildCanvasGraph(doc.mesh());
    auto ops = deleteOps(doc.mesh(), g, {"Service/default/reviews"});
    QVERIFY(!ops.empty());
    doc.edit("Delete", std::move(ops));
    QCOMPARE(doc.undoStack()->count(), 1);
    const CanvasGraph after = buildCanvasGraph(doc.mesh());
    QVERIFY(!after.node("Service/default/reviews"));
    QCOMPARE(callTargets(doc.mesh(), "productpage"), std::vector<std::string>{"details"});
    QVERIFY(!doc.nodePositions().count("Service/default/reviews"));
    QVERIFY(doc.indexOf("VirtualService/default/reviews") >= 0);  // policies stay; the analysis reports them
    doc.undoStack()->undo();
    QVERIFY(buildCanvasGraph(doc.mesh()).node("Service/default/reviews"));
    QCOMPARE(callTargets(doc.mesh(), "productpage"), (std::vector<std::string>{"details", "reviews"}));
  }

  void deleteEdgesAndResources() {
    const model::Mesh mesh = meshOf(policiesText());
    const CanvasGraph g = buildCanvasGraph(mesh);
    DesignDocument doc;
    doc.setText(policiesText());
    doc.waitForDiagnostics();
    doc.edit("Delete", deleteOps(doc.mesh(), g,
                                 {"call:Service/default/front>ServiceEntry/default/payments",
                                  "route:Service/default/back>Service/default/back-next", "ServiceEntry/default/payments"}));
    QCOMPARE(callTargets(doc.mesh(), "front"), std::vector<std::string>{"back"});
    QCOMPARE(doc.indexOf("ServiceEntry/default/payments"), -1);
    const auto* vs = doc.mesh().find(model::Kind::VirtualService, "default", "back")->as<model::VirtualService>();
    QCOMPARE(vs->http.front().route.size(), size_t(1));
    QVERIFY(!vs->http.front().route.front().weight);  // a lone destination needs no weight
    QCOMPARE(doc.undoStack()->count(), 2);
  }

  void connectAddsACallToEveryWorkload() {
    DesignDocument doc;
    QString error;
    QVERIFY(doc.open({bookinfoFile()}, &error));
    const CanvasGraph g = buildCanvasGraph(doc.mesh());
    QVERIFY(connectOps(doc.mesh(), g, "Service/default/productpage", "Service/default/details").empty());  // exists
    QVERIFY(connectOps(doc.mesh(), g, "Service/default/details", "Gateway/default/bookinfo-gateway").empty());
    doc.edit("Connect", connectOps(doc.mesh(), g, "Service/default/details", "Service/default/ratings"));
    QCOMPARE(callTargets(doc.mesh(), "details"), std::vector<std::string>{"ratings"});
    const auto& call = doc.mesh().design()->services[1].workloads[0].behaviour->calls->targets[0];
    QCOMPARE(call.port, std::optional<std::int64_t>(9080));
    QVERIFY(buildCanvasGraph(doc.mesh()).edge("call:Service/default/details>Service/default/ratings"));
  }

  void connectGivesKubernetesWorkloadsBehaviours() {
    DesignDocument doc;
    QString error;
    QVERIFY(doc.open({QStringLiteral(MS_SHARED_DIR "/istio/samples/bookinfo")}, &error));
    const CanvasGraph g = buildCanvasGraph(doc.mesh());
    doc.edit("Connect", connectOps(doc.mesh(), g, "Service/default/productpage", "Service/default/details"));
    QVERIFY(doc.mesh().design());
    // The call leaves from productpage, not from the per-version productpage-v1 Service.
    QVERIFY(buildCanvasGraph(doc.mesh()).edge("call:Service/default/productpage>Service/default/details"));
  }

  // A finding inside a MeshDesign names its entry by path; the canvas marks that entry's node.
  void designFindingsMapToTheirEntry() {
    const model::Mesh mesh = bookinfo();
    const CanvasGraph g = buildCanvasGraph(mesh);
    model::Diagnostic d;
    d.kind = "MeshDesign";
    d.name = "bookinfo";
    d.path = "spec.services[2]";  // reviews
    QCOMPARE(designEntryRefs(mesh, g, d), std::vector<std::string>{"Service/default/reviews"});
    d.path = "spec.services[0].workloads[0].behaviour.calls.targets[1]";  // productpage -> reviews
    QCOMPARE(designEntryRefs(mesh, g, d),
             (std::vector<std::string>{"Service/default/productpage", "call:Service/default/productpage>Service/default/reviews"}));
    d.path = "spec.services[9]";
    QVERIFY(designEntryRefs(mesh, g, d).empty());
    d.kind = "VirtualService";
    d.path = "spec.services[2]";
    QVERIFY(designEntryRefs(mesh, g, d).empty());

    // Behaviours of imported Deployments: the node that runs the workload.
    DesignDocument doc;
    QString error;
    QVERIFY(doc.open({QStringLiteral(MS_SHARED_DIR "/istio/samples/bookinfo")}, &error));
    doc.edit("Connect", connectOps(doc.mesh(), buildCanvasGraph(doc.mesh()), "Service/default/productpage",
                                   "Service/default/details"));
    const auto& behaviours = doc.mesh().design()->behaviours;
    QVERIFY(!behaviours.empty());
    model::Diagnostic b;
    b.kind = "MeshDesign";
    b.name = "x";
    b.path = "spec.behaviours[0].behaviour.calls.targets[0]";
    // Every node whose versions run it (the istio sample's productpage-v1 Service selects it too).
    const CanvasGraph imported = buildCanvasGraph(doc.mesh());
    const auto refs = designEntryRefs(doc.mesh(), imported, b);
    QVERIFY(!refs.empty());
    for (const std::string& ref : refs) {
      const GraphNode* node = imported.node(ref);
      QVERIFY(node);
      bool runsIt = false;
      for (const auto& v : node->versions) runsIt = runsIt || v.workload == behaviours[0].workload.value_or("");
      QVERIFY2(runsIt, ref.c_str());
    }
  }

  void connectAGatewayRoutesToTheService() {
    DesignDocument doc;
    QString error;
    QVERIFY(doc.open({bookinfoFile()}, &error));
    const CanvasGraph g = buildCanvasGraph(doc.mesh());
    doc.edit("Connect", connectOps(doc.mesh(), g, "Gateway/default/bookinfo-gateway", "Service/default/details"));
    const model::Resource* vs = doc.mesh().find(model::Kind::VirtualService, "default", "bookinfo-gateway-details");
    QVERIFY(vs);
    QCOMPARE(vs->as<model::VirtualService>()->gateways, std::vector<std::string>{"bookinfo-gateway"});
    QVERIFY(buildCanvasGraph(doc.mesh()).edge("ingress:Gateway/default/bookinfo-gateway>Service/default/details"));
  }

  void copyAndPasteRenames() {
    DesignDocument doc;
    QString error;
    QVERIFY(doc.open({bookinfoFile()}, &error));
    const CanvasGraph g = buildCanvasGraph(doc.mesh());
    const std::string text = copyText(doc.mesh(), g, {"Service/default/reviews", "Gateway/default/bookinfo-gateway"},
                                      {{"Service/default/reviews", QPointF(440, 240)}});
    QVERIFY(text.find("kind: MeshDesign") != std::string::npos);
    QVERIFY(text.find("kind: Gateway") != std::string::npos);
    Paste pasted = pasteOps(doc.mesh(), text, 40, 40);
    QCOMPARE(pasted.nodeIds, (std::vector<std::string>{"Gateway/default/bookinfo-gateway-copy", "Service/default/reviews-copy"}));
    doc.edit("Paste", std::move(pasted.ops));
    const CanvasGraph after = buildCanvasGraph(doc.mesh());
    const GraphNode* copy = after.node("Service/default/reviews-copy");
    QVERIFY(copy);
    QCOMPARE(copy->versions.size(), size_t(3));
    QCOMPARE(copy->versions[1].workload, std::string("reviews-copy-v2"));
    QVERIFY(after.edge("call:Service/default/reviews-copy>Service/default/ratings"));
    QCOMPARE(doc.nodePositions().at("Service/default/reviews-copy"), QPointF(480, 280));
    QVERIFY(after.node("Gateway/default/bookinfo-gateway-copy"));
    // Pasting again does not clash with the first copy.
    Paste again = pasteOps(doc.mesh(), text, 80, 80);
    QCOMPARE(again.nodeIds.back(), std::string("Service/default/reviews-copy-2"));
  }

  void paletteAddsToAnEmptyDesign() {
    model::Mesh empty;
    NewObject added = paletteOps(empty, buildCanvasGraph(empty), PaletteItem::Service, nullptr, 100, 200);
    QCOMPARE(added.nodeId, std::string("Service/default/service"));
    DesignDocument doc;
    doc.edit("Add", std::move(added.ops));
    QVERIFY(doc.mesh().design());
    QCOMPARE(doc.nodePositions().at("Service/default/service"), QPointF(100, 200));
    QVERIFY(buildCanvasGraph(doc.mesh()).node("Service/default/service"));
    QVERIFY(paletteOps(doc.mesh(), buildCanvasGraph(doc.mesh()), PaletteItem::VirtualService, nullptr, 0, 0).ops.empty());
  }

  void palettePoliciesFitTheSelectedService() {
    const model::Mesh mesh = bookinfo();
    const CanvasGraph g = buildCanvasGraph(mesh);
    const GraphNode* reviews = g.node("Service/default/reviews");
    const GraphNode* ratings = g.node("Service/default/ratings");
    NewObject vs = paletteOps(mesh, g, PaletteItem::VirtualService, reviews, 0, 0);
    QCOMPARE(vs.ref, std::string("VirtualService/default/reviews-2"));
    const auto& route = vs.ops.front().value.as<model::VirtualService>()->http.front().route;
    QCOMPARE(route.size(), size_t(3));
    QCOMPARE(*route[0].weight + *route[1].weight + *route[2].weight, std::int64_t(100));
    NewObject dr = paletteOps(mesh, g, PaletteItem::DestinationRule, reviews, 0, 0);
    QCOMPARE(dr.ops.front().value.as<model::DestinationRule>()->subsets.size(), size_t(3));
    NewObject ap = paletteOps(mesh, g, PaletteItem::AuthorizationPolicy, ratings, 0, 0);
    const auto& policy = *ap.ops.front().value.as<model::AuthorizationPolicy>();
    QCOMPARE(policy.selector->matchLabels, (model::Labels{{"app", "ratings"}}));
    QCOMPARE(policy.rules.front().from.front().source->principals,
             std::vector<std::string>{"cluster.local/ns/default/sa/bookinfo-reviews"});
    NewObject pa = paletteOps(mesh, g, PaletteItem::PeerAuthentication, nullptr, 0, 0);
    QCOMPARE(pa.ref, std::string("PeerAuthentication/default/default"));
    QVERIFY(!pa.ops.front().value.as<model::PeerAuthentication>()->selector);
  }

  void liveStatsFoldOntoEdges() {
    const model::Mesh mesh = bookinfo();
    const CanvasGraph g = buildCanvasGraph(mesh);
    const GraphEdge* toRatings = g.edge("call:Service/default/reviews>Service/default/ratings");
    const GraphNode* ratings = g.node("Service/default/ratings");
    const LiveEdges live{{{"reviews-v2", "ratings"}, {10, 0, 12, true}},
                         {{"reviews-v3", "ratings.default.svc.cluster.local"}, {30, 10, 40, true}},
                         {{"productpage-v1", "ratings"}, {99, 99, 99, false}}};  // no such edge
    const auto stats = liveStatsFor(*toRatings, *ratings, hostsOf(mesh, *ratings), live);
    QVERIFY(stats);
    QCOMPARE(stats->rps, 40.0);
    QCOMPARE(stats->errorPercent, 7.5);
    QCOMPARE(stats->p99Ms, 40.0);
    QVERIFY(stats->mtls);
    QCOMPARE(liveLabel(*stats), std::string("40 rps \u00b7 7.5% \u00b7 p99 40 ms"));
    QCOMPARE(healthOf(stats->rps, stats->errorPercent), Health::Failing);
    QCOMPARE(healthOf(5, 0.5), Health::Healthy);
    QCOMPARE(healthOf(5, 1), Health::Degraded);
    QCOMPARE(healthOf(0, 0), Health::Idle);
    const GraphEdge* toDetails = g.edge("call:Service/default/productpage>Service/default/details");
    QVERIFY(!liveStatsFor(*toDetails, *g.node("Service/default/details"), {}, live));
  }
};

QTEST_MAIN(TestCanvasGraph)
#include "tst_canvas_graph.moc"
