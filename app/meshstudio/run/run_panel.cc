#include "run/run_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>
#include <set>

#include "dashboard.h"
#include "document/design_document.h"
#include "report_charts.h"
#include "run/fault_dialog.h"
#include "runtime/scenario_player.h"

namespace ms::studio {

namespace {

QTreeWidget* table(const QStringList& headers, QWidget* parent) {
  auto* t = new QTreeWidget(parent);
  t->setHeaderLabels(headers);
  t->setRootIsDecorated(false);
  t->setUniformRowHeights(true);
  t->setAlternatingRowColors(true);
  t->header()->setStretchLastSection(true);
  return t;
}

QString number(double v, int decimals = 1) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', decimals); }

QString splitText(const std::map<std::string, double>& split) {
  QStringList parts;
  for (const auto& [version, percent] : split) parts << QStringLiteral("%1 %2%").arg(QString::fromStdString(version), number(percent));
  return parts.join("  ");
}

QColor eventColour(const std::string& kind) {
  if (kind == "error" || kind == "ejection" || kind == "pod-killed") return QColor(0xd3, 0x2f, 0x2f);
  if (kind == "overflow") return QColor(0xef, 0x6c, 0x00);
  if (kind == "config-applied") return QColor(0x15, 0x65, 0xc0);
  return {};
}

}  // namespace

RunPanel::RunPanel(DesignDocument* document, RunController* controller, QWidget* parent)
    : QWidget(parent),
      document_(document),
      controller_(controller),
      runButton_(new QPushButton(tr("Run"), this)),
      reportButton_(new QPushButton(tr("Export report…"), this)),
      scenarioChoice_(new QComboBox(this)),
      rate_(new QSpinBox(this)),
      progress_(new QProgressBar(this)),
      status_(new QLabel(tr("Not running"), this)),
      dashboard_(new dashboard::Dashboard(this)),
      tabs_(new QTabWidget(this)),
      edges_(table({tr("Source"), tr("Destination"), tr("RPS"), tr("Success"), tr("p50 ms"), tr("p99 ms"), tr("UO"), tr("Split")}, this)),
      events_(table({tr("Time"), tr("Event"), tr("Detail")}, this)),
      pods_(table({tr("Pod"), tr("Service"), tr("Version"), tr("Address"), tr("State")}, this)),
      scenario_(table({tr("At"), tr("Step or assertion"), tr("Result")}, this)) {
  runButton_->setToolTip(tr("Start the design's pods and load (F5); Stop ends the run (Shift+F5)"));
  rate_->setRange(0, 5000);
  rate_->setSuffix(tr(" req/s"));
  rate_->setSpecialValueText(tr("design's rate"));
  rate_->setToolTip(tr("Load rate; 0 uses the design's load profile. Changes apply while running."));
  progress_->setMaximumWidth(220);
  progress_->setFormat(tr("%v of %m pods ready"));
  progress_->hide();
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(4, 4, 4, 0);
  bar->addWidget(runButton_);
  bar->addWidget(new QLabel(tr("Load:"), this));
  bar->addWidget(rate_);
  bar->addWidget(new QLabel(tr("Scenario:"), this));
  bar->addWidget(scenarioChoice_);
  bar->addWidget(progress_);
  bar->addWidget(status_, 1);
  bar->addWidget(reportButton_);
  reportButton_->setEnabled(false);
  reportButton_->setToolTip(tr("Write summary.json, timeseries.csv, charts and report.html of the last run"));
  scenarioChoice_->setToolTip(tr("Play a scenario of the design: its steps at their times, its assertions when the run stops"));
  connect(reportButton_, &QPushButton::clicked, this, &RunPanel::exportReport);
  connect(scenarioChoice_, &QComboBox::currentIndexChanged, this, &RunPanel::showScenario);
  connect(document_, &DesignDocument::meshChanged, this, &RunPanel::listScenarios);

  tabs_->addTab(edges_, tr("Edges"));
  tabs_->addTab(events_, tr("Events"));
  tabs_->addTab(pods_, tr("Pods"));
  tabs_->addTab(scenario_, tr("Scenario"));
  auto* split = new QSplitter(Qt::Horizontal, this);
  // The charts scroll, so the Run pane may be short and the canvas keep its room.
  auto* chartsScroll = new QScrollArea(this);
  chartsScroll->setWidget(dashboard_);
  chartsScroll->setWidgetResizable(true);
  chartsScroll->setFrameShape(QFrame::NoFrame);
  dashboard_->setMinimumHeight(640);
  split->addWidget(chartsScroll);
  split->addWidget(tabs_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(bar);
  layout->addWidget(split, 1);

  pods_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(pods_, &QWidget::customContextMenuRequested, this, &RunPanel::podMenu);
  connect(runButton_, &QPushButton::clicked, this, [this] { controller_->isRunning() ? stop() : run(); });
  connect(controller_, &RunController::progress, this, &RunPanel::showProgress);
  connect(controller_, &RunController::started, this, [this] {
    progress_->hide();
    status_->setText(tr("Running"));
    showPods();
  });
  connect(controller_, &RunController::podsDownChanged, this, &RunPanel::showPodStates);
  connect(controller_, &RunController::ejectionsChanged, this, &RunPanel::showPodStates);
  connect(controller_, &RunController::tick, this, &RunPanel::showTick);
  connect(controller_, &RunController::stopped, this, [this](const runtime::SimulationResult& result) {
    result_ = result;
    setRunning(false);
    showAssertions(result);
    reportButton_->setEnabled(true);
    status_->setText(tr("Stopped after %1 s: %2 requests").arg(number(result.seconds)).arg(result.requests));
  });
  connect(controller_, &RunController::failed, this, [this](const QString& error) {
    setRunning(false);
    progress_->hide();
    status_->setText(tr("Could not run: %1").arg(error));
  });
  pushDelay_.setSingleShot(true);
  pushDelay_.setInterval(300);
  connect(&pushDelay_, &QTimer::timeout, this, [this] { controller_->apply(document_->mesh()); });
  connect(document_, &DesignDocument::meshChanged, this, [this] {
    if (controller_->isRunning()) pushDelay_.start();
  });
  rateDelay_.setSingleShot(true);
  rateDelay_.setInterval(300);
  connect(&rateDelay_, &QTimer::timeout, this, [this] {
    if (controller_->isRunning() && rate_->value() > 0) controller_->setRate(rate_->value());
  });
  connect(rate_, &QSpinBox::valueChanged, &rateDelay_, qOverload<>(&QTimer::start));
  listScenarios();
}

void RunPanel::run() {
  if (controller_->isRunning()) return;
  edges_->clear();
  events_->clear();
  pods_->clear();
  dashboard_->clear();
  setRunning(true);
  status_->setText(tr("Starting pods…"));
  showScenario();
  controller_->start(document_->mesh(), rate_->value(), scenarioChoice_->currentData().toString().toStdString());
}

void RunPanel::stop() {
  if (!controller_->isRunning()) return;
  status_->setText(tr("Stopping…"));
  controller_->stop();
}

void RunPanel::setRunning(bool running) {
  runButton_->setText(running ? tr("Stop") : tr("Run"));
  emit runningChanged(running);
}

void RunPanel::showProgress(int ready, int total) {
  progress_->setMaximum(total);
  progress_->setValue(ready);
  progress_->show();
}

void RunPanel::showTick(double elapsed, const std::vector<runtime::EdgeRow>& rows, const runtime::RunEvents& events) {
  status_->setText(tr("Running · %1 s").arg(number(elapsed, 0)));
  edges_->clear();
  for (const auto& r : rows) {
    auto* item = new QTreeWidgetItem(edges_, {QString::fromStdString(r.source), QString::fromStdString(r.destination),
                                              number(r.rps), number(r.successPercent) + "%", number(r.p50), number(r.p99),
                                              QString::number(r.overflows), splitText(r.split)});
    if (r.successPercent < 95) item->setForeground(3, QColor(0xd3, 0x2f, 0x2f));
  }
  addEvents(events);
  dashboard_->append(elapsed, rows, events);
}

void RunPanel::addEvents(const runtime::RunEvents& events) {
  for (const auto& e : events) {
    auto* item = new QTreeWidgetItem(events_, {number(e.atSeconds) + " s", QString::fromStdString(e.kind),
                                               QString::fromStdString(e.detail)});
    if (const QColor c = eventColour(e.kind); c.isValid()) item->setForeground(1, c);
    item->setToolTip(2, QString::fromStdString(e.detail));
  }
  if (!events.empty()) events_->scrollToBottom();
}

void RunPanel::showPods() {
  pods_->clear();
  for (const auto& p : controller_->pods())
    new QTreeWidgetItem(pods_, {QString::fromStdString(p.name), QString::fromStdString(p.gateway ? "gateway" : p.service),
                                QString::fromStdString(p.version), QString::fromStdString(p.address)});
  showPodStates();
}

// Killed from the designer, or ejected by its callers' outlier detection (the same states the
// canvas shows as hollow and grey dots).
void RunPanel::showPodStates() {
  const auto& ejections = controller_->ejections();
  for (int i = 0; i < pods_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = pods_->topLevelItem(i);
    const std::string pod = item->text(0).toStdString();
    const auto ejected = ejections.find(pod);
    QStringList state;
    if (controller_->podsDown().count(pod)) state << tr("killed");
    if (ejected != ejections.end()) state << tr("ejected by %n caller(s)", nullptr, int(ejected->second.size()));
    item->setText(4, state.isEmpty() ? tr("running") : state.join(" · "));
    item->setForeground(4, state.isEmpty() ? palette().color(QPalette::Text) : QColor(0x9a, 0x9f, 0xa6));
  }
}

void RunPanel::podMenu(const QPoint& at) {
  QTreeWidgetItem* item = pods_->itemAt(at);
  if (!item || !controller_->isRunning()) return;
  const std::string pod = item->text(0).toStdString();
  const std::string service = item->text(1).toStdString();
  QMenu menu;
  connect(menu.addAction(tr("Kill %1").arg(item->text(0))), &QAction::triggered, this, [this, pod] { controller_->killPod(pod); });
  connect(menu.addAction(tr("Restart %1").arg(item->text(0))), &QAction::triggered, this, [this, pod] { controller_->restartPod(pod); });
  if (item->text(1) != "gateway") {
    menu.addSeparator();
    connect(menu.addAction(tr("Inject latency or errors into %1…").arg(item->text(1))), &QAction::triggered, this,
            [this, service] { injectInto(service); });
  }
  menu.exec(pods_->viewport()->mapToGlobal(at));
}

}  // namespace ms::studio

namespace ms::studio {

void RunPanel::listScenarios() {
  const QString current = scenarioChoice_->currentData().toString();
  const QSignalBlocker block(scenarioChoice_);
  scenarioChoice_->clear();
  scenarioChoice_->addItem(tr("None (run freely)"), QString());
  if (const model::MeshDesign* d = document_->mesh().design())
    for (const auto& sc : d->scenarios)
      if (sc.name) scenarioChoice_->addItem(QString::fromStdString(*sc.name), QString::fromStdString(*sc.name));
  scenarioChoice_->setCurrentIndex(std::max(0, scenarioChoice_->findData(current)));
  showScenario();
}

void RunPanel::showScenario() {
  scenario_->clear();
  const std::string name = scenarioChoice_->currentData().toString().toStdString();
  const model::MeshDesign* d = document_->mesh().design();
  if (!d || name.empty()) return;
  for (const auto& sc : d->scenarios) {
    if (sc.name != name) continue;
    for (const auto& step : sc.steps) {
      const auto at = runtime::stepSeconds(step);
      new QTreeWidgetItem(scenario_, {at ? number(*at) + " s" : QStringLiteral("?"),
                                      QString::fromStdString(step.action.value_or("") + " " + step.target.value_or("")),
                                      tr("to play")});
    }
    for (const auto& a : sc.assertions)
      new QTreeWidgetItem(scenario_, {QString::fromStdString(a.at.value_or("end")),
                                      tr("assert %1").arg(QString::fromStdString(a.name.value_or(""))), tr("at stop")});
  }
}

void RunPanel::showAssertions(const runtime::SimulationResult& result) {
  for (const auto& a : result.assertions) {
    const QString label = tr("assert %1").arg(QString::fromStdString(a.name));
    for (int i = 0; i < scenario_->topLevelItemCount(); ++i) {
      QTreeWidgetItem* item = scenario_->topLevelItem(i);
      if (item->text(1) != label) continue;
      item->setText(2, (a.passed ? tr("passed: ") : tr("FAILED: ")) + QString::fromStdString(a.detail));
      item->setForeground(2, a.passed ? QColor(0x2e, 0x7d, 0x32) : QColor(0xd3, 0x2f, 0x2f));
    }
  }
}

void RunPanel::injectInto(const std::string& service) {
  const auto& pods = controller_->pods();
  auto first = std::find_if(pods.begin(), pods.end(), [&](const auto& p) { return p.service == service; });
  if (first == pods.end()) return;
  FaultDialog dialog(QString::fromStdString(service), first->behaviour, this);
  if (dialog.exec() != QDialog::Accepted) return;
  std::set<std::string> done;
  for (const auto& p : pods)
    if (p.service == service && done.insert(p.workload).second) controller_->setBehaviour(p.workload, dialog.applyTo(p.behaviour));
}

void RunPanel::exportReport() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the run report"));
  if (dir.isEmpty()) return;
  std::string error;
  const std::string name = document_->displayName().toStdString();
  if (!dashboard::writeReportWithCharts(result_, name, dir.toStdString(), &error))
    return void(QMessageBox::critical(this, tr("Report not written"), QString::fromStdString(error)));
  status_->setText(tr("Report written to %1").arg(dir));
}

}  // namespace ms::studio
