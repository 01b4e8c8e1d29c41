// The inspector: a typed editor for every field of every kind, edits that are one undo step
// each, a traffic split that always sums to 100, and forms that follow the document.
#include <QCheckBox>
#include <QCompleter>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QStringListModel>
#include <QToolButton>
#include <QtTest>

#include <numeric>

#include "document/design_document.h"
#include "inspector/field_info.h"
#include "inspector/form_builder.h"
#include "inspector/form_widgets.h"
#include "inspector/host_completer.h"
#include "inspector/inspector_panel.h"
#include "inspector/scenario_timeline.h"
#include "inspector/weight_split.h"
#include "model/kind.h"

using namespace ms;
using namespace ms::studio;

namespace {

const char* kFixture = R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - timeout: 5s
    retries: {attempts: 2}
    route:
    - destination: {host: reviews, subset: v1}
      weight: 90
    - destination: {host: reviews, subset: v2}
      weight: 10
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    loadBalancer: {simple: ROUND_ROBIN}
    connectionPool:
      tcp: {maxConnections: 10}
      http: {useClientProtocol: true}
    outlierDetection: {interval: 10s}
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
  - {name: v3, labels: {version: v3}}
)";

QString bookinfo() { return QStringLiteral(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml"); }

const model::Resource& resourceOf(const DesignDocument& doc, const std::string& ref) {
  const int i = doc.indexOf(ref);
  if (i < 0) qFatal("no resource %s", ref.c_str());
  return doc.mesh().resources[static_cast<size_t>(i)];
}
const model::VirtualService& vsOf(const DesignDocument& doc, const std::string& name = "reviews") {
  return *resourceOf(doc, "VirtualService/default/" + name).as<model::VirtualService>();
}
const model::DestinationRule& drOf(const DesignDocument& doc, const std::string& name = "reviews") {
  return *resourceOf(doc, "DestinationRule/default/" + name).as<model::DestinationRule>();
}

template <class W = QWidget> W* field(const InspectorPanel& panel, const std::string& path) {
  QWidget* form = panel.formWidget();
  return form ? form->findChild<W*>(QString::fromStdString(path)) : nullptr;
}

void typeInto(QLineEdit* edit, const QString& text) {
  edit->setFocus();
  edit->selectAll();
  QTest::keyClick(edit, Qt::Key_Backspace);
  QTest::keyClicks(edit, text);
  QTest::keyClick(edit, Qt::Key_Return);
}

std::vector<std::int64_t> weightsOf(const model::VirtualService& vs, size_t route = 0) {
  std::vector<std::int64_t> out;
  for (const auto& d : vs.http[route].route) out.push_back(d.weight.value_or(-1));
  return out;
}

// --- a resource with every field set, and the widget every field should get ---

template <class T> void fill(T& v);
struct Filler {
  template <class F> void operator()(const char*, F& f) { fill(f); }
  template <class F> void operator()(const char*, F& f, model::RequiredField) { fill(f); }
};
template <class T> void fill(T& v) {
  using namespace form_detail;
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, model::OptString>) v = std::string("x");
  else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, model::OptInt>) v = std::int64_t{1};
  else if constexpr (std::is_same_v<T, double> || std::is_same_v<T, model::OptDouble>) v = 1.5;
  else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, model::OptBool>) v = true;
  else if constexpr (std::is_same_v<T, model::Value>) v = model::Value::Map{{"a", model::Value(1)}};
  else if constexpr (Optional<T>::value) fill(v.emplace());
  else if constexpr (Vector<T>::value) fill(v.emplace_back());
  else if constexpr (StringMap<T>::value) fill(v["k"]);
  else {
    Filler f;
    v.fields(f);
  }
}

enum class Editor { String, Int, Double, Bool, Yaml, Group };
struct Expected {
  std::string path, schema;
  Editor editor;
};

template <class T> void expect(T& v, const std::string& path, const std::string& schema, std::vector<Expected>& out);
struct Expecter {
  const std::string& path;
  const std::string& schema;
  std::vector<Expected>& out;
  template <class F> void operator()(const char* name, F& f) { expect(f, path + "." + name, schema + "." + name, out); }
  template <class F> void operator()(const char* name, F& f, model::RequiredField) { (*this)(name, f); }
};
template <class T> void expect(T& v, const std::string& path, const std::string& schema, std::vector<Expected>& out) {
  using namespace form_detail;
  if constexpr (Scalar<T>::value) {
    using S = typename Scalar<T>::Type;
    out.push_back({path, schema,
                   std::is_same_v<S, std::string> ? Editor::String
                   : std::is_same_v<S, std::int64_t> ? Editor::Int
                   : std::is_same_v<S, double> ? Editor::Double
                                                   : Editor::Bool});
  } else if constexpr (std::is_same_v<T, model::Value>) {
    out.push_back({path, schema, Editor::Yaml});
  } else if constexpr (Optional<T>::value) {
    out.push_back({path, schema, Editor::Group});
    expect(*v, path, schema, out);
  } else if constexpr (Vector<T>::value) {
    if constexpr (!istio::Described<typename Vector<T>::Item>) out.push_back({path, schema, Editor::Group});
    for (size_t i = 0; i < v.size(); ++i) {
      if constexpr (istio::Described<typename Vector<T>::Item>) out.push_back({path + "[" + std::to_string(i) + "]", schema, Editor::Group});
      expect(v[i], path + "[" + std::to_string(i) + "]", schema, out);
    }
  } else if constexpr (StringMap<T>::value) {
    if constexpr (!istio::Described<typename StringMap<T>::Mapped>) out.push_back({path, schema, Editor::Group});
    for (auto& [key, item] : v) {
      if constexpr (istio::Described<typename StringMap<T>::Mapped>) out.push_back({path + "." + key, schema + ".*", Editor::Group});
      expect(item, path + "." + key, schema + ".*", out);
    }
  } else {
    Expecter e{path, schema, out};
    v.fields(e);
  }
}

