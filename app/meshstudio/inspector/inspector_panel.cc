#include "inspector/inspector_panel.h"

#include <QApplication>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

#include "document/design_document.h"
#include "inspector/form_builder.h"
#include "model/kind.h"

namespace ms::studio {

namespace {

// Keeps the builders (and their contexts) of a form alive exactly as long as its widgets.
class Keeper : public QObject {
 public:
  using QObject::QObject;
  std::vector<std::shared_ptr<void>> items;
};

std::vector<std::string> splitRef(const std::string& ref) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 2; ++i) {
    const size_t slash = ref.find('/', start);
    if (slash == std::string::npos) break;
    parts.push_back(ref.substr(start, slash - start));
    start = slash + 1;
  }
  parts.push_back(ref.substr(start));
  return parts;
}

int designIndex(const model::Mesh& mesh) {
  for (size_t i = 0; i < mesh.resources.size(); ++i)
    if (mesh.resources[i].kind == model::Kind::MeshDesign) return static_cast<int>(i);
  return -1;
}

bool selects(const model::Labels& selector, const model::Labels& labels) {
  if (selector.empty()) return false;
  return std::all_of(selector.begin(), selector.end(), [&](const auto& kv) {
    auto it = labels.find(kv.first);
    return it != labels.end() && it->second == kv.second;
  });
}

// Steps of every scenario in time order; steps whose time does not read keep their place
// relative to each other, after the others.
void sortScenarioSteps(model::Resource& r) {
  auto* d = r.as<model::MeshDesign>();
  if (!d) return;
  for (auto& scenario : d->scenarios) {
    auto key = [](const model::ScenarioStep& s) {
      const auto t = s.at ? model::parseDurationSeconds(*s.at) : std::nullopt;
      return t.value_or(1e300);
    };
    std::stable_sort(scenario.steps.begin(), scenario.steps.end(),
                     [&](const auto& a, const auto& b) { return key(a) < key(b); });
  }
}

QLabel* mutedLabel(const QString& text, QWidget* parent = nullptr) {
  auto* l = new QLabel(text, parent);
  QPalette p = l->palette();
  p.setColor(QPalette::WindowText, mutedTextColor(l->palette()));
  l->setPalette(p);
  l->setWordWrap(true);
  return l;
}

QFormLayout* newForm(QWidget* parent) {
  auto* form = new QFormLayout(parent);
  form->setContentsMargins(0, 0, 0, 0);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  form->setHorizontalSpacing(10);
  form->setVerticalSpacing(4);
  return form;
}

}  // namespace

// What the selection resolves to in the current mesh.
struct InspectorPanel::Target {
  enum Type { Nothing, Several, NotFound, Resource, DesignService } type = Nothing;
  std::string ref;
  int resource = -1;  // Resource: its index
  int design = -1;    // the MeshDesign's index
  int service = -1;   // DesignService: its index in spec.services
  std::string signature;
};

InspectorPanel::InspectorPanel(DesignDocument* document, QWidget* parent)
    : QWidget(parent), document_(document) {
  setMinimumWidth(260);
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->setSpacing(0);

  header_ = new QWidget(this);
  auto* hv = new QVBoxLayout(header_);
  hv->setContentsMargins(10, 8, 10, 8);
  hv->setSpacing(1);
  kindLabel_ = mutedLabel({}, header_);
  QFont small = kindLabel_->font();
  small.setCapitalization(QFont::AllUppercase);
  small.setLetterSpacing(QFont::PercentageSpacing, 106);
  small.setPointSizeF(small.pointSizeF() * 0.85);
  kindLabel_->setFont(small);
  titleLabel_ = new QLabel(header_);
  QFont big = titleLabel_->font();
  big.setBold(true);
  big.setPointSizeF(big.pointSizeF() * 1.3);
  titleLabel_->setFont(big);
  titleLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  subtitleLabel_ = mutedLabel({}, header_);
  problemsLabel_ = new QLabel(header_);
  problemsLabel_->setWordWrap(true);
  problemsLabel_->setTextFormat(Qt::RichText);
  hv->addWidget(kindLabel_);
  hv->addWidget(titleLabel_);
  hv->addWidget(subtitleLabel_);
  hv->addWidget(problemsLabel_);
  v->addWidget(header_);
  auto* rule = new QFrame(this);
  rule->setFrameShape(QFrame::HLine);
  rule->setFrameShadow(QFrame::Sunken);
  v->addWidget(rule);

  stack_ = new QStackedWidget(this);
  placeholder_ = mutedLabel({}, stack_);
  placeholder_->setAlignment(Qt::AlignCenter);
  placeholder_->setMargin(24);
  placeholder_->setTextFormat(Qt::RichText);
  stack_->addWidget(placeholder_);
  scroll_ = new QScrollArea(stack_);
  scroll_->setWidgetResizable(true);
  scroll_->setFrameShape(QFrame::NoFrame);
  scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  stack_->addWidget(scroll_);
  v->addWidget(stack_, 1);

  connect(document_, &DesignDocument::meshChanged, this, &InspectorPanel::onMeshChanged);
  connect(document_, &DesignDocument::diagnosticsChanged, this, &InspectorPanel::updateProblems);
  // Each time a field gains focus a new interaction starts: edits merge into one undo step
  // only while the user stays in the same field.
  connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) {
    if (now && isAncestorOf(now)) ++interaction_.id;
  });
  rebuild();
}

