#include "run/run_worker.h"

#include "runtime/mesh_runner.h"

namespace ms::studio {

namespace {

constexpr double kUntilStopped = 7 * 24 * 3600.0;  // the designer runs until Stop

std::vector<RunningPod> runningPods(const runtime::MeshRunner& runner) {
  std::vector<RunningPod> out;
  for (const auto& pod : runner.placement().pods) {
    RunningPod p{pod.name, {}, {}, {}, pod.address, pod.isGateway, {}};
    if (pod.workload) {
      p.workload = pod.workload->name;
      if (const model::Behaviour* b = runner.registry().behaviourOf(*pod.workload)) p.behaviour = *b;
      const auto services = runner.registry().servicesOf(*pod.workload);
      p.service = services.empty() ? pod.workload->name : services.front()->name;
      if (auto it = pod.workload->labels.find("version"); it != pod.workload->labels.end()) p.version = it->second;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

RunWorker::RunWorker() : timer_(new QTimer(this)) {
  timer_->setInterval(500);
  connect(timer_, &QTimer::timeout, this, &RunWorker::round);
}

RunWorker::~RunWorker() { stop(); }

void RunWorker::start(const model::Mesh& mesh, double rate, const std::string& scenario) {
  runDir_ = std::make_unique<QTemporaryDir>(QDir::tempPath() + "/meshstudio-run-XXXXXX");
  runtime::SimulationOptions options;
  options.runtime = runtime::defaultRuntimeOptions(runDir_->path().toStdString());
  options.durationSeconds = kUntilStopped;
  if (rate > 0) options.rate = rate;
  options.scenario = scenario;
  options.withoutScenario = scenario.empty();
  run_ = std::make_unique<runtime::LiveSimulation>(options);
  std::string error;
  if (!run_->start(mesh, [this](int ready, int total) { emit progress(ready, total); }, &error)) {
    run_.reset();
    emit failed(QString::fromStdString(error));
    return;
  }
  emit started(runningPods(run_->runner()));
  timer_->start();
}

void RunWorker::round() {
  if (!run_) return;
  runtime::SimulationRound r = run_->round();
  sinceTick_.insert(sinceTick_.end(), r.events.begin(), r.events.end());
  // Every round, not once a second: an ejection should show as soon as it is known.
  if (r.ejected != ejected_) emit ejectionsChanged(ejected_ = r.ejected);
  if (!r.rows) return;
  emit tick(r.elapsed, *r.rows, sinceTick_);
  sinceTick_.clear();
}

void RunWorker::stop() {
  timer_->stop();
  if (!run_) return;
  ejected_.clear();
  runtime::SimulationResult result = run_->finish();
  run_.reset();
  emit stopped(result);
}

void RunWorker::apply(const model::Mesh& mesh) {
  if (!run_) return;
  std::string error;
  run_->apply(mesh, &error);
}

void RunWorker::killPod(const std::string& pod) {
  if (run_) run_->killPod(pod);
}

void RunWorker::restartPod(const std::string& pod) {
  std::string error;
  if (run_) run_->restartPod(pod, &error);
}

void RunWorker::setBehaviour(const std::string& workload, const model::Behaviour& behaviour) {
  if (run_) run_->setBehaviour(workload, behaviour);
}

void RunWorker::setRate(double rate) {
  if (run_) run_->setRate(rate);
}

}  // namespace ms::studio
