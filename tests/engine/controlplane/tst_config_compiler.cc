// The control plane compiles a design into proxy configs as istiod would for Envoy.
#include <QtTest>

#include <yaml-cpp/yaml.h>

#include <set>

#include "controlplane/config_compiler.h"
#include "istio/importer.h"
#include "model/service_registry.h"

using namespace ms;
using namespace ms::controlplane;

namespace {

model::Mesh load(const std::string& extra = "") {
  model::Mesh mesh;
  model::Diagnostics diagnostics;
  QFile f(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml");
  f.open(QIODevice::ReadOnly);
  istio::importText(f.readAll().toStdString() + extra, "bookinfo.yaml", mesh, diagnostics);
  return mesh;
}

const VirtualHost* vhost(const ProxyConfig& c, const std::string& prefix) {
  for (const auto& t : c.routeTables)
    for (const auto& v : t.virtualHosts)
      if (v.name->rfind(prefix, 0) == 0) return &v;
  return nullptr;
}

const Cluster* cluster(const ProxyConfig& c, const std::string& name) {
  for (const auto& cl : c.clusters)
    if (cl.name == name) return &cl;
  return nullptr;
}

const Listener* listener(const ProxyConfig& c, const std::string& kind) {
  for (const auto& l : c.listeners)
    if (l.kind == kind) return &l;
  return nullptr;
}

}  // namespace

class ConfigCompilerTest : public QObject {
  Q_OBJECT

 private slots:
  void bookinfoCompilesOneConfigPerPod() {
    const model::Mesh mesh = load();
    const model::ServiceRegistry registry(mesh);
    const Placement placement = planPlacement(registry, "/tmp/certs");
    const auto configs = compileConfigs(mesh, placement, "7");
    // productpage, details, reviews v1-v3, ratings, and the ingress gateway.
    QCOMPARE(configs.size(), size_t(7));
    QVERIFY(configs.count("productpage-v1-0") && configs.count("istio-ingressgateway-0.istio-system"));

    const ProxyConfig& pp = configs.at("productpage-v1-0");
    QCOMPARE(*pp.version, std::string("7"));
    QCOMPARE(*pp.node->workload, std::string("productpage-v1"));
    QCOMPARE(*pp.identity->cert, std::string("/tmp/certs/default/bookinfo-productpage.crt"));
    const VirtualHost* reviews = vhost(pp, "reviews.default.svc.cluster.local:9080");
    QVERIFY(reviews);
    QVERIFY(std::count(reviews->domains.begin(), reviews->domains.end(), "reviews:9080"));
    const Route& split = reviews->routes.at(0);
    QCOMPARE(split.route.size(), size_t(2));
    QCOMPARE(*split.route[0].cluster, std::string("reviews.default.svc.cluster.local"));
    QCOMPARE(*split.route[0].subset, std::string("v1"));
    QCOMPARE(*split.route[0].weight, std::int64_t(90));
    QCOMPARE(*split.route[1].weight, std::int64_t(10));

    const Cluster* rc = cluster(pp, "reviews.default.svc.cluster.local");
    QVERIFY(rc);
    QCOMPARE(rc->endpoints.size(), size_t(3));
    QCOMPARE(*rc->endpoints[0].port, std::int64_t(kInboundPort));
    QCOMPARE(*rc->endpoints[0].identity, std::string("spiffe://cluster.local/ns/default/sa/bookinfo-reviews"));
    QCOMPARE(rc->subsets.size(), size_t(3));
    QCOMPARE(*rc->trafficPolicy->tls->mode, std::string("ISTIO_MUTUAL"));  // auto mTLS

    const Listener* inbound = listener(pp, "inbound");
    QCOMPARE(*inbound->mtls, std::string("PERMISSIVE"));  // Istio's default
    QCOMPARE(*inbound->forwardTo->port, std::int64_t(9080));
    QCOMPARE(*inbound->forwardTo->address, *inbound->address);
  }