InspectorPanel::~InspectorPanel() {
  // The forms go while their builders still live (their handlers refer to them).
  for (auto& b : builders_) b->context()->kill();
  delete scroll_->takeWidget();
}

QString InspectorPanel::headerKind() const { return kindLabel_->text(); }
QString InspectorPanel::headerTitle() const { return titleLabel_->text(); }
bool InspectorPanel::showsPlaceholder() const { return stack_->currentWidget() == placeholder_; }
QWidget* InspectorPanel::formWidget() const { return showsPlaceholder() ? nullptr : scroll_->widget(); }

void InspectorPanel::setSelection(const QStringList& refs) {
  if (refs == selection_) return;
  selection_ = refs;
  rebuild();
}

InspectorPanel::Target InspectorPanel::resolve() const {
  Target t;
  if (selection_.isEmpty()) return t;
  if (selection_.size() > 1) {
    t.type = Target::Several;
    t.signature = "several:" + selection_.join('\n').toStdString();
    return t;
  }
  const model::Mesh& mesh = document_->mesh();
  t.ref = selection_.front().toStdString();
  t.design = designIndex(mesh);
  t.resource = document_->indexOf(t.ref);
  if (t.resource >= 0) {
    t.type = Target::Resource;
    const model::Resource& r = mesh.resources[static_cast<size_t>(t.resource)];
    t.signature = "resource:" + t.ref + ":" + std::to_string(t.resource) + ":";
    std::visit([&](const auto& spec) {
      using S = std::decay_t<decltype(spec)>;
      if constexpr (istio::Described<S>) t.signature += signatureOf(spec);
    }, r.spec);
    t.signature += signatureOf(r.meta.labels) + signatureOf(r.meta.annotations);
    if (r.kind == model::Kind::Service || r.kind == model::Kind::Deployment || r.kind == model::Kind::Pod) {
      // Views of Kubernetes objects also show the design's behaviours of their workloads.
      t.signature += ":" + std::to_string(t.design);
      for (const auto& other : mesh.resources)
        if (other.kind == model::Kind::Deployment || other.kind == model::Kind::Pod) t.signature += DesignDocument::refOf(other) + ",";
      if (const model::MeshDesign* d = mesh.design()) t.signature += signatureOf(d->behaviours);
    }
    return t;
  }
  const auto parts = splitRef(t.ref);
  if (parts.size() == 3 && parts[0] == "Service" && t.design >= 0) {
    const auto& services = mesh.resources[static_cast<size_t>(t.design)].as<model::MeshDesign>()->services;
    for (size_t i = 0; i < services.size(); ++i) {
      if (services[i].name.value_or("") == parts[2] && services[i].namespace_.value_or("default") == parts[1]) {
        t.type = Target::DesignService;
        t.service = static_cast<int>(i);
        t.signature = "service:" + t.ref + ":" + std::to_string(t.design) + ":" + std::to_string(i) + ":" +
                      signatureOf(services[i]);
        return t;
      }
    }
  }
  t.type = Target::NotFound;
  t.signature = "missing:" + t.ref;
  return t;
}

