// The YAML reader: typed fields, positions, and diagnostics that say what to fix.
#include <QtTest>

#include "istio/exporter.h"
#include "istio/importer.h"

using namespace ms;

namespace {

struct Imported {
  model::Mesh mesh;
  model::Diagnostics diagnostics;
};

Imported import(const std::string& text) {
  Imported out;
  istio::importText(text, "in.yaml", out.mesh, out.diagnostics);
  return out;
}

const model::Diagnostic* find(const Imported& in, const std::string& part) {
  for (const auto& d : in.diagnostics)
    if (d.message.find(part) != std::string::npos) return &d;
  return nullptr;
}

const char* kReviews = R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    - destination:
        host: reviews
        subset: v2
      weight: 10
)";

}  // namespace

class YamlReaderTest : public QObject {
  Q_OBJECT

 private slots:
  void readsTypedFieldsWithPositions() {
    const Imported in = import(kReviews);
    QVERIFY(in.diagnostics.empty());
    QCOMPARE(in.mesh.resources.size(), size_t(1));
    const model::Resource& r = in.mesh.resources[0];
    QCOMPARE(r.kind, model::Kind::VirtualService);
    QCOMPARE(r.meta.namespace_, std::string("shop"));
    const auto* vs = r.as<model::VirtualService>();
    QVERIFY(vs);
    QCOMPARE(vs->http[0].route[1].weight.value(), std::int64_t(10));
    QCOMPARE(*vs->http[0].route[1].destination->subset, std::string("v2"));
    const model::SourceLocation at = r.at("spec.http[0].route[1].weight");
    QCOMPARE(at.line, 18);
    QCOMPARE(at.column, 7);
    QCOMPARE(r.at("spec.http[0].route[1].destination.subset").line, 17);
    // An unrecorded path falls back to its nearest ancestor, the list item on line 15.
    QCOMPARE(r.at("spec.http[0].route[1].nothing").line, 15);
  }

  void unknownFieldIsAnErrorWithASuggestion() {
    std::string text = kReviews;
    text.replace(text.find("      weight: 10"), 16, "      wieght: 10");
    const Imported in = import(text);
    const auto* d = find(in, "unknown field \"wieght\"");
    QVERIFY(d);
    QCOMPARE(d->code, std::string("IST0106"));
    QCOMPARE(d->level, model::Level::Error);
    QCOMPARE(d->where.line, 18);
    QVERIFY(d->message.find("did you mean \"weight\"") != std::string::npos);
    QCOMPARE(d->kind + " " + d->namespace_ + "/" + d->name, std::string("VirtualService shop/reviews"));
  }

  void unknownFieldIsKeptForExport() {
    std::string text = kReviews;
    text.replace(text.find("      weight: 10"), 16, "      future: 10");
    const Imported in = import(text);
    QVERIFY(istio::exportYaml(in.mesh).find("future: 10") != std::string::npos);
  }

  void wrongTypesSayWhatIsExpected() {
    std::string text = kReviews;
    text.replace(text.find("weight: 10"), 10, "weight: ten");
    const Imported in = import(text);
    const auto* d = find(in, "weight: expected an integer, got string \"ten\"");
    QVERIFY(d);
    QCOMPARE(d->where.line, 18);
    const Imported quoted = import("apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\n"
                                   "spec:\n  servers:\n  - port: {number: \"80\", name: http, protocol: HTTP}\n"
                                   "    hosts: [\"*\"]\n");
    QVERIFY(find(quoted, "number: expected an integer, got string \"80\""));
    const Imported number = import("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\n"
                                   "spec:\n  hosts: [80]\n");
    QVERIFY(find(number, "quote it"));
  }

  void missingRequiredField() {
    const Imported in = import("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\n"
                               "spec:\n  subsets:\n  - labels: {version: v1}\n");
    QVERIFY(find(in, "spec: missing required field \"host\""));
    QVERIFY(find(in, "spec.subsets[0]: missing required field \"name\""));
  }

