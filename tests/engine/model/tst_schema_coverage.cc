// Every field in the CRD schemas of the modeled Istio kinds (every served version) is a typed
// field of the model, and the model has no field the schemas lack.
#include <QtTest>

#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <set>

#include "istio/struct_reader.h"  // Described
#include "model/resource.h"

using namespace ms;

namespace {

// The model's field names as a tree, found by visiting fields() of default-constructed types.
struct FieldTree {
  std::map<std::string, std::unique_ptr<FieldTree>> children;
  bool leaf = true;
};

template <class T> void describe(FieldTree&) {}

struct TreeBuilder {
  FieldTree& tree;
  template <class T> void operator()(const char* name, T&) {
    auto& child = tree.children[name];
    child = std::make_unique<FieldTree>();
    add<T>(*child);
  }
  template <class T> void operator()(const char* name, T& field, model::RequiredField) {
    (*this)(name, field);
  }
  template <class T> static void add(FieldTree& node);
};

template <class T> struct Unwrap { using type = T; };
template <class T> struct Unwrap<std::optional<T>> { using type = typename Unwrap<T>::type; };
template <class T> struct Unwrap<std::vector<T>> { using type = typename Unwrap<T>::type; };
template <class T> struct Unwrap<std::map<std::string, T>> { using type = typename Unwrap<T>::type; };

template <class T> void TreeBuilder::add(FieldTree& node) {
  using Inner = typename Unwrap<T>::type;
  if constexpr (istio::Described<Inner>) {
    node.leaf = false;
    Inner value{};
    TreeBuilder builder{node};
    value.fields(builder);
  }
}

template <class Spec> FieldTree treeOf() {
  FieldTree root;
  TreeBuilder::add<Spec>(root);
  return root;
}

// Compares a CRD schema node with the model tree; collects paths missing on either side.
void compare(const YAML::Node& schema, const FieldTree& model, const std::string& path,
             std::vector<std::string>& missing, std::vector<std::string>& extra) {
  YAML::Node props = schema["properties"];
  if (!props && schema["type"] && schema["type"].as<std::string>() == "array") {
    return compare(schema["items"], model, path + "[]", missing, extra);
  }
  if (!props && schema["additionalProperties"] && schema["additionalProperties"].IsMap())
    return compare(schema["additionalProperties"], model, path + "{}", missing, extra);
  if (!props) return;
  std::set<std::string> seen;
  for (const auto& kv : props) {
    const std::string name = kv.first.as<std::string>();
    seen.insert(name);
    const auto it = model.children.find(name);
    if (it == model.children.end()) {
      missing.push_back(path + "." + name);
      continue;
    }
    compare(kv.second, *it->second, path + "." + name, missing, extra);
  }
  for (const auto& [name, child] : model.children)
    if (!seen.count(name)) extra.push_back(path + "." + name);
}

struct KindCase {
  const char* crdFile;
  FieldTree (*tree)();
};

}  // namespace

class SchemaCoverageTest : public QObject {
  Q_OBJECT

 private slots:
  void everyCrdFieldIsModeled_data() {
    QTest::addColumn<QString>("crd");
    QTest::addColumn<int>("kind");
    const char* files[] = {"virtualservices", "destinationrules", "gateways", "serviceentries", "sidecars",
                           "peerauthentications", "authorizationpolicies", "requestauthentications"};
    for (int i = 0; i < 8; ++i) QTest::newRow(files[i]) << QString(files[i]) << i;
  }

  void everyCrdFieldIsModeled() {
    QFETCH(QString, crd);
    QFETCH(int, kind);
    FieldTree (*trees[])() = {treeOf<model::VirtualService>, treeOf<model::DestinationRule>,
                              treeOf<model::Gateway>, treeOf<model::ServiceEntry>, treeOf<model::Sidecar>,
                              treeOf<model::PeerAuthentication>, treeOf<model::AuthorizationPolicy>,
                              treeOf<model::RequestAuthentication>};
    const FieldTree tree = trees[kind]();
    const QString group = kind >= 5 ? "security" : "networking";
    const std::string file = MS_SHARED_DIR "/istio/crds/by-kind/" + crd.toStdString() + "." +
                             group.toStdString() + ".istio.io.yaml";
    YAML::Node doc;
    for (const auto& d : YAML::LoadAllFromFile(file))
      if (d["kind"] && d["kind"].as<std::string>() == "CustomResourceDefinition") doc = d;
    QVERIFY2(doc, "CRD not found in the shared Istio data");
    int versions = 0;
    for (const auto& version : doc["spec"]["versions"]) {
      std::vector<std::string> missing, extra;
      compare(version["schema"]["openAPIV3Schema"]["properties"]["spec"], tree,
              version["name"].as<std::string>() + ":spec", missing, extra);
      for (const auto& m : missing) qWarning("in the CRD, not in the model: %s", m.c_str());
      for (const auto& e : extra) qWarning("in the model, not in the CRD: %s", e.c_str());
      QVERIFY(missing.empty());
      QVERIFY(extra.empty());
      ++versions;
    }
    QVERIFY(versions >= 2);
  }
};

QTEST_GUILESS_MAIN(SchemaCoverageTest)
#include "tst_schema_coverage.moc"
