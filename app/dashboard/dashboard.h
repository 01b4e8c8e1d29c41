#pragma once

// The Run mode's live dashboards: every panel of a run side by side, fed by the simulation's
// ticks. Pickers choose the service whose canary split and the edge whose latency are shown;
// the events list shows the run's events as they happen.
//
// Feed it on the GUI thread: the simulation's tick callback runs on the simulation's thread, so
// post each tick, e.g.
//   QMetaObject::invokeMethod(dashboard, [=] { dashboard->append(t, rows, events); });

#include <QWidget>
#include <memory>

#include "latency_chart.h"
#include "retries_chart.h"
#include "split_chart.h"
#include "success_chart.h"
#include "trips_chart.h"

class QComboBox;
class QListWidget;

namespace ms::dashboard {

class Dashboard : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kMaxListedEvents = 500;

  explicit Dashboard(QWidget* parent = nullptr);

  void append(double elapsedSeconds, const std::vector<runtime::EdgeRow>& rows,
              const runtime::RunEvents& events);
  void clear();                           // before a new run
  void setWindowSeconds(double seconds);  // every panel; default ChartPanel::kLiveWindowSeconds

  SplitChart* splitChart() const { return split_; }
  LatencyChart* latencyChart() const { return latency_; }
  SuccessChart* successChart() const { return success_; }
  TripsChart* tripsChart() const { return trips_; }
  RetriesChart* retriesChart() const { return retries_; }
  std::vector<ChartPanel*> panels() const;
  QComboBox* servicePicker() const { return servicePicker_; }
  QComboBox* edgePicker() const { return edgePicker_; }
  QListWidget* eventList() const { return eventList_; }

 private:
  void fillServices();
  void fillEdges();

  std::shared_ptr<SeriesColors> colors_;
  SplitChart* split_;
  LatencyChart* latency_;
  SuccessChart* success_;
  TripsChart* trips_;
  RetriesChart* retries_;
  QComboBox* servicePicker_;
  QComboBox* edgePicker_;
  QListWidget* eventList_;
};

}  // namespace ms::dashboard
