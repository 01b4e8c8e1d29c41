#pragma once
// Lives on the run thread; owns the LiveSimulation and its round timer.
#include <QObject>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

#include "model/mesh.h"
#include "run/run_controller.h"
#include "runtime/live_simulation.h"

namespace ms::studio {

class RunWorker : public QObject {
  Q_OBJECT
 public:
  RunWorker();
  ~RunWorker() override;

 public slots:
  void start(const ms::model::Mesh& mesh, double rate, const std::string& scenario);
  void stop();
  void apply(const ms::model::Mesh& mesh);
  void killPod(const std::string& pod);
  void restartPod(const std::string& pod);
  void setBehaviour(const std::string& workload, const ms::model::Behaviour& behaviour);
  void setRate(double rate);

 signals:
  void progress(int ready, int total);
  void started(const std::vector<ms::studio::RunningPod>& pods);
  void tick(double elapsed, const std::vector<ms::runtime::EdgeRow>& rows, const ms::runtime::RunEvents& events);
  // When the pods outlier detection ejects (or their callers) differ from the last round's.
  void ejectionsChanged(const ms::runtime::EjectedPods& pods);
  void stopped(const ms::runtime::SimulationResult& result);
  void failed(const QString& error);

 private:
  void round();
  std::unique_ptr<QTemporaryDir> runDir_;
  std::unique_ptr<runtime::LiveSimulation> run_;
  QTimer* timer_;  // a child, so it moves to the run thread with the worker
  runtime::RunEvents sinceTick_;
  runtime::EjectedPods ejected_;
};

}  // namespace ms::studio
