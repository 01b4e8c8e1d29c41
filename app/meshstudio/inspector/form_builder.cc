#include "inspector/form_builder.h"

#include "inspector/scenario_timeline.h"

#include <cmath>
#include <numeric>

namespace ms::studio {

namespace {

QString qs(const std::optional<std::string>& s) { return s ? QString::fromStdString(*s) : QString(); }

QString joined(const QStringList& parts, const QString& separator = QStringLiteral(" \u00b7 ")) {
  QStringList nonEmpty;
  for (const auto& p : parts)
    if (!p.isEmpty()) nonEmpty << p;
  return nonEmpty.join(separator);
}

QString matchSummary(const char* what, const std::optional<model::StringMatch>& m) {
  if (!m) return {};
  if (m->exact) return QStringLiteral("%1 = %2").arg(what, qs(m->exact));
  if (m->prefix) return QStringLiteral("%1 %2*").arg(what, qs(m->prefix));
  if (m->regex) return QStringLiteral("%1 ~ %2").arg(what, qs(m->regex));
  return {};
}

double secondsOr(const std::optional<std::string>& text, double fallback) {
  if (!text) return fallback;
  return model::parseDurationSeconds(*text).value_or(fallback);
}

}  // namespace

// --- summaries ---

QString summaryOf(const model::Destination& d) {
  QString s = qs(d.host);
  if (d.subset) s += QStringLiteral(" \u00b7 ") + qs(d.subset);
  if (d.port && d.port->number) s += QStringLiteral(" :%1").arg(*d.port->number);
  return s;
}

QString summaryOf(const model::HttpRouteDestination& d) {
  return joined({d.destination ? summaryOf(*d.destination) : QString(),
                 d.weight ? QStringLiteral("%1%").arg(*d.weight) : QString()});
}

QString summaryOf(const model::RouteDestination& d) {
  return joined({d.destination ? summaryOf(*d.destination) : QString(),
                 d.weight ? QStringLiteral("%1%").arg(*d.weight) : QString()});
}

QString summaryOf(const model::HttpMatchRequest& m) {
  QStringList parts{qs(m.name), matchSummary("uri", m.uri), matchSummary("method", m.method),
                    matchSummary("authority", m.authority)};
  for (const auto& [name, match] : m.headers) parts << matchSummary(name.c_str(), match);
  if (m.port) parts << QStringLiteral("port %1").arg(*m.port);
  return joined(parts, QStringLiteral(", "));
}

QString summaryOf(const model::HttpRoute& r) {
  if (r.name) return qs(r.name);
  QStringList to;
  for (const auto& d : r.route)
    if (d.destination) to << summaryOf(*d.destination);
  if (r.redirect) return QObject::tr("redirect");
  if (r.directResponse) return QObject::tr("direct response");
  return to.isEmpty() ? QString() : QStringLiteral("\u2192 ") + to.join(QStringLiteral(", "));
}

QString summaryOf(const model::Subset& s) {
  QStringList labels;
  for (const auto& [k, v] : s.labels) labels << QString::fromStdString(k + "=" + v);
  return joined({qs(s.name), labels.join(QStringLiteral(", "))});
}

QString summaryOf(const model::Server& s) {
  QStringList hosts;
  for (const auto& h : s.hosts) hosts << QString::fromStdString(h);
  return joined({s.port ? summaryOf(*s.port) : QString(), hosts.join(QStringLiteral(", "))});
}

QString summaryOf(const model::Port& p) {
  return joined({p.number ? QString::number(*p.number) : QString(), qs(p.protocol), qs(p.name)}, QStringLiteral(" "));
}

QString summaryOf(const model::DesignServicePort& p) {
  return joined({qs(p.name), p.port ? QString::number(*p.port) : QString(), qs(p.protocol)}, QStringLiteral(" "));
}

QString summaryOf(const model::DesignWorkload& w) {
  return joined({w.name ? qs(w.name) : qs(w.version),
                 w.replicas && *w.replicas != 1 ? QStringLiteral("\u00d7%1").arg(*w.replicas) : QString(),
                 w.injected && !*w.injected ? QObject::tr("no sidecar") : QString()});
}

QString summaryOf(const model::ScenarioStep& s) { return joined({qs(s.at), qs(s.action), qs(s.target)}); }

QString summaryOf(const model::Assertion& a) {
  QString range;
  if (a.min && a.max) range = QStringLiteral("%1..%2").arg(*a.min).arg(*a.max);
  else if (a.min) range = QStringLiteral("\u2265 %1").arg(*a.min);
  else if (a.max) range = QStringLiteral("\u2264 %1").arg(*a.max);
  return joined({qs(a.name), joined({qs(a.metric), range}, QStringLiteral(" "))});
}

QString summaryOf(const model::LatencyDistribution& l) {
  QString spread;
  if (l.stddev) spread = QStringLiteral("\u00b1 ") + qs(l.stddev);
  if (l.min || l.max) spread = QStringLiteral("%1..%2").arg(qs(l.min), qs(l.max));
  return joined({qs(l.distribution), qs(l.mean), spread}, QStringLiteral(" "));
}

QString summaryOf(const model::DownstreamCall& c) {
  return joined({qs(c.service) + (c.port ? QStringLiteral(":%1").arg(*c.port) : QString()) + qs(c.path),
                 c.timeout ? QObject::tr("timeout %1").arg(qs(c.timeout)) : QString()});
}

QString summaryOf(const model::LoadProfile& l) {
  QString amount;
  if (l.mode && *l.mode == "concurrency" && l.concurrency) amount = QObject::tr("%1 clients").arg(*l.concurrency);
  else if (l.rate) amount = QObject::tr("%1 req/s").arg(*l.rate);
  return joined({amount, l.target ? QStringLiteral("\u2192 ") + qs(l.target) : QString(),
                 l.duration ? QObject::tr("for %1").arg(qs(l.duration)) : QString()});
}

// --- new items ---

namespace {
template <class D> D routeDestinationAfter(const std::vector<D>& list) {
  D d;
  d.destination.emplace();
  if (!list.empty() && list.back().destination) d.destination->host = list.back().destination->host;
  if (!list.empty()) d.weight = 0;
  return d;
}
template <class D> void fixLoneWeight(std::vector<D>& list) {
  // Adding a second destination to a lone unweighted one: it kept all the traffic, so it
  // gets 100 and the new one 0, and the weights sum to 100.
  if (list.size() == 2 && !list[0].weight) list[0].weight = 100;
}
template <class D> void rescaleWeights(std::vector<D>& list) {
  if (list.size() == 1) {
    list[0].weight.reset();
    return;
  }
  std::vector<int> weights;
  for (const auto& d : list) {
    if (!d.weight) return;  // unweighted routes stay as the user wrote them
    weights.push_back(static_cast<int>(std::clamp<std::int64_t>(*d.weight, 0, 100)));
  }
  // Rebalancing around the first weight at its share of the new total scales them all.
  const int total = std::accumulate(weights.begin(), weights.end(), 0);
  if (weights.empty() || total == 100) return;
  const int first = total > 0 ? static_cast<int>(std::lround(100.0 * weights[0] / total)) : 100 / static_cast<int>(weights.size());
  weights = rebalanceWeights(weights, 0, first);
  for (size_t i = 0; i < list.size(); ++i) list[i].weight = weights[i];
}
}  // namespace

void afterRemove(std::vector<model::HttpRouteDestination>& list) { rescaleWeights(list); }
void afterRemove(std::vector<model::RouteDestination>& list) { rescaleWeights(list); }

model::HttpRouteDestination newItem(const std::vector<model::HttpRouteDestination>& list) {
  return routeDestinationAfter(list);
}
model::RouteDestination newItem(const std::vector<model::RouteDestination>& list) {
  return routeDestinationAfter(list);
}
void afterAdd(std::vector<model::HttpRouteDestination>& list) { fixLoneWeight(list); }
void afterAdd(std::vector<model::RouteDestination>& list) { fixLoneWeight(list); }

model::Subset newItem(const std::vector<model::Subset>& list) {
  model::Subset s;
  const std::string v = "v" + std::to_string(list.size() + 1);
  s.name = v;
  s.labels["version"] = v;
  return s;
}

model::ScenarioStep newItem(const std::vector<model::ScenarioStep>& list) {
  model::ScenarioStep s;
  s.at = list.empty() || !list.back().at ? std::string("0s") : *list.back().at;
  return s;
}

model::Assertion newItem(const std::vector<model::Assertion>& list) {
  model::Assertion a;
  a.name = "assertion " + std::to_string(list.size() + 1);
  a.metric = "successRate";
  return a;
}

model::DesignWorkload newItem(const std::vector<model::DesignWorkload>& list) {
  model::DesignWorkload w;
  w.version = "v" + std::to_string(list.size() + 1);
  return w;
}

model::DesignServicePort newItem(const std::vector<model::DesignServicePort>& list) {
  model::DesignServicePort p;
  p.name = "http";
  p.port = list.empty() ? 80 : list.back().port.value_or(80) + 1;
  return p;
}

model::LoadStage newItem(const std::vector<model::LoadStage>& list) {
  model::LoadStage s;
  s.at = list.empty() || !list.back().at ? std::string("0s") : *list.back().at;
  return s;
}

// --- the builder's non-template parts ---

FieldSpec FormBuilder::spec(const QString& name, const std::string& path, const std::string& schema,
                            bool required) const {
  FieldSpec s;
  s.path = path;
  s.schemaPath = schema;
  s.name = name;
  s.required = required;
  s.info = fieldInfo(ctx_->kind(), schema);
  return s;
}

Section* FormBuilder::newSection(const QString& title, const std::string& path, int, bool open) {
  auto* s = new Section(title, ctx_->expandKey(path), ctx_->state(), open);
  s->setObjectName(QString::fromStdString(path));
  s->setProperty(kFieldPathProperty, QString::fromStdString(path));
  return s;
}

Section* FormBuilder::addGroup(QFormLayout* form, const QString& title, const std::string& path, bool open) {
  Section* s = newSection(title, path + ".group", 0, open);
  form->addRow(s);
  return s;
}

bool FormBuilder::structural(const QString& description, const std::function<bool(model::Resource&)>& change,
                             const std::string& focusPath) {
  if (!ctx_->alive()) return false;
  // Keep the builder (and so the context) alive while the rebuild this commit causes
  // replaces the form it belongs to.
  const ContextPtr keep = ctx_;
  if (!focusPath.empty()) keep->state()->focusPath = focusPath;
  return keep->commit(description, {}, change);
}

void FormBuilder::addChip(Target& t, const FieldSpec& spec, std::function<bool(model::Resource&)> add,
                          const std::string& focusPath) {
  if (!t.chips) {
    t.chips = new QWidget;
    new FlowLayout(t.chips, 4);
  }
  auto* chip = new QToolButton(t.chips);
  chip->setText(QStringLiteral("+ ") + spec.name);
  chip->setObjectName(QString::fromStdString(spec.path));
  chip->setProperty(kFieldPathProperty, QString::fromStdString(spec.path));
  chip->setProperty("msChip", true);
  chip->setToolTip(QObject::tr("Add %1").arg(fieldToolTip(spec)));
  chip->setCursor(Qt::PointingHandCursor);
  chip->setFocusPolicy(Qt::TabFocus);
  t.chips->layout()->addWidget(chip);
  QObject::connect(chip, &QToolButton::clicked, chip, [this, add = std::move(add), focusPath, path = spec.path] {
    structural(QObject::tr("Add %1").arg(QString::fromStdString(path)), add, focusPath);
  });
}

QFormLayout* FormBuilder::deprecatedForm(Target& t) {
  if (!t.deprecated) {
    t.deprecated = newSection(QObject::tr("deprecated"), t.path + ".deprecated", 0, false);
    t.deprecated->setToolTip(QObject::tr("Fields Istio still reads but replaced by others; set them only "
                                         "for old configurations."));
  }
  return t.deprecated->form();
}

void FormBuilder::finish(Target& t) {
  if (t.deprecated) {
    t.deprecated->setSummary(QObject::tr("%n unset", nullptr, t.deprecated->form()->rowCount()));
    t.form->addRow(t.deprecated);
    t.deprecated = nullptr;
  }
  if (!t.chips) return;
  auto* label = new QLabel(QObject::tr("add"));
  QPalette muted = label->palette();
  muted.setColor(QPalette::WindowText, mutedTextColor(label->palette()));
  label->setPalette(muted);
  label->setToolTip(QObject::tr("Fields not set yet; click one to add it"));
  t.form->addRow(label, t.chips);
  t.chips = nullptr;
}

void FormBuilder::beforeField(Target& t, const Accessor<model::Scenario>& acc, const char* name) {
  if (std::strcmp(name, "steps") != 0) return;  // the timeline stands just above the steps
  auto* timeline = new ScenarioTimeline;
  t.form->addRow(timeline);
  auto update = [timeline = QPointer(timeline), acc](model::Resource& r) {
    if (!timeline) return;
    const model::Scenario* s = acc(r);
    if (!s) return;
    std::vector<ScenarioTimeline::Mark> marks;
    for (const auto& step : s->steps)
      if (const auto at = step.at ? model::parseDurationSeconds(*step.at) : std::nullopt)
        marks.push_back({*at, qs(step.action)});
    const model::MeshDesign* d = r.as<model::MeshDesign>();
    timeline->setMarks(std::move(marks), d && d->load ? secondsOr(d->load->duration, 30) : 30);
  };
  update(ctx_->snapshot());
  ctx_->addRefresher(update);
}

void FormBuilder::enableFields(Target& t, const std::string& path, const std::vector<std::string>& fields,
                               std::function<bool(model::Resource&, const std::string&)> used) {
  QWidget* body = t.form->parentWidget();
  QFormLayout* form = t.form;
  auto update = [body = QPointer(body), form, path, fields, used](model::Resource& r) {
    if (!body) return;
    for (const auto& field : fields) {
      QWidget* w = body->findChild<QWidget*>(QString::fromStdString(path + "." + field));
      if (!w) continue;
      const bool on = used(r, field);
      w->setEnabled(on);
      if (QWidget* label = form->labelForField(w)) label->setEnabled(on);
    }
  };
  update(ctx_->snapshot());
  ctx_->addRefresher(update);
}

void FormBuilder::afterFields(Target& t, const Accessor<model::LatencyDistribution>& acc, const std::string& path) {
  // Each distribution reads some of the parameters (docs/design-file.md).
  enableFields(t, path, {"mean", "stddev", "min", "max"}, [acc](model::Resource& r, const std::string& field) {
    static const std::map<std::string, std::vector<std::string>> uses = {
        {"fixed", {"mean"}}, {"uniform", {"min", "max"}}, {"normal", {"mean", "stddev"}},
        {"lognormal", {"mean", "stddev"}}, {"exponential", {"mean"}}};
    const model::LatencyDistribution* l = acc(r);
    const auto it = l ? uses.find(l->distribution.value_or("")) : uses.end();
    return it == uses.end() || std::find(it->second.begin(), it->second.end(), field) != it->second.end();
  });
}

void FormBuilder::afterFields(Target& t, const Accessor<model::LoadProfile>& acc, const std::string& path) {
  // mode rate (the default) reads rate; mode concurrency reads concurrency.
  enableFields(t, path, {"rate", "concurrency"}, [acc](model::Resource& r, const std::string& field) {
    const model::LoadProfile* l = acc(r);
    if (!l) return true;
    const bool concurrency = l->mode.value_or("rate") == "concurrency";
    return field == "concurrency" ? concurrency : !concurrency;
  });
}

void FormBuilder::afterFields(Target& t, const Accessor<model::ScenarioStep>& acc, const std::string& path) {
  QWidget* body = t.form->parentWidget();
  QFormLayout* form = t.form;
  auto update = [body = QPointer(body), form, acc, path](model::Resource& r) {
    const model::ScenarioStep* s = acc(r);
    if (!body || !s) return;
    // Which of the optional fields each action reads (docs/design-file.md).
    static const std::map<std::string, std::vector<std::string>> uses = {
        {"setWeights", {"target", "weights"}},      {"killPod", {"target"}},
        {"restartPod", {"target"}},                 {"scale", {"target", "replicas"}},
        {"setBehaviour", {"target", "behaviour"}},  {"setFault", {"target", "fault"}},
        {"clearFault", {"target"}},                 {"setPeerAuthentication", {"target", "mode"}},
        {"setLoad", {"load"}}};
    const auto it = uses.find(s->action.value_or(""));
    const bool empty[] = {!s->target, s->weights.empty(), !s->replicas, !s->mode, !s->behaviour, !s->load,
                          s->fault.isNull()};
    const char* fields[] = {"target", "weights", "replicas", "mode", "behaviour", "load", "fault"};
    for (size_t i = 0; i < std::size(fields); ++i) {
      QWidget* w = body->findChild<QWidget*>(QString::fromStdString(path + "." + fields[i]));
      if (!w) continue;
      // Shown when the action uses it, when no action is chosen yet, or when it holds a value.
      const bool show = it == uses.end() || !empty[i] ||
                        std::find(it->second.begin(), it->second.end(), fields[i]) != it->second.end();
      int row = -1;
      QFormLayout::ItemRole role;
      form->getWidgetPosition(w, &row, &role);
      if (row >= 0) form->setRowVisible(row, show);
      else w->setVisible(show);  // a chip
    }
  };
  update(ctx_->snapshot());
  ctx_->addRefresher(update);
}

}  // namespace ms::studio