void InspectorPanel::onMeshChanged() {
  const Target t = resolve();
  if (t.signature != signature_) return rebuild();
  for (auto& b : builders_) b->context()->refresh();
  const int index = t.resource >= 0 ? t.resource : t.design;
  if (index >= 0) {
    // The name or namespace cannot change without the ref changing; the API version can.
    const model::Resource& r = document_->mesh().resources[static_cast<size_t>(index)];
    if (t.type == Target::Resource) subtitleLabel_->setText(QStringLiteral("%1 \u00b7 %2").arg(
        QString::fromStdString(r.meta.namespace_), QString::fromStdString(r.apiVersion)));
  }
}

void InspectorPanel::setHeader(const QString& kind, const QString& title, const QString& subtitle) {
  kindLabel_->setText(kind);
  titleLabel_->setText(title);
  subtitleLabel_->setText(subtitle);
  kindLabel_->setVisible(!kind.isEmpty());
  titleLabel_->setVisible(!title.isEmpty());
  subtitleLabel_->setVisible(!subtitle.isEmpty());
}

void InspectorPanel::showPlaceholder(const QString& title, const QString& text) {
  placeholder_->setText(QStringLiteral("<p style=\"font-size:large\">%1</p><p>%2</p>").arg(title.toHtmlEscaped(), text));
  stack_->setCurrentWidget(placeholder_);
}

void InspectorPanel::updateProblems() {
  const Target t = resolve();
  const int index = t.type == Target::Resource ? t.resource : t.type == Target::DesignService ? t.design : -1;
  if (index < 0) {
    problemsLabel_->hide();
    return;
  }
  const model::Resource& r = document_->mesh().resources[static_cast<size_t>(index)];
  // A designed service shows the design's findings that name it.
  QRegularExpression about;
  if (t.type == Target::DesignService)
    about.setPattern(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(
        QString::fromStdString(r.as<model::MeshDesign>()->services[static_cast<size_t>(t.service)].name.value_or("")))));
  QStringList lines;
  int errors = 0, warnings = 0;
  for (const auto& d : document_->diagnostics()) {
    if (d.kind != r.kindName || d.name != r.meta.name || (!d.namespace_.empty() && d.namespace_ != r.meta.namespace_))
      continue;
    if (d.level == model::Level::Info) continue;
    if (t.type == Target::DesignService && !about.match(QString::fromStdString(d.message)).hasMatch()) continue;
    (d.level == model::Level::Error ? errors : warnings)++;
    if (lines.size() < 3)
      lines << QStringLiteral("<span style=\"color:%1\">%2</span> %3")
                   .arg(d.level == model::Level::Error ? "#e5484d" : "#d08a00",
                        QString::fromStdString(d.code), QString::fromStdString(d.message).toHtmlEscaped());
  }
  if (lines.isEmpty()) {
    problemsLabel_->hide();
    return;
  }
  const int more = errors + warnings - static_cast<int>(lines.size());
  if (more > 0) lines << tr("and %n more", nullptr, more);
  problemsLabel_->setText(lines.join(QStringLiteral("<br>")));
  problemsLabel_->show();
}

std::string InspectorPanel::focusedPath() const {
  for (QWidget* w = QApplication::focusWidget(); w && w != this; w = w->parentWidget()) {
    const QVariant path = w->property(kFieldPathProperty);
    if (path.isValid()) return path.toString().toStdString();
  }
  return {};
}

void InspectorPanel::restoreFocus(QWidget* content, const std::string& path) {
  if (path.empty()) return;
  const QString exact = QString::fromStdString(path);
  for (QWidget* w : content->findChildren<QWidget*>()) {
    const QString p = w->property(kFieldPathProperty).toString();
    const bool match = p == exact || p.startsWith(exact + '.') || p.startsWith(exact + '[') ||
                       w->objectName() == exact;
    if (match && (w->focusPolicy() & Qt::TabFocus) && w->isEnabled() && !w->property("msChip").toBool()) {
      w->setFocus(Qt::OtherFocusReason);
      if (auto* edit = qobject_cast<QLineEdit*>(w)) edit->selectAll();
      QTimer::singleShot(0, scroll_, [scroll = scroll_, w = QPointer(w)] {
        if (w) scroll->ensureWidgetVisible(w);
      });
      return;
    }
  }
}

