// Import then export of every shared Istio file yields the same objects, compared as data.
#include <QtTest>

#include <yaml-cpp/yaml.h>

#include "istio/exporter.h"
#include "istio/importer.h"
#include "istio/yaml_scalar.h"
#include "shared_data.h"

using namespace ms;

namespace {

// Keys as Istio's decoder sees them: proto names (prefix_rewrite) mean the JSON name.
std::string jsonName(const std::string& key) {
  if (key == "mirror_percent" || key == "jwks_uri") return key;  // distinct schema fields
  std::string out;
  bool upper = false;
  for (char c : key) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// Data equality ignores what YAML cannot tell apart for Kubernetes: null fields are unset,
// an empty list is no list.
model::Value normalize(const model::Value& v) {
  if (v.isList()) {
    model::Value::List out;
    for (const auto& item : v.asList()) out.push_back(normalize(item));
    return model::Value(std::move(out));
  }
  if (!v.isMap()) return v;
  model::Value::Map out;
  for (const auto& [key, value] : v.asMap()) {
    if (value.isNull() || (value.isList() && value.asList().empty())) continue;
    out.emplace_back(jsonName(key), normalize(value));
  }
  return model::Value(std::move(out));
}

std::string identity(const model::Value& doc) {
  auto text = [&](const char* key, const model::Value* from) -> std::string {
    const model::Value* v = from ? from->find(key) : nullptr;
    return v && v->isString() ? v->asString() : "";
  };
  const model::Value* meta = doc.find("metadata");
  return text("kind", &doc) + " " + text("namespace", meta) + "/" + text("name", meta);
}

std::map<std::string, model::Value> documents(const std::string& text, bool skipDesigns) {
  std::map<std::string, model::Value> out;
  for (const YAML::Node& node : YAML::LoadAll(text)) {
    if (!node.IsMap()) continue;
    model::Value doc = normalize(istio::toValue(node));
    if (skipDesigns && identity(doc).rfind("MeshDesign ", 0) == 0) continue;
    out.emplace(identity(doc), std::move(doc));
  }
  return out;
}

}  // namespace

class RoundTripTest : public QObject {
  Q_OBJECT

 private slots:
  void everySharedFile_data() {
    QTest::addColumn<QString>("file");
    const QStringList folders = {"samples", "api-examples", "valid-per-kind", "testdata-config",
                                 "authz-policies"};
    int count = 0;
    for (const QString& folder : folders)
      for (const QString& f : test::yamlFilesUnder(folder)) {
        if (f.endsWith("tasks/outcomes.yaml")) continue;  // scenario data, not Kubernetes objects
        QTest::newRow(qPrintable(f.mid(test::sharedIstioDir().size() + 1))) << f;
        ++count;
      }
    QVERIFY2(count > 150, "the shared Istio data is missing; tests read it from ../shared");
  }

  void everySharedFile() {
    QFETCH(QString, file);
    const std::string text = test::readFile(file).toStdString();
    model::Mesh mesh;
    model::Diagnostics diagnostics;
    istio::importText(text, file.toStdString(), mesh, diagnostics);
    QVERIFY(!mesh.resources.empty());

    const std::string exported = istio::exportYaml(mesh, {.kubernetes = true});
    const auto before = documents(text, true);
    const auto after = documents(exported, false);
    QCOMPARE(after.size(), before.size());
    for (const auto& [id, doc] : before) {
      const auto it = after.find(id);
      QVERIFY2(it != after.end(), ("not exported: " + id).c_str());
      if (!(it->second == doc)) {
        const std::string message = "differs after the round trip: " + id + "\n--- exported:\n" +
                                    exported;
        QFAIL(message.c_str());
      }
    }
  }

  // The check above must be able to fail: a changed value is a difference.
  void comparisonSeesChanges() {
    const auto a = documents("apiVersion: v1\nkind: X\nmetadata: {name: a}\nspec: {w: 1}\n", false);
    const auto b = documents("apiVersion: v1\nkind: X\nmetadata: {name: a}\nspec: {w: 2}\n", false);
    QVERIFY(!(a.begin()->second == b.begin()->second));
  }
};

QTEST_GUILESS_MAIN(RoundTripTest)
#include "tst_round_trip.moc"
