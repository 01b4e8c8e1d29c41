#include "dashboard.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace ms::dashboard {

namespace {

// A panel with an optional picker line above it.
QWidget* framed(QWidget* panel, const QString& label = {}, QComboBox* picker = nullptr) {
  auto* box = new QWidget;
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  if (picker) {
    auto* line = new QHBoxLayout;
    line->addWidget(new QLabel(label));
    line->addWidget(picker, 1);
    layout->addLayout(line);
  }
  layout->addWidget(panel, 1);
  return box;
}

}  // namespace

Dashboard::Dashboard(QWidget* parent)
    : QWidget(parent),
      colors_(std::make_shared<SeriesColors>()),
      split_(new SplitChart(colors_)),
      latency_(new LatencyChart(colors_)),
      success_(new SuccessChart(colors_)),
      trips_(new TripsChart(colors_)),
      retries_(new RetriesChart(colors_)),
      servicePicker_(new QComboBox),
      edgePicker_(new QComboBox),
      eventList_(new QListWidget) {
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(4, 4, 4, 4);
  grid->setSpacing(6);
  grid->addWidget(framed(split_, tr("Service:"), servicePicker_), 0, 0);
  grid->addWidget(framed(latency_, tr("Edge:"), edgePicker_), 0, 1);
  grid->addWidget(success_, 1, 0);
  grid->addWidget(trips_, 1, 1);
  grid->addWidget(retries_, 2, 0);
  auto* events = new QWidget;
  auto* eventsLayout = new QVBoxLayout(events);
  eventsLayout->setContentsMargins(0, 0, 0, 0);
  eventsLayout->addWidget(new QLabel(tr("Events")));
  eventsLayout->addWidget(eventList_, 1);
  grid->addWidget(events, 2, 1);
  servicePicker_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  edgePicker_->setSizeAdjustPolicy(QComboBox::AdjustToContents);

  connect(split_, &SplitChart::servicesChanged, this, &Dashboard::fillServices);
  connect(latency_, &LatencyChart::edgesChanged, this, &Dashboard::fillEdges);
  connect(servicePicker_, &QComboBox::activated, this,
          [this](int i) { split_->setService(servicePicker_->itemData(i).toString()); });
  connect(edgePicker_, &QComboBox::activated, this,
          [this](int i) { latency_->setEdge(edgePicker_->itemData(i).toString()); });
  fillServices();
  fillEdges();
}

std::vector<ChartPanel*> Dashboard::panels() const {
  return {split_, latency_, success_, trips_, retries_};
}

void Dashboard::append(double t, const std::vector<runtime::EdgeRow>& rows,
                       const runtime::RunEvents& events) {
  for (ChartPanel* p : panels()) p->append(t, rows, events);
  for (const auto& e : events) {
    if (e.kind == "assertion") continue;  // the verdicts come at the end, in the summary
    eventList_->addItem(QString("%1 s  %2: %3")
                            .arg(e.atSeconds, 0, 'f', 1)
                            .arg(QString::fromStdString(e.kind), QString::fromStdString(e.detail)));
  }
  while (eventList_->count() > kMaxListedEvents) delete eventList_->takeItem(0);
  if (!events.empty()) eventList_->scrollToBottom();
}

void Dashboard::clear() {
  for (ChartPanel* p : panels()) p->clear();
  eventList_->clear();
}

void Dashboard::setWindowSeconds(double seconds) {
  for (ChartPanel* p : panels()) p->setWindowSeconds(seconds);
}

// The first entry follows the panel's own choice; the rest pin one service or edge.
void Dashboard::fillServices() {
  const QSignalBlocker block(servicePicker_);
  const QString current = servicePicker_->currentData().toString();
  servicePicker_->clear();
  servicePicker_->addItem(tr("first split service"), QString());
  for (const QString& s : split_->services())
    servicePicker_->addItem(split_->isSplit(s) ? s : tr("%1 (one version)").arg(s), s);
  const int i = servicePicker_->findData(current);
  servicePicker_->setCurrentIndex(i < 0 ? 0 : i);
}

void Dashboard::fillEdges() {
  const QSignalBlocker block(edgePicker_);
  const QString current = edgePicker_->currentData().toString();
  edgePicker_->clear();
  edgePicker_->addItem(tr("entry edge"), QString());
  for (const QString& e : latency_->edges()) edgePicker_->addItem(e, e);
  const int i = edgePicker_->findData(current);
  edgePicker_->setCurrentIndex(i < 0 ? 0 : i);
}

}  // namespace ms::dashboard