std::shared_ptr<FormBuilder> InspectorPanel::newBuilder(const std::string& ref, const std::string& kind) {
  auto ctx = std::make_shared<FormContext>(document_, ref, kind, &interaction_, &state_);
  if (kind == "MeshDesign") ctx->setNormalizer(sortScenarioSteps);
  auto builder = std::make_shared<FormBuilder>(ctx);
  builders_.push_back(builder);
  return builder;
}

void InspectorPanel::rebuild() {
  ++rebuilds_;
  const Target t = resolve();
  const bool sameObject = !t.ref.empty() && t.ref == shownRef_;
  std::string focus = state_.focusPath;
  state_.focusPath.clear();
  if (focus.empty() && sameObject) focus = focusedPath();
  const int scrolled = sameObject ? scroll_->verticalScrollBar()->value() : 0;

  // The old forms commit nothing more; their widgets go once control returns to the event
  // loop (a rebuild may run inside one of their signal handlers).
  for (auto& b : builders_) b->context()->kill();
  if (QWidget* old = scroll_->takeWidget()) {
    auto* keeper = new Keeper(old);
    for (auto& b : builders_) keeper->items.push_back(b);
    old->hide();
    old->deleteLater();
  }
  builders_.clear();
  signature_ = t.signature;
  shownRef_ = t.ref;

  switch (t.type) {
    case Target::Nothing:
      setHeader({}, tr("Inspector"), {});
      showPlaceholder(tr("Nothing selected"),
                      tr("Select a service, a route or a policy on the canvas or in the YAML to see and "
                         "edit its fields here."));
      updateProblems();
      return;
    case Target::Several: {
      setHeader({}, tr("%n objects selected", nullptr, static_cast<int>(selection_.size())), {});
      QStringList items;
      for (const auto& ref : selection_) items << ref.toHtmlEscaped();
      showPlaceholder(tr("Select one object to edit it"), items.join(QStringLiteral("<br>")));
      updateProblems();
      return;
    }
    case Target::NotFound:
      setHeader({}, QString::fromStdString(t.ref), {});
      showPlaceholder(tr("Not in the design"),
                      tr("%1 is not part of the design (any more).").arg(QString::fromStdString(t.ref).toHtmlEscaped()));
      updateProblems();
      return;
    default:
      break;
  }

  auto* content = new QWidget;
  content->setObjectName(QStringLiteral("inspectorContent"));
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(10, 8, 10, 12);
  layout->setSpacing(6);
  if (t.type == Target::DesignService) {
    buildDesignService(layout, t);
  } else {
    const model::Resource& r = document_->mesh().resources[static_cast<size_t>(t.resource)];
    if (r.kind == model::Kind::MeshDesign) buildDesign(layout, t);
    else if (model::isIstioKind(r.kind)) buildResource(layout, t);
    else buildKubernetesObject(layout, t);
  }
  layout->addStretch(1);
  scroll_->setWidget(content);
  stack_->setCurrentWidget(scroll_);
  updateProblems();
  restoreFocus(content, focus);
  if (scrolled > 0) {
    content->adjustSize();
    scroll_->verticalScrollBar()->setValue(scrolled);
    QTimer::singleShot(0, scroll_, [scroll = scroll_, scrolled] { scroll->verticalScrollBar()->setValue(scrolled); });
  }
}

void InspectorPanel::buildResource(QVBoxLayout* layout, const Target& t) {
  const model::Resource& r = document_->mesh().resources[static_cast<size_t>(t.resource)];
  setHeader(QString::fromStdString(r.kindName), QString::fromStdString(r.meta.name),
            QStringLiteral("%1 \u00b7 %2").arg(QString::fromStdString(r.meta.namespace_), QString::fromStdString(r.apiVersion)));
  auto builder = newBuilder(t.ref, r.kindName);
  auto* box = new QWidget;
  QFormLayout* form = newForm(box);
  layout->addWidget(box);
  std::visit([&](const auto& spec) {
    using S = std::decay_t<decltype(spec)>;
    if constexpr (istio::Described<S>) builder->addFields<S>(form, specAccessor<S>(), "spec", "spec", 0);
  }, r.spec);
  // Labels and annotations: the rest of the metadata names the object and is edited in YAML.
  Section* meta = builder->addGroup(form, tr("metadata"), "metadata", false);
  meta->setSummary(QString::fromStdString(r.meta.namespace_ + "/" + r.meta.name));
  builder->addNamedField<model::Labels>(meta->form(), "labels",
                                        [](model::Resource& res) { return &res.meta.labels; }, r.meta.labels,
                                        "metadata.labels", "metadata.labels", false, 1);
  builder->addNamedField<model::Labels>(meta->form(), "annotations",
                                        [](model::Resource& res) { return &res.meta.annotations; },
                                        r.meta.annotations, "metadata.annotations", "metadata.annotations", false, 1);
}