  void duplicateKeysAndObjects() {
    const Imported keys = import("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\n"
                                 "spec:\n  host: a\n  host: b\n");
    QVERIFY(find(keys, "field \"host\" is given twice"));
    const Imported objects = import(std::string(kReviews) + "---\n" + kReviews);
    const auto* d = find(objects, "duplicate object: VirtualService shop/reviews");
    QVERIFY(d);
    QCOMPARE(d->code, std::string("MS0103"));
    QCOMPARE(d->where.line, 20);  // the second document starts after the "---" on line 19
  }

  void syntaxErrorInOneDocumentKeepsTheOthers() {
    const Imported in = import(std::string(kReviews) + "---\napiVersion: v1\nkind: [unclosed\n---\n" +
                               "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n");
    QCOMPARE(in.mesh.resources.size(), size_t(2));
    const auto* d = find(in, "YAML syntax error");
    QVERIFY(d);
    QCOMPARE(d->code, std::string("MS0101"));
    QCOMPARE(d->where.line, 21);  // "kind: [unclosed"
  }

  void otherKindsAreKeptVerbatim() {
    const std::string other = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: h}\n"
                              "spec:\n  parentRefs: [{name: gw}]\n  weird: {deep: [1, two, 3.5]}\n";
    const Imported in = import(other);
    const auto* d = find(in, "not modeled by MeshStudio");
    QVERIFY(d);
    QCOMPARE(d->level, model::Level::Info);
    const std::string out = istio::exportYaml(in.mesh);
    QVERIFY(out.find("weird:") != std::string::npos && out.find("- two") != std::string::npos);
  }

  void modeledKindUnderAnUnservedVersion() {
    const Imported in = import("apiVersion: networking.istio.io/v2\nkind: VirtualService\nmetadata: {name: v}\n");
    QVERIFY(find(in, "is not served as networking.istio.io/v2; use networking.istio.io/v1"));
  }

  void protoFieldNamesAreAcceptedWithAWarning() {
    const Imported in = import("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\n"
                               "spec:\n  hosts: [a]\n  http:\n  - redirect: {uri: /b, redirect_code: 302}\n");
    const auto* d = find(in, "\"redirect_code\" is the proto field name");
    QVERIFY(d);
    QCOMPARE(d->level, model::Level::Warning);
    QCOMPARE(*in.mesh.resources[0].as<model::VirtualService>()->http[0].redirect->redirectCode, std::int64_t(302));
  }

  void hostileInputIsRefusedCleanly() {
    std::string deep(500, '[');
    QVERIFY(find(import("a: " + deep), "nests more than 100 levels"));
    QVERIFY(find(import(std::string("apiVersion: v1\0kind", 19)), "NUL bytes"));
    // An alias bomb: each level doubles; reading must stop, not expand 2^30 nodes.
    std::string bomb = "apiVersion: meshstudio.dev/v1alpha1\nkind: MeshDesign\nmetadata: {name: b}\nspec:\n"
                       "  scenarios:\n  - name: s\n    steps:\n    - at: 1s\n      action: setFault\n      fault:\n"
                       "        a0: &a0 [x, x]\n";
    for (int i = 1; i < 30; ++i)
      bomb += "        a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) +
              ", *a" + std::to_string(i - 1) + "]\n";
    QVERIFY(find(import(bomb), "expands too far"));
  }

  void scalarsRoundTripExactly() {
    const Imported in = import("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\n"
                               "spec:\n  hosts: [\"80\", \"true\", \"null\", a]\n  http:\n  - route:\n"
                               "    - destination: {host: a}\n    fault:\n      delay:\n        fixedDelay: 1s\n"
                               "        percentage: {value: 0.1}\n");
    QVERIFY(in.diagnostics.empty());
    const std::string out = istio::exportYaml(in.mesh);
    const Imported again = import(out);
    QVERIFY2(again.diagnostics.empty(), out.c_str());
    QCOMPARE(again.mesh.resources[0].as<model::VirtualService>()->hosts,
             (model::Strings{"80", "true", "null", "a"}));
    QCOMPARE(*again.mesh.resources[0].as<model::VirtualService>()->http[0].fault->delay->percentage->value, 0.1);
  }
};

QTEST_GUILESS_MAIN(YamlReaderTest)
#include "tst_yaml_reader.moc"