  void gatewayGetsItsServersAndBoundRoutes() {
    const model::Mesh mesh = load();
    const model::ServiceRegistry registry(mesh);
    const auto configs = compileConfigs(mesh, planPlacement(registry, "/c"), "1");
    const ProxyConfig& gw = configs.at("istio-ingressgateway-0.istio-system");
    const Listener* l = listener(gw, "gateway");
    QVERIFY(l);
    QCOMPARE(*l->port, std::int64_t(8080));
    QCOMPARE(gw.routeTables.size(), size_t(1));
    const auto& host = gw.routeTables[0].virtualHosts.at(0);
    QCOMPARE(host.domains, Strings{"*"});
    QCOMPARE(host.routes.at(0).match.size(), size_t(5));
    QCOMPARE(*host.routes[0].route.at(0).cluster, std::string("productpage.default.svc.cluster.local"));
  }

  void peerAuthenticationPrecedence() {
    const std::string policies =
        "---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\n"
        "spec: {mtls: {mode: STRICT}}\n"
        "---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ratings}\n"
        "spec:\n  selector: {matchLabels: {app: ratings}}\n  mtls: {mode: UNSET}\n  portLevelMtls:\n    \"9080\": {mode: DISABLE}\n"
        "---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: details}\n"
        "spec:\n  selector: {matchLabels: {app: details}}\n  mtls: {mode: PERMISSIVE}\n";
    const model::Mesh mesh = load(policies);
    const model::ServiceRegistry registry(mesh);
    const auto configs = compileConfigs(mesh, planPlacement(registry, "/c"), "1");
    QCOMPARE(*listener(configs.at("productpage-v1-0"), "inbound")->mtls, std::string("STRICT"));  // mesh-wide
    QCOMPARE(*listener(configs.at("details-v1-0"), "inbound")->mtls, std::string("PERMISSIVE"));   // workload wins
    QCOMPARE(*listener(configs.at("ratings-v1-0"), "inbound")->mtls, std::string("DISABLE"));      // port level
    // Clients then talk plaintext to ratings (auto mTLS follows the server).
    QCOMPARE(*cluster(configs.at("reviews-v2-0"), "ratings.default.svc.cluster.local")->trafficPolicy->tls->mode,
             std::string("DISABLE"));
  }

  void authorizationPoliciesSelectWorkloads() {
    const std::string policies =
        "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny-post}\n"
        "spec:\n  selector: {matchLabels: {app: ratings}}\n  action: DENY\n  rules:\n  - to: [{operation: {methods: [POST]}}]\n"
        "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: allow-nothing}\nspec: {}\n";
    const model::Mesh mesh = load(policies);
    const model::ServiceRegistry registry(mesh);
    const auto configs = compileConfigs(mesh, planPlacement(registry, "/c"), "1");
    QCOMPARE(listener(configs.at("ratings-v1-0"), "inbound")->authorization.size(), size_t(2));
    QCOMPARE(listener(configs.at("details-v1-0"), "inbound")->authorization.size(), size_t(1));  // namespace-wide only
  }

  void faultsAndRetriesCompile() {
    const std::string vs =
        "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ratings-fault}\n"
        "spec:\n  hosts: [ratings]\n  http:\n  - fault:\n      delay: {fixedDelay: 7s, percentage: {value: 100}}\n"
        "    match: [{headers: {end-user: {exact: jason}}}]\n    route: [{destination: {host: ratings, subset: v1}}]\n"
        "  - route: [{destination: {host: ratings, subset: v1}}]\n    retries: {attempts: 2, perTryTimeout: 1s}\n";
    model::Mesh mesh = load(vs);
    // The sample's own ratings VirtualService would be found first; drop it.
    std::erase_if(mesh.resources, [](const model::Resource& r) {
      return r.kind == model::Kind::VirtualService && r.meta.name == "ratings";
    });
    const model::ServiceRegistry registry(mesh);
    const auto configs = compileConfigs(mesh, planPlacement(registry, "/c"), "1");
    const VirtualHost* ratings = vhost(configs.at("reviews-v2-0"), "ratings.default.svc.cluster.local:9080");
    QVERIFY(ratings);
    QCOMPARE(*ratings->routes[0].fault->delay->percentage, 100.0);
    QCOMPARE(*ratings->routes[0].fault->delay->fixedDelay, std::string("7s"));
    QCOMPARE(*ratings->routes[1].retries->attempts, std::int64_t(2));
  }