void InspectorPanel::buildDesign(QVBoxLayout* layout, const Target& t) {
  const model::Resource& r = document_->mesh().resources[static_cast<size_t>(t.resource)];
  const model::MeshDesign& d = *r.as<model::MeshDesign>();
  setHeader(tr("MeshDesign"), QString::fromStdString(r.meta.name),
            tr("load, scenarios and everything Kubernetes has no place for"));
  auto builder = newBuilder(t.ref, "MeshDesign");
  auto* box = new QWidget;
  QFormLayout* form = newForm(box);
  layout->addWidget(box);
  auto design = specAccessor<model::MeshDesign>();
  builder->addSection<model::LoadProfile>(
      form, tr("load"), memberAccessor<std::optional<model::LoadProfile>, model::MeshDesign>(design, "load"),
      "spec.load", "spec.load", 0, true);
  auto group = [&](const QString& title, const char* name, auto& list, bool open) {
    using L = std::decay_t<decltype(list)>;
    Section* s = builder->addGroup(form, title, std::string("spec.") + name, open);
    s->setSummary(list.empty() ? tr("none") : QString::number(list.size()));
    builder->addNamedField<L>(s->form(), name, memberAccessor<L, model::MeshDesign>(design, name), list,
                              std::string("spec.") + name, std::string("spec.") + name, false, 1);
  };
  group(tr("scenarios"), "scenarios", d.scenarios, true);
  group(tr("services"), "services", d.services, false);
  group(tr("behaviours"), "behaviours", d.behaviours, false);
  group(tr("canvas"), "canvas", d.canvas, false);
}

void InspectorPanel::buildDesignService(QVBoxLayout* layout, const Target& t) {
  const model::Resource& r = document_->mesh().resources[static_cast<size_t>(t.design)];
  const model::DesignService& s = r.as<model::MeshDesign>()->services[static_cast<size_t>(t.service)];
  setHeader(tr("Service"), QString::fromStdString(s.name.value_or("")),
            tr("%1 \u00b7 designed in MeshDesign %2")
                .arg(QString::fromStdString(s.namespace_.value_or("default")), QString::fromStdString(r.meta.name)));
  auto builder = newBuilder(DesignDocument::refOf(r), "MeshDesign");
  auto* box = new QWidget;
  QFormLayout* form = newForm(box);
  layout->addWidget(box);
  const size_t index = static_cast<size_t>(t.service);
  Accessor<model::DesignService> acc = [index](model::Resource& res) -> model::DesignService* {
    auto* d = res.as<model::MeshDesign>();
    return d && index < d->services.size() ? &d->services[index] : nullptr;
  };
  // Depth -1: workloads and their behaviour start open, that is what one comes here for.
  builder->addFields<model::DesignService>(form, acc, "spec.services[" + std::to_string(index) + "]",
                                           "spec.services", -1);
}

