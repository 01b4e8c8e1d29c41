#pragma once
// Run mode's engine side: a LiveSimulation on its own thread, measured every 500 ms. The GUI
// talks to it only through queued signals and slots, so a slow push or a pod start never
// stalls the window.
#include <QObject>
#include <QThread>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/mesh.h"
#include "runtime/outlier_ejections.h"
#include "runtime/simulation_result.h"

namespace ms::studio {

struct RunningPod {
  std::string name, workload, service, version, address;
  bool gateway = false;
  model::Behaviour behaviour;  // what the pod's workload does now
};

class RunWorker;

class RunController : public QObject {
  Q_OBJECT
 public:
  explicit RunController(QObject* parent = nullptr);
  ~RunController() override;  // stops the run and waits for its pods to exit
  bool isRunning() const { return running_; }
  const std::vector<RunningPod>& pods() const { return pods_; }
  const std::set<std::string>& podsDown() const { return down_; }  // killed from the designer
  // Pods outlier detection ejects now -> the pods whose proxies eject them.
  const runtime::EjectedPods& ejections() const { return ejections_; }

  // Starts `mesh` with the design's load at `rate` requests/s (0: the design's rate), playing
  // `scenario` (empty: none), until stop().
  void start(const model::Mesh& mesh, double rate, const std::string& scenario = {});
  void stop();
  void apply(const model::Mesh& mesh);  // a design edit while running: recompile and push
  void killPod(const std::string& pod);
  void restartPod(const std::string& pod);
  void setBehaviour(const std::string& workload, const model::Behaviour& behaviour);
  void setRate(double rate);

 signals:
  void progress(int ready, int total);
  void started();
  void tick(double elapsed, const std::vector<ms::runtime::EdgeRow>& rows, const ms::runtime::RunEvents& events);
  void stopped(const ms::runtime::SimulationResult& result);
  void failed(const QString& error);
  void podsDownChanged(const std::set<std::string>& pods);
  void ejectionsChanged(const ms::runtime::EjectedPods& pods);

 private:
  QThread thread_;
  RunWorker* worker_ = nullptr;
  bool running_ = false;
  std::vector<RunningPod> pods_;
  std::set<std::string> down_;
  runtime::EjectedPods ejections_;
};

}  // namespace ms::studio