  // Istio's security tasks run httpbin and sleep in several namespaces: every pod needs its own
  // name and its own identity (spiffe://cluster.local/ns/foo/sa/sleep is not .../ns/bar/sa/sleep).
  void sameWorkloadInTwoNamespaces() {
    const std::string twice =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: sleep, namespace: foo}\n"
        "spec: {template: {metadata: {labels: {app: sleep}}, spec: {serviceAccountName: sleep}}}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: sleep, namespace: bar}\n"
        "spec: {template: {metadata: {labels: {app: sleep}}, spec: {serviceAccountName: sleep}}}\n";
    model::Mesh mesh;
    model::Diagnostics diagnostics;
    istio::importText(twice, "sleep.yaml", mesh, diagnostics);
    const model::ServiceRegistry registry(mesh);
    const auto configs = compileConfigs(mesh, planPlacement(registry, "/c"), "1");
    QVERIFY(configs.count("sleep-0.foo") && configs.count("sleep-0.bar"));
    QCOMPARE(*configs.at("sleep-0.foo").identity->cert, std::string("/c/foo/sleep.crt"));
    QCOMPARE(*configs.at("sleep-0.bar").identity->cert, std::string("/c/bar/sleep.crt"));
    QCOMPARE(*configs.at("sleep-0.foo").node->id, std::string("sleep-0.foo"));
  }

  // A changed design is placed again: surviving pods keep their address (their processes keep
  // running), new ones get addresses nobody had, even pods that are about to be stopped.
  void replanKeepsAddresses() {
    model::Mesh mesh = load();
    const model::ServiceRegistry before(mesh);
    const Placement first = planPlacement(before, "/c", 40);
    std::map<std::string, std::string> addressOf;
    for (const auto& pod : first.pods) addressOf[pod.name] = pod.address;
    for (auto& r : mesh.resources)
      if (auto* design = r.as<model::MeshDesign>()) {
        design->services[2].workloads[0].replicas = 3;  // reviews-v1: 1 -> 3
        design->services[1].workloads[0].replicas = 0;  // details-v1: 1 -> 0
      }
    const model::ServiceRegistry after(mesh);
    const Placement second = planPlacement(after, "/c", 40, &first);
    std::set<std::string> addresses;
    for (const auto& pod : second.pods) {
      QVERIFY(addresses.insert(pod.address).second);
      if (addressOf.count(pod.name)) QCOMPARE(pod.address, addressOf[pod.name]);
      else QVERIFY2(std::none_of(first.pods.begin(), first.pods.end(), [&](const auto& p) { return p.address == pod.address; }),
                    pod.name.c_str());
    }
    QCOMPARE(second.pods.size(), first.pods.size() + 2 - 1);
    QVERIFY(std::none_of(second.pods.begin(), second.pods.end(), [](const auto& p) { return p.name == "details-v1-0"; }));
    QVERIFY(std::any_of(second.pods.begin(), second.pods.end(), [](const auto& p) { return p.name == "reviews-v1-2"; }));
  }