void InspectorPanel::buildKubernetesObject(QVBoxLayout* layout, const Target& t) {
  const model::Mesh& mesh = document_->mesh();
  const model::Resource& r = mesh.resources[static_cast<size_t>(t.resource)];
  setHeader(QString::fromStdString(r.kindName), QString::fromStdString(r.meta.name),
            QStringLiteral("%1 \u00b7 %2").arg(QString::fromStdString(r.meta.namespace_), QString::fromStdString(r.apiVersion)));
  layout->addWidget(mutedLabel(tr("Kubernetes objects are kept as written and exported unchanged; edit them in "
                                  "the YAML pane.")));
  auto* facts = new QWidget;
  QFormLayout* factsForm = newForm(facts);
  layout->addWidget(facts);
  auto labelsText = [](const model::Labels& labels) {
    QStringList out;
    for (const auto& [k, v] : labels) out << QString::fromStdString(k + "=" + v);
    return out.isEmpty() ? tr("none") : out.join(QStringLiteral(", "));
  };
  std::vector<const model::Resource*> workloads;
  if (const auto* svc = r.as<model::KubernetesService>()) {
    factsForm->addRow(tr("selector"), new QLabel(labelsText(svc->selector)));
    QStringList ports;
    for (const auto& p : svc->ports)
      ports << QStringLiteral("%1 %2%3").arg(QString::fromStdString(p.name)).arg(p.port)
                   .arg(p.targetPort.empty() ? QString() : QStringLiteral(" \u2192 %1").arg(QString::fromStdString(p.targetPort)));
    factsForm->addRow(tr("ports"), new QLabel(ports.isEmpty() ? tr("none") : ports.join(QStringLiteral(", "))));
    for (const auto& other : mesh.resources)
      if (const auto* w = other.as<model::KubernetesWorkload>())
        if (other.meta.namespace_ == r.meta.namespace_ && selects(svc->selector, w->podLabels)) workloads.push_back(&other);
  } else if (const auto* w = r.as<model::KubernetesWorkload>()) {
    factsForm->addRow(tr("replicas"), new QLabel(QString::number(w->replicas)));
    factsForm->addRow(tr("pod labels"), new QLabel(labelsText(w->podLabels)));
    factsForm->addRow(tr("service account"), new QLabel(QString::fromStdString(w->serviceAccount)));
    workloads.push_back(&r);
  }
  if (workloads.empty()) return;

  // What applies from the design: each workload's behaviour (spec.behaviours).
  const int design = t.design;
  std::shared_ptr<FormBuilder> builder;
  if (design >= 0) builder = newBuilder(DesignDocument::refOf(mesh.resources[static_cast<size_t>(design)]), "MeshDesign");
  for (const model::Resource* w : workloads) {
    const std::string name = w->meta.name, ns = w->meta.namespace_;
    auto* title = new QLabel(tr("Behaviour of %1 %2").arg(QString::fromStdString(w->kindName), QString::fromStdString(name)));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    layout->addWidget(title);
    int found = -1;
    if (design >= 0) {
      const auto& behaviours = mesh.resources[static_cast<size_t>(design)].as<model::MeshDesign>()->behaviours;
      for (size_t i = 0; i < behaviours.size() && found < 0; ++i)
        if (behaviours[i].workload.value_or("") == name && behaviours[i].namespace_.value_or("default") == ns)
          found = static_cast<int>(i);
    }
    if (found >= 0) {
      auto* box = new QWidget;
      QFormLayout* form = newForm(box);
      layout->addWidget(box);
      const size_t index = static_cast<size_t>(found);
      Accessor<model::WorkloadBehaviour> acc = [index](model::Resource& res) -> model::WorkloadBehaviour* {
        auto* d = res.as<model::MeshDesign>();
        return d && index < d->behaviours.size() ? &d->behaviours[index] : nullptr;
      };
      builder->addFields<model::WorkloadBehaviour>(form, acc, "spec.behaviours[" + std::to_string(index) + "]",
                                                   "spec.behaviours", -1);
      continue;
    }
    auto* add = new QPushButton(tr("Give %1 a behaviour").arg(QString::fromStdString(name)));
    add->setObjectName(QString::fromStdString("behaviour:" + name));
    layout->addWidget(add, 0, Qt::AlignLeft);
    connect(add, &QPushButton::clicked, this, [this, name, ns] {
      model::WorkloadBehaviour b;
      b.workload = name;
      if (ns != "default") b.namespace_ = ns;
      b.behaviour.emplace();
      const int index = designIndex(document_->mesh());
      const QString what = tr("Add behaviour of %1").arg(QString::fromStdString(name));
      if (index >= 0) {
        model::Resource copy = document_->mesh().resources[static_cast<size_t>(index)];
        copy.as<model::MeshDesign>()->behaviours.push_back(std::move(b));
        document_->replaceResource(index, std::move(copy), what);
      } else {
        model::Resource d;
        d.kind = model::Kind::MeshDesign;
        d.kindName = "MeshDesign";
        d.apiVersion = model::preferredApiVersion("MeshDesign");
        d.meta.name = "design";
        d.meta.namespace_ = "default";
        model::MeshDesign spec;
        spec.behaviours.push_back(std::move(b));
        d.spec = std::move(spec);
        document_->addResource(std::move(d), what);
      }
    });
  }
}

}  // namespace ms::studio
