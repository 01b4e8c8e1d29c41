#pragma once
// Run mode's face: Run/Stop, the load rate, start-up progress, the live edge table, the
// event log and the running pods (right-click to kill or restart). Edits made to the design
// while it runs are pushed to the running proxies.
#include <QTimer>
#include <QWidget>

#include "run/run_controller.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTreeWidget;

namespace ms::dashboard {
class Dashboard;
}

namespace ms::studio {

class DesignDocument;

class RunPanel : public QWidget {
  Q_OBJECT
 public:
  RunPanel(DesignDocument* document, RunController* controller, QWidget* parent = nullptr);
  QTreeWidget* edges() const { return edges_; }
  QTreeWidget* events() const { return events_; }
  QTreeWidget* pods() const { return pods_; }
  QTreeWidget* scenario() const { return scenario_; }
  QComboBox* scenarioChoice() const { return scenarioChoice_; }
  dashboard::Dashboard* dashboard() const { return dashboard_; }
  const runtime::SimulationResult& lastResult() const { return result_; }

 public slots:
  void run();
  void stop();

 signals:
  void runningChanged(bool running);

 private:
  void showProgress(int ready, int total);
  void showTick(double elapsed, const std::vector<runtime::EdgeRow>& rows, const runtime::RunEvents& events);
  void addEvents(const runtime::RunEvents& events);
  void showPods();
  void showPodStates();
  void podMenu(const QPoint& at);
  void setRunning(bool running);
  void listScenarios();
  void showScenario();
  void showAssertions(const runtime::SimulationResult& result);
  void injectInto(const std::string& service);
  void exportReport();

  DesignDocument* document_;
  RunController* controller_;
  QPushButton* runButton_;
  QPushButton* reportButton_;
  QComboBox* scenarioChoice_;
  QSpinBox* rate_;
  QProgressBar* progress_;
  QLabel* status_;
  dashboard::Dashboard* dashboard_;
  QTabWidget* tabs_;
  QTreeWidget *edges_, *events_, *pods_, *scenario_;
  QTimer pushDelay_;  // design edits while running are pushed once typing settles
  QTimer rateDelay_;
  runtime::SimulationResult result_;
};

}  // namespace ms::studio