  // No internet in a simulation: a ServiceEntry host resolves to a local stand-in, whose
  // cluster talks plaintext (it has no mesh certificate). HTTPS ports would need TLS
  // passthrough, so they get no HTTP routes.
  void serviceEntryHostsReachAStandIn() {
    const std::string entries =
        "---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: httpbin-ext}\n"
        "spec: {hosts: [httpbin.org], ports: [{number: 80, name: http, protocol: HTTP}], resolution: DNS, location: MESH_EXTERNAL}\n"
        "---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: google}\n"
        "spec: {hosts: [www.google.com], ports: [{number: 443, name: https, protocol: HTTPS}], resolution: DNS}\n"
        "---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: static}\n"
        "spec:\n  hosts: [db.example.com]\n  ports: [{number: 5000, name: http, protocol: HTTP}]\n  resolution: STATIC\n"
        "  endpoints: [{address: 127.0.99.7, ports: {http: 5001}}]\n";
    const model::Mesh mesh = load(entries);
    const model::ServiceRegistry registry(mesh);
    Placement placement = planPlacement(registry, "/c");
    placement.externalHosts["httpbin.org"] = {"127.0.99.1", 8080};
    placement.externalHosts["www.google.com"] = {"127.0.99.2", 8443};
    const auto configs = compileConfigs(mesh, placement, "1");
    const ProxyConfig& pp = configs.at("productpage-v1-0");
    const Cluster* ext = cluster(pp, "httpbin.org");
    QVERIFY(ext);
    QCOMPARE(ext->endpoints.size(), size_t(1));
    QCOMPARE(*ext->endpoints[0].address, std::string("127.0.99.1"));
    QCOMPARE(*ext->endpoints[0].port, std::int64_t(8080));
    QCOMPARE(*ext->trafficPolicy->tls->mode, std::string("DISABLE"));
    const VirtualHost* host = vhost(pp, "httpbin.org:80");
    QVERIFY(host);
    QCOMPARE(host->domains, (Strings{"httpbin.org", "httpbin.org:80"}));
    QVERIFY(cluster(pp, "www.google.com"));
    QVERIFY(!vhost(pp, "www.google.com"));  // HTTPS: no HTTP routes
    const Cluster* db = cluster(pp, "db.example.com");
    QVERIFY(db);
    QCOMPARE(*db->endpoints.at(0).address, std::string("127.0.99.7"));
    QCOMPARE(*db->endpoints.at(0).port, std::int64_t(5001));
    // A VirtualService for the external host (Istio's egress task: a 3 s timeout) applies to
    // it, although "httpbin.org" looks like "service.namespace".
    const model::Mesh withTimeout = load(entries +
        "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: httpbin-ext}\n"
        "spec: {hosts: [httpbin.org], http: [{timeout: 3s, route: [{destination: {host: httpbin.org}, weight: 100}]}]}\n");
    const model::ServiceRegistry registry2(withTimeout);
    Placement placement2 = planPlacement(registry2, "/c");
    placement2.externalHosts = placement.externalHosts;
    const auto timedConfigs = compileConfigs(withTimeout, placement2, "1");
    const VirtualHost* timed = vhost(timedConfigs.at("productpage-v1-0"), "httpbin.org:80");
    QVERIFY(timed);
    QCOMPARE(*timed->routes.at(0).timeout, std::string("3s"));
    QCOMPARE(*timed->routes.at(0).route.at(0).cluster, std::string("httpbin.org"));
    // Without a stand-in or an address, a DNS host has no endpoint and no cluster.
    const auto bare = compileConfigs(mesh, planPlacement(registry, "/c"), "1");
    QVERIFY(!cluster(bare.at("productpage-v1-0"), "httpbin.org"));
  }

  void yamlIsWhatTheProxyReads() {
    const model::Mesh mesh = load();
    const model::ServiceRegistry registry(mesh);
    const auto configs = compileConfigs(mesh, planPlacement(registry, "/c"), "3");
    const YAML::Node doc = YAML::Load(toYaml(configs.at("productpage-v1-0")));
    QCOMPARE(doc["version"].as<std::string>(), std::string("3"));
    QCOMPARE(doc["listeners"][0]["kind"].as<std::string>(), std::string("outbound"));
    QCOMPARE(doc["node"]["namespace"].as<std::string>(), std::string("default"));
    QVERIFY(doc["clusters"].size() >= 4);
  }
};

QTEST_GUILESS_MAIN(ConfigCompilerTest)
#include "tst_config_compiler.moc"