template <class Spec> model::Resource filledResource(model::Kind kind) {
  model::Resource r;
  r.kind = kind;
  r.kindName = model::kindName(kind);
  r.apiVersion = model::preferredApiVersion(r.kindName);
  r.meta.name = "all";
  r.meta.namespace_ = "default";
  Spec spec;
  fill(spec);
  r.spec = std::move(spec);
  return r;
}

}  // namespace

class TestInspector : public QObject {
  Q_OBJECT

  std::unique_ptr<DesignDocument> doc_;
  std::unique_ptr<InspectorPanel> panel_;

  void open(const char* text) {
    panel_.reset();
    doc_ = std::make_unique<DesignDocument>();
    doc_->setText(text);
    doc_->waitForDiagnostics();
    QVERIFY(!doc_->mesh().resources.empty());
    doc_->undoStack()->clear();
    panel_ = std::make_unique<InspectorPanel>(doc_.get());
    panel_->resize(420, 900);
    panel_->show();
    panel_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(panel_.get()));
  }

  template <class Spec> void checkEveryField(model::Kind kind) {
    DesignDocument doc;
    model::Resource r = filledResource<Spec>(kind);
    std::vector<Expected> expected;
    expect(*r.as<Spec>(), "spec", "spec", expected);
    doc.addResource(r, "add");
    InspectorPanel panel(&doc);
    panel.setSelection({QString::fromStdString(DesignDocument::refOf(r))});
    QVERIFY(!panel.showsPlaceholder());
    QCOMPARE(panel.headerKind(), QString::fromStdString(r.kindName));
    int checked = 0;
    for (const auto& e : expected) {
      QWidget* w = field(panel, e.path);
      QVERIFY2(w, ("no widget for " + e.path).c_str());
      const char* cls = w->metaObject()->className();
      const FieldInfo info = fieldInfo(r.kindName, e.schema);
      switch (e.editor) {
        case Editor::String:
          QVERIFY2(info.choices.isEmpty() ? qobject_cast<QLineEdit*>(w) != nullptr : qobject_cast<QComboBox*>(w) != nullptr,
                   (e.path + " is a " + cls).c_str());
          break;
        case Editor::Int: QVERIFY2(qobject_cast<QSpinBox*>(w), (e.path + " is a " + cls).c_str()); break;
        case Editor::Double: QVERIFY2(qobject_cast<QDoubleSpinBox*>(w), (e.path + " is a " + cls).c_str()); break;
        case Editor::Bool: QVERIFY2(qobject_cast<QCheckBox*>(w), (e.path + " is a " + cls).c_str()); break;
        case Editor::Yaml: QVERIFY2(qobject_cast<QPlainTextEdit*>(w), (e.path + " is a " + cls).c_str()); break;
        case Editor::Group: QVERIFY2(!w->property("msChip").toBool(), (e.path + " is only a chip").c_str()); break;
      }
      QVERIFY2(!w->toolTip().isEmpty(), (e.path + " has no tooltip").c_str());
      ++checked;
    }
    QVERIFY2(checked >= 5, std::to_string(checked).c_str());  // PeerAuthentication has the fewest: 7
    qInfo("%s: %d fields, each with its editor", r.kindName.c_str(), checked);

    // Unset, the same kind shows "+ field" chips for what it can add.
    DesignDocument empty;
    model::Resource bare = r;
    bare.spec = Spec{};
    empty.addResource(bare, "add");
    InspectorPanel emptyPanel(&empty);
    emptyPanel.setSelection({QString::fromStdString(DesignDocument::refOf(bare))});
    int chips = 0;
    for (QToolButton* b : emptyPanel.formWidget()->findChildren<QToolButton*>())
      if (b->property("msChip").toBool()) ++chips;
    QVERIFY(chips > 0);
  }

 private slots:
  void everyFieldOfEveryKindHasATypedEditor() {
    checkEveryField<model::VirtualService>(model::Kind::VirtualService);
    checkEveryField<model::DestinationRule>(model::Kind::DestinationRule);
    checkEveryField<model::Gateway>(model::Kind::Gateway);
    checkEveryField<model::ServiceEntry>(model::Kind::ServiceEntry);
    checkEveryField<model::Sidecar>(model::Kind::Sidecar);
    checkEveryField<model::PeerAuthentication>(model::Kind::PeerAuthentication);
    checkEveryField<model::AuthorizationPolicy>(model::Kind::AuthorizationPolicy);
    checkEveryField<model::RequestAuthentication>(model::Kind::RequestAuthentication);
    checkEveryField<model::MeshDesign>(model::Kind::MeshDesign);
  }

  void fieldDocsComeFromTheSchemas() {
    const FieldInfo timeout = fieldInfo("VirtualService", "spec.http.timeout");
    QVERIFY(timeout.duration);
    QVERIFY(!timeout.description.isEmpty());
    const FieldInfo tls = fieldInfo("DestinationRule", "spec.trafficPolicy.tls.mode");
    QVERIFY(tls.choices.contains("ISTIO_MUTUAL"));
    QVERIFY(fieldInfo("AuthorizationPolicy", "spec.action").choices.contains("DENY"));
    QVERIFY(fieldInfo("PeerAuthentication", "spec.portLevelMtls.*.mode").choices.contains("STRICT"));
    QVERIFY(fieldInfo("Sidecar", "spec.outboundTrafficPolicy.mode").choices.contains("REGISTRY_ONLY"));
    QVERIFY(fieldInfo("MeshDesign", "spec.services.workloads.behaviour.latency.distribution").choices.contains("lognormal"));
    QVERIFY(fieldInfo("MeshDesign", "spec.scenarios.steps.behaviour.latency.mean").duration);
    const FieldInfo at = fieldInfo("MeshDesign", "spec.scenarios.assertions.at");
    QVERIFY(isValidDuration(at, "end") && isValidDuration(at, "20s") && !isValidDuration(at, "soon"));
  }

  void placeholderAndHeader() {
    open(kFixture);
    QVERIFY(panel_->showsPlaceholder());
    panel_->setSelection({"VirtualService/default/reviews"});
    QVERIFY(!panel_->showsPlaceholder());
    QCOMPARE(panel_->headerKind(), QString("VirtualService"));
    QCOMPARE(panel_->headerTitle(), QString("reviews"));
    panel_->setSelection({"VirtualService/default/reviews", "DestinationRule/default/reviews"});
    QVERIFY(panel_->showsPlaceholder());
    panel_->setSelection({"Gateway/default/nowhere"});
    QVERIFY(panel_->showsPlaceholder());
    panel_->setSelection({});
    QVERIFY(panel_->showsPlaceholder());
  }

  void stringEditIsOneUndoStep() {
    open(kFixture);
    panel_->setSelection({"DestinationRule/default/reviews"});
    auto* host = field<QLineEdit>(*panel_, "spec.host");
    QVERIFY(host);
    QCOMPARE(host->text(), QString("reviews"));
    typeInto(host, "reviews.default.svc.cluster.local");
    QCOMPARE(*drOf(*doc_).host, std::string("reviews.default.svc.cluster.local"));
    QVERIFY(doc_->text().find("host: reviews.default.svc.cluster.local") != std::string::npos);
    QCOMPARE(doc_->undoStack()->count(), 1);
    QCOMPARE(doc_->undoStack()->undoText(), QString("Set spec.host"));
    const int rebuilds = panel_->rebuildCount();
    doc_->undoStack()->undo();
    QCOMPARE(*drOf(*doc_).host, std::string("reviews"));
    QCOMPARE(panel_->rebuildCount(), rebuilds);  // same shape: refreshed in place
    QCOMPARE(field<QLineEdit>(*panel_, "spec.host")->text(), QString("reviews"));
    // Emptying an optional string unsets it.
    typeInto(field<QLineEdit>(*panel_, "spec.subsets[0].name"), "");
    QVERIFY(!drOf(*doc_).subsets[0].name);
  }

  void intEditMergesWhileInTheSameField() {
    open(kFixture);
    panel_->setSelection({"DestinationRule/default/reviews"});
    auto* max = field<QSpinBox>(*panel_, "spec.trafficPolicy.connectionPool.tcp.maxConnections");
    QVERIFY(max);
    QCOMPARE(max->value(), 10);
    max->setValue(11);
    max->setValue(12);  // like clicking the arrow twice
    QCOMPARE(*drOf(*doc_).trafficPolicy->connectionPool->tcp->maxConnections, std::int64_t{12});
    QVERIFY(doc_->text().find("maxConnections: 12") != std::string::npos);
    QCOMPARE(doc_->undoStack()->count(), 1);
    doc_->undoStack()->undo();
    QCOMPARE(*drOf(*doc_).trafficPolicy->connectionPool->tcp->maxConnections, std::int64_t{10});
    QCOMPARE(max->value(), 10);
    // Clearing the text unsets the field.
    auto* text = max->findChild<QLineEdit*>();
    text->selectAll();
    text->del();
    max->interpretText();
    QVERIFY(!drOf(*doc_).trafficPolicy->connectionPool->tcp->maxConnections);
  }

  void boolEditCyclesThroughUnset() {
    open(kFixture);
    panel_->setSelection({"DestinationRule/default/reviews"});
    auto* box = field<QCheckBox>(*panel_, "spec.trafficPolicy.connectionPool.http.useClientProtocol");
    QVERIFY(box);
    QCOMPARE(box->checkState(), Qt::Checked);
    box->click();  // true -> false
    QCOMPARE(*drOf(*doc_).trafficPolicy->connectionPool->http->useClientProtocol, false);
    QVERIFY(doc_->text().find("useClientProtocol: false") != std::string::npos);
    box->click();  // false -> unset
    QVERIFY(!drOf(*doc_).trafficPolicy->connectionPool->http->useClientProtocol);
    QCOMPARE(box->text(), QString("unset"));
    QCOMPARE(doc_->undoStack()->count(), 1);  // the same field, without leaving it: one step
    doc_->undoStack()->undo();
    QCOMPARE(*drOf(*doc_).trafficPolicy->connectionPool->http->useClientProtocol, true);
    QCOMPARE(box->checkState(), Qt::Checked);
  }

  void enumEditUsesTheSchemaValues() {
    open(kFixture);
    panel_->setSelection({"DestinationRule/default/reviews"});
    auto* simple = field<QComboBox>(*panel_, "spec.trafficPolicy.loadBalancer.simple");
    QVERIFY(simple);
    QCOMPARE(simple->currentText(), QString("ROUND_ROBIN"));
    QVERIFY(simple->findText("LEAST_REQUEST") > 0);
    simple->setCurrentIndex(simple->findText("LEAST_REQUEST"));
    QCOMPARE(*drOf(*doc_).trafficPolicy->loadBalancer->simple, std::string("LEAST_REQUEST"));
    QVERIFY(doc_->text().find("simple: LEAST_REQUEST") != std::string::npos);
    QCOMPARE(doc_->undoStack()->count(), 1);
    doc_->undoStack()->undo();
    QCOMPARE(simple->currentText(), QString("ROUND_ROBIN"));
    simple->setCurrentIndex(0);  // unset
    QVERIFY(!drOf(*doc_).trafficPolicy->loadBalancer->simple);
  }

  void durationIsValidatedBeforeItIsCommitted() {
    open(kFixture);
    panel_->setSelection({"VirtualService/default/reviews"});
    auto* timeout = field<QLineEdit>(*panel_, "spec.http[0].timeout");
    QVERIFY(timeout);
    typeInto(timeout, "5 seconds");
    QCOMPARE(*vsOf(*doc_).http[0].timeout, std::string("5s"));  // not committed
    QCOMPARE(doc_->undoStack()->count(), 0);
    QVERIFY(timeout->property("msInvalid").toBool());
    QVERIFY2(timeout->toolTip().contains("not a duration"), qPrintable(timeout->toolTip()));
    typeInto(timeout, "1.5s");
    QCOMPARE(*vsOf(*doc_).http[0].timeout, std::string("1.5s"));
    QVERIFY(!timeout->property("msInvalid").toBool());
    QVERIFY(doc_->text().find("timeout: 1.5s") != std::string::npos);
    QCOMPARE(doc_->undoStack()->count(), 1);
    doc_->undoStack()->undo();
    QCOMPARE(timeout->text(), QString("5s"));
  }

  void rebalanceKeepsProportionsAndSum() {
    QCOMPARE(rebalanceWeights({50, 30, 20}, 0, 0), (std::vector<int>{0, 60, 40}));
    QCOMPARE(rebalanceWeights({90, 10}, 1, 25), (std::vector<int>{75, 25}));
    QCOMPARE(rebalanceWeights({100, 0, 0}, 0, 40), (std::vector<int>{40, 30, 30}));
    QCOMPARE(rebalanceWeights({34, 33, 33}, 0, 0), (std::vector<int>{0, 50, 50}));
    QCOMPARE(rebalanceWeights({0, 0, 0, 0}, 2, 1), (std::vector<int>{33, 33, 1, 33}));
    QCOMPARE(rebalanceWeights({42}, 0, 10), (std::vector<int>{100}));
    QCOMPARE(rebalanceWeights({60, 40}, 0, 130), (std::vector<int>{100, 0}));
    QCOMPARE(effectiveWeights({std::nullopt}), (std::vector<int>{100}));
    QCOMPARE(effectiveWeights({std::nullopt, 30}), (std::vector<int>{0, 30}));
  }

  void weightSlidersKeepTheSumAt100() {
    QRandomGenerator random(20240611);
    for (int n : {2, 3, 4}) {
      // A route to n subsets, with an uneven split that sums to 100.
      std::string text = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews}\n"
                         "spec:\n  hosts: [reviews]\n  http:\n  - route:\n";
      for (int i = 0; i < n; ++i)
        text += "    - destination: {host: reviews, subset: v" + std::to_string(i + 1) + "}\n      weight: " +
                std::to_string(i == 0 ? 100 - 10 * (n - 1) : 10) + "\n";
      open(text.c_str());
      panel_->setSelection({"VirtualService/default/reviews"});
      auto* split = panel_->formWidget()->findChild<WeightSplitEditor*>();
      QVERIFY(split);
      QCOMPARE(split->count(), n);
      for (int move = 0; move < 150; ++move) {
        const int steps = doc_->undoStack()->count();
        const int i = static_cast<int>(random.bounded(n));
        const int value = static_cast<int>(random.bounded(101));
        const int how = static_cast<int>(random.bounded(3));
        if (how == 0) {
          split->slider(i)->setValue(value);
        } else if (how == 1) {
          split->spinBox(i)->setValue(value);
        } else {  // a drag through a few positions to `value`
          split->slider(i)->setSliderDown(true);
          for (int v : {(value + 50) / 2, value / 3, value}) split->slider(i)->setValue(v);
          split->slider(i)->setSliderDown(false);
        }
        const auto weights = weightsOf(vsOf(*doc_));
        QCOMPARE(std::accumulate(weights.begin(), weights.end(), std::int64_t{0}), std::int64_t{100});
        QCOMPARE(weights[static_cast<size_t>(i)], std::int64_t{value});
        for (int j = 0; j < n; ++j) {
          QVERIFY(weights[static_cast<size_t>(j)] >= 0 && weights[static_cast<size_t>(j)] <= 100);
          QCOMPARE(split->slider(j)->value(), static_cast<int>(weights[static_cast<size_t>(j)]));
          QCOMPARE(split->spinBox(j)->value(), static_cast<int>(weights[static_cast<size_t>(j)]));
        }
        // A move, or a whole drag, is at most one undo step.
        QVERIFY(doc_->undoStack()->count() <= steps + 1);
      }
    }
  }

  void hostAndSubsetFieldsSuggestWhatTheDesignHas() {
    QFile file(bookinfo());
    QVERIFY(file.open(QIODevice::ReadOnly));
    open(file.readAll().constData());
    panel_->setSelection({"VirtualService/default/reviews"});
    auto* host = field<QLineEdit>(*panel_, "spec.http[0].route[1].destination.host");
    auto* subset = field<QLineEdit>(*panel_, "spec.http[0].route[1].destination.subset");
    QVERIFY(host && subset && host->completer() && subset->completer());
    QVERIFY(!field<QLineEdit>(*panel_, "spec.http[0].timeout")->completer());
    host->setFocus();
    QTRY_VERIFY(host->hasFocus());
    const QStringList hosts = qobject_cast<QStringListModel*>(host->completer()->model())->stringList();
    for (const char* h : {"reviews", "ratings", "reviews.default.svc.cluster.local"})
      QVERIFY2(hosts.contains(h), qPrintable(hosts.join(",")));
    subset->setFocus();
    QTRY_VERIFY(subset->hasFocus());
    auto subsets = [&] { return qobject_cast<QStringListModel*>(subset->completer()->model())->stringList(); };
    QCOMPARE(subsets(), (QStringList{"v1", "v2", "v3"}));
    // The suggestions follow the host the destination names.
    typeInto(host, "ratings");
    subset->setFocus();
    QTRY_VERIFY(subset->hasFocus());
    QCOMPARE(subsets(), QStringList{"v1"});
    QCOMPARE(subsetSuggestions(doc_->mesh(), "reviews.default.svc.cluster.local"), (QStringList{"v1", "v2", "v3"}));
    // Typing a suggestion's start offers it.
    host->setFocus();
    host->completer()->setCompletionPrefix("rev");
    QCOMPARE(host->completer()->currentCompletion(), QString("reviews"));
  }

  void aDragIsOneUndoStepAndKeepsTheOthersRatio() {
    open(R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - {destination: {host: reviews, subset: v1}, weight: 50}
    - {destination: {host: reviews, subset: v2}, weight: 30}
    - {destination: {host: reviews, subset: v3}, weight: 20}
)");
    panel_->setSelection({"VirtualService/default/reviews"});
    auto* split = panel_->formWidget()->findChild<WeightSplitEditor*>();
    QVERIFY(split);
    QSlider* slider = split->slider(0);
    slider->setSliderDown(true);
    for (int v = 50; v <= 100; v += 5) slider->setValue(v);
    QCOMPARE(weightsOf(vsOf(*doc_)), (std::vector<std::int64_t>{100, 0, 0}));
    for (int v = 100; v >= 50; v -= 5) slider->setValue(v);
    slider->setSliderDown(false);
    // Back where it began, the others have their 3:2 ratio again.
    QCOMPARE(weightsOf(vsOf(*doc_)), (std::vector<std::int64_t>{50, 30, 20}));
    slider->setSliderDown(true);
    slider->setValue(80);
    slider->setValue(70);
    slider->setSliderDown(false);
    QCOMPARE(weightsOf(vsOf(*doc_)), (std::vector<std::int64_t>{70, 18, 12}));
    QCOMPARE(doc_->undoStack()->count(), 2);  // the second drag; the first changed nothing
    doc_->undoStack()->undo();
    QCOMPARE(weightsOf(vsOf(*doc_)), (std::vector<std::int64_t>{50, 30, 20}));
    QCOMPARE(split->slider(0)->value(), 50);
    QCOMPARE(split->spinBox(2)->value(), 20);
    // Removing a destination scales the others back to 100.
    field<QToolButton>(*panel_, "spec.http[0].route[0].remove")->click();
    QCOMPARE(weightsOf(vsOf(*doc_)), (std::vector<std::int64_t>{60, 40}));
  }

  void aLoneDestinationHasAllTraffic() {
    open(kFixture);
    panel_->setSelection({"VirtualService/default/reviews"});
    // Remove v2: one destination is left, its slider shows 100 and cannot move.
    field<QToolButton>(*panel_, "spec.http[0].route[1].remove")->click();
    QCOMPARE(vsOf(*doc_).http[0].route.size(), size_t(1));
    auto* split = panel_->formWidget()->findChild<WeightSplitEditor*>();
    QVERIFY(split);
    QCOMPARE(split->count(), 1);
    QCOMPARE(split->slider(0)->value(), 100);
    QVERIFY(!split->slider(0)->isEnabled());
    QVERIFY(!vsOf(*doc_).http[0].route[0].weight);  // a lone destination needs no weight
    // Adding a destination back splits 100/0 so that the sum stays 100.
    field<QToolButton>(*panel_, "spec.http[0].route.add")->click();
    QCOMPARE(weightsOf(vsOf(*doc_)), (std::vector<std::int64_t>{100, 0}));
    QCOMPARE(*vsOf(*doc_).http[0].route[1].destination->host, std::string("reviews"));
    doc_->undoStack()->undo();
    doc_->undoStack()->undo();
    QCOMPARE(weightsOf(vsOf(*doc_)), (std::vector<std::int64_t>{90, 10}));
  }

  void listAddRemoveAndReorder() {
    open(kFixture);
    panel_->setSelection({"DestinationRule/default/reviews"});
    field<QToolButton>(*panel_, "spec.subsets.add")->click();
    QCOMPARE(drOf(*doc_).subsets.size(), size_t(4));
    QCOMPARE(*drOf(*doc_).subsets[3].name, std::string("v4"));
    QCOMPARE(drOf(*doc_).subsets[3].labels.at("version"), std::string("v4"));
    QVERIFY(field(*panel_, "spec.subsets[3]"));
    QCOMPARE(doc_->undoStack()->count(), 1);
    // The new item's first field has the focus.
    QCOMPARE(QApplication::focusWidget(), field(*panel_, "spec.subsets[3].name"));
    field<QToolButton>(*panel_, "spec.subsets[0].remove")->click();
    QCOMPARE(drOf(*doc_).subsets.size(), size_t(3));
    QCOMPARE(*drOf(*doc_).subsets[0].name, std::string("v2"));
    // Move v4 (now last) up.
    QVERIFY(!field<QToolButton>(*panel_, "spec.subsets[0].up")->isEnabled());
    QVERIFY(!field<QToolButton>(*panel_, "spec.subsets[2].down")->isEnabled());
    field<QToolButton>(*panel_, "spec.subsets[2].up")->click();
    QCOMPARE(*drOf(*doc_).subsets[1].name, std::string("v4"));
    QCOMPARE(doc_->undoStack()->count(), 3);
    doc_->undoStack()->undo();
    doc_->undoStack()->undo();
    doc_->undoStack()->undo();
    QCOMPARE(drOf(*doc_).subsets.size(), size_t(3));
    QCOMPARE(*drOf(*doc_).subsets[0].name, std::string("v1"));

    // A list of strings: add a host, type it, remove it.
    panel_->setSelection({"VirtualService/default/reviews"});
    field<QToolButton>(*panel_, "spec.hosts.add")->click();
    QCOMPARE(vsOf(*doc_).hosts.size(), size_t(2));
    auto* host = field<QLineEdit>(*panel_, "spec.hosts[1]");
    QVERIFY(host);
    typeInto(host, "reviews.example.com");
    QCOMPARE(vsOf(*doc_).hosts[1], std::string("reviews.example.com"));
    field<QToolButton>(*panel_, "spec.hosts[0].remove")->click();
    QCOMPARE(vsOf(*doc_).hosts, (model::Strings{"reviews.example.com"}));
    // An absent optional: the chip adds it, the section's button removes it.
    QVERIFY(field(*panel_, "spec.http[0].fault")->property("msChip").toBool());
    field<QToolButton>(*panel_, "spec.http[0].fault")->click();
    QVERIFY(vsOf(*doc_).http[0].fault.has_value());
    QVERIFY(!field(*panel_, "spec.http[0].fault")->property("msChip").toBool());
    field<QToolButton>(*panel_, "spec.http[0].fault.delay")->click();
    typeInto(field<QLineEdit>(*panel_, "spec.http[0].fault.delay.fixedDelay"), "2s");
    QCOMPARE(*vsOf(*doc_).http[0].fault->delay->fixedDelay, std::string("2s"));
  }

  void mapEntriesAddRenameRemove() {
    open(kFixture);
    panel_->setSelection({"DestinationRule/default/reviews"});
    auto* key = field<QLineEdit>(*panel_, "spec.subsets[0].labels.version.key");
    QVERIFY(key);
    typeInto(key, "track");
    QCOMPARE(drOf(*doc_).subsets[0].labels, (model::Labels{{"track", "v1"}}));
    typeInto(field<QLineEdit>(*panel_, "spec.subsets[0].labels.track"), "stable");
    QCOMPARE(drOf(*doc_).subsets[0].labels, (model::Labels{{"track", "stable"}}));
    field<QToolButton>(*panel_, "spec.subsets[0].labels.add")->click();
    QCOMPARE(drOf(*doc_).subsets[0].labels.size(), size_t(2));
    // A key that is already used is refused.
    auto* newKey = field<QLineEdit>(*panel_, "spec.subsets[0].labels.key.key");
    typeInto(newKey, "track");
    QVERIFY(newKey->property("msInvalid").toBool());
    QVERIFY(drOf(*doc_).subsets[0].labels.count("key"));
    field<QToolButton>(*panel_, "spec.subsets[0].labels.key.remove")->click();
    QCOMPARE(drOf(*doc_).subsets[0].labels, (model::Labels{{"track", "stable"}}));
  }

  void designServiceBehaviour() {
    DesignDocument doc;
    QString error;
    QVERIFY2(doc.open({bookinfo()}, &error), qPrintable(error));
    InspectorPanel panel(&doc);
    panel.setSelection({"Service/default/reviews"});
    QVERIFY(!panel.showsPlaceholder());
    QCOMPARE(panel.headerKind(), QString("Service"));
    QCOMPARE(panel.headerTitle(), QString("reviews"));
    auto service = [&] { return doc.mesh().design()->services[2]; };
    const std::string v2 = "spec.services[2].workloads[1].behaviour";
    // lognormal uses mean and stddev: min and max are greyed out.
    QVERIFY(field(panel, v2 + ".latency.mean")->isEnabled());
    QVERIFY(!field(panel, v2 + ".latency.min")->isEnabled());
    auto* distribution = field<QComboBox>(panel, v2 + ".latency.distribution");
    QCOMPARE(distribution->currentText(), QString("lognormal"));
    distribution->setCurrentIndex(distribution->findText("uniform"));
    QCOMPARE(*service().workloads[1].behaviour->latency->distribution, std::string("uniform"));
    QVERIFY(field(panel, v2 + ".latency.min")->isEnabled());
    QVERIFY(!field(panel, v2 + ".latency.stddev")->isEnabled());
    // Errors: add them, set the rate.
    field<QToolButton>(panel, v2 + ".errors")->click();
    auto* rate = field<QDoubleSpinBox>(panel, v2 + ".errors.rate");
    QVERIFY(rate);
    rate->setValue(0.25);
    QCOMPARE(*service().workloads[1].behaviour->errors->rate, 0.25);
    QVERIFY(doc.text().find("rate: 0.25") != std::string::npos);
    typeInto(field<QLineEdit>(panel, v2 + ".calls.targets[0].timeout"), "750ms");
    QCOMPARE(*service().workloads[1].behaviour->calls->targets[0].timeout, std::string("750ms"));
    QCOMPARE(doc.undoStack()->count(), 4);
    for (int i = 0; i < 4; ++i) doc.undoStack()->undo();
    QCOMPARE(*service().workloads[1].behaviour->calls->targets[0].timeout, std::string("10s"));
    QVERIFY(!service().workloads[1].behaviour->errors);
    QCOMPARE(*service().workloads[1].behaviour->latency->distribution, std::string("lognormal"));
    QCOMPARE(panel.headerTitle(), QString("reviews"));
    QCOMPARE(field<QComboBox>(panel, v2 + ".latency.distribution")->currentText(), QString("lognormal"));
  }

  void loadProfileAndScenarioTimeline() {
    DesignDocument doc;
    QString error;
    QVERIFY2(doc.open({bookinfo()}, &error), qPrintable(error));
    InspectorPanel panel(&doc);
    panel.setSelection({"MeshDesign/default/bookinfo"});
    QCOMPARE(panel.headerKind(), QString("MeshDesign"));
    auto* rate = field<QDoubleSpinBox>(panel, "spec.load.rate");
    QVERIFY(rate);
    QCOMPARE(rate->value(), 150.0);
    rate->setValue(80);
    QCOMPARE(*doc.mesh().design()->load->rate, 80.0);
    auto* mode = field<QComboBox>(panel, "spec.load.mode");
    QVERIFY(mode && mode->findText("concurrency") > 0);
    // Steps: add two, then move the second before the first: the list stays in time order.
    field<QToolButton>(panel, "spec.scenarios[0].steps")->click();
    typeInto(field<QLineEdit>(panel, "spec.scenarios[0].steps[0].at"), "10s");
    auto* action = field<QComboBox>(panel, "spec.scenarios[0].steps[0].action");
    action->setCurrentIndex(action->findText("killPod"));
    field<QToolButton>(panel, "spec.scenarios[0].steps.add")->click();
    QCOMPARE(*doc.mesh().design()->scenarios[0].steps[1].at, std::string("10s"));
    typeInto(field<QLineEdit>(panel, "spec.scenarios[0].steps[1].at"), "5s");
    auto steps = [&] { return doc.mesh().design()->scenarios[0].steps; };
    QCOMPARE(*steps()[0].at, std::string("5s"));
    QCOMPARE(*steps()[1].at, std::string("10s"));
    QCOMPARE(*steps()[1].action, std::string("killPod"));
    // Only the fields the action uses are shown: killPod has a target, no replicas or weights;
    // a step without an action yet shows them all.
    QVERIFY(!field(panel, "spec.scenarios[0].steps[1].target")->isHidden());
    QVERIFY(field(panel, "spec.scenarios[0].steps[1].replicas")->isHidden());
    QVERIFY(field(panel, "spec.scenarios[0].steps[1].weights")->isHidden());
    QVERIFY(!field(panel, "spec.scenarios[0].steps[0].replicas")->isHidden());
    auto* timeline = panel.formWidget()->findChild<ScenarioTimeline*>();
    QVERIFY(timeline);
    QCOMPARE(timeline->marks().size(), size_t(2));
    QCOMPARE(timeline->marks()[0].seconds, 5.0);
    QCOMPARE(timeline->marks()[1].seconds, 10.0);
    QCOMPARE(timeline->marks()[1].label, QString("killPod"));
  }

  void kubernetesServiceShowsItsWorkloadsBehaviour() {
    open(R"(apiVersion: v1
kind: Service
metadata: {name: details}
spec:
  selector: {app: details}
  ports: [{name: http, port: 9080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: details-v1}
spec:
  selector: {matchLabels: {app: details}}
  template:
    metadata: {labels: {app: details, version: v1}}
    spec:
      containers: [{name: details, image: details, ports: [{containerPort: 9080}]}]
)");
    panel_->setSelection({"Service/default/details"});
    QCOMPARE(panel_->headerKind(), QString("Service"));
    auto* give = field<QPushButton>(*panel_, "behaviour:details-v1");
    QVERIFY(give);
    give->click();
    const model::MeshDesign* design = doc_->mesh().design();
    QVERIFY(design);
    QCOMPARE(design->behaviours.size(), size_t(1));
    QCOMPARE(*design->behaviours[0].workload, std::string("details-v1"));
    // The behaviour is now edited in place, under the Service.
    QVERIFY(!field(*panel_, "behaviour:details-v1"));
    field<QToolButton>(*panel_, "spec.behaviours[0].behaviour.latency")->click();
    auto* mean = field<QLineEdit>(*panel_, "spec.behaviours[0].behaviour.latency.mean");
    QVERIFY(mean);
    typeInto(mean, "4ms");
    QCOMPARE(*doc_->mesh().design()->behaviours[0].behaviour->latency->mean, std::string("4ms"));
    // The Deployment shows the same behaviour.
    panel_->setSelection({"Deployment/default/details-v1"});
    QCOMPARE(field<QLineEdit>(*panel_, "spec.behaviours[0].behaviour.latency.mean")->text(), QString("4ms"));
    doc_->undoStack()->undo();
    doc_->undoStack()->undo();
    doc_->undoStack()->undo();
    QVERIFY(!doc_->mesh().design());
    QVERIFY(field(*panel_, "behaviour:details-v1"));
  }

  void rebuildOnUndoKeepsTheObject() {
    open(kFixture);
    panel_->setSelection({"DestinationRule/default/reviews"});
    field<QToolButton>(*panel_, "spec.subsets.add")->click();
    const int rebuilds = panel_->rebuildCount();
    doc_->undoStack()->undo();  // the shape changes back: a rebuild
    QVERIFY(panel_->rebuildCount() > rebuilds);
    QCOMPARE(panel_->headerKind(), QString("DestinationRule"));
    QCOMPARE(panel_->headerTitle(), QString("reviews"));
    QVERIFY(field(*panel_, "spec.subsets[2]"));
    QVERIFY(!field(*panel_, "spec.subsets[3]"));
    // A change from the YAML side shows too.
    std::string text = doc_->text();
    text.replace(text.find("host: reviews\n"), 14, "host: ratings\n");
    doc_->setText(text);
    doc_->waitForDiagnostics();
    QCOMPARE(field<QLineEdit>(*panel_, "spec.host")->text(), QString("ratings"));
    // Deleting the object leaves the placeholder.
    doc_->removeResources({doc_->indexOf("DestinationRule/default/reviews")}, "Delete");
    QVERIFY(panel_->showsPlaceholder());
    doc_->undoStack()->undo();
    QVERIFY(!panel_->showsPlaceholder());
    QCOMPARE(panel_->headerTitle(), QString("reviews"));
  }
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
