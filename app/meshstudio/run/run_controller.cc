#include "run/run_controller.h"

#include "run/run_worker.h"

namespace ms::studio {

RunController::RunController(QObject* parent) : QObject(parent), worker_(new RunWorker) {
  qRegisterMetaType<model::Mesh>();
  qRegisterMetaType<model::Behaviour>();
  qRegisterMetaType<std::string>();
  qRegisterMetaType<std::vector<runtime::EdgeRow>>();
  qRegisterMetaType<runtime::RunEvents>();
  qRegisterMetaType<runtime::SimulationResult>();
  qRegisterMetaType<std::vector<RunningPod>>();
  qRegisterMetaType<runtime::EjectedPods>();
  thread_.setObjectName("meshstudio-run");
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &RunWorker::progress, this, &RunController::progress);
  connect(worker_, &RunWorker::started, this, [this](const std::vector<RunningPod>& pods) {
    pods_ = pods;
    emit started();
  });
  connect(worker_, &RunWorker::tick, this, &RunController::tick);
  connect(worker_, &RunWorker::ejectionsChanged, this, [this](const runtime::EjectedPods& pods) {
    ejections_ = pods;
    emit ejectionsChanged(ejections_);
  });
  connect(worker_, &RunWorker::stopped, this, [this](const runtime::SimulationResult& result) {
    running_ = false;
    pods_.clear();
    down_.clear();
    const bool hadEjections = !ejections_.empty();
    ejections_.clear();
    if (hadEjections) emit ejectionsChanged(ejections_);
    emit stopped(result);
  });
  connect(worker_, &RunWorker::failed, this, [this](const QString& error) {
    running_ = false;
    emit failed(error);
  });
  thread_.start();
}

RunController::~RunController() {
  QMetaObject::invokeMethod(worker_, &RunWorker::stop, Qt::BlockingQueuedConnection);
  thread_.quit();
  thread_.wait();
}

void RunController::start(const model::Mesh& mesh, double rate, const std::string& scenario) {
  if (running_) return;
  running_ = true;
  QMetaObject::invokeMethod(worker_, [w = worker_, mesh, rate, scenario] { w->start(mesh, rate, scenario); });
}

void RunController::stop() { QMetaObject::invokeMethod(worker_, &RunWorker::stop); }

void RunController::apply(const model::Mesh& mesh) {
  QMetaObject::invokeMethod(worker_, [w = worker_, mesh] { w->apply(mesh); });
}

void RunController::killPod(const std::string& pod) {
  down_.insert(pod);
  emit podsDownChanged(down_);
  QMetaObject::invokeMethod(worker_, [w = worker_, pod] { w->killPod(pod); });
}

void RunController::restartPod(const std::string& pod) {
  down_.erase(pod);
  emit podsDownChanged(down_);
  QMetaObject::invokeMethod(worker_, [w = worker_, pod] { w->restartPod(pod); });
}

void RunController::setBehaviour(const std::string& workload, const model::Behaviour& behaviour) {
  for (auto& p : pods_)
    if (p.workload == workload) p.behaviour = behaviour;
  QMetaObject::invokeMethod(worker_, [w = worker_, workload, behaviour] { w->setBehaviour(workload, behaviour); });
}

void RunController::setRate(double rate) {
  QMetaObject::invokeMethod(worker_, [w = worker_, rate] { w->setRate(rate); });
}

}  // namespace ms::studio
