#include "runtime/simulation.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include "runtime/live_simulation.h"

namespace ms::runtime {

namespace {

void waitMs(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) {
    QCoreApplication::processEvents();
    QThread::msleep(std::min<int>(10, ms - static_cast<int>(t.elapsed()) + 1));
  }
}

}  // namespace

SimulationResult simulate(const model::Mesh& mesh, const SimulationOptions& options, const SimulationCallbacks& cb) {
  LiveSimulation run(options);
  std::string error;
  if (!run.start(mesh, cb.progress, &error)) {
    SimulationResult failed;
    failed.error = error;
    return failed;
  }
  RunEvents sinceTick;
  while (!run.loadFinished()) {  // one more scrape after the load ends
    waitMs(500 - static_cast<int>(static_cast<long>(run.elapsed() * 1000) % 500));
    SimulationRound round = run.round();
    sinceTick.insert(sinceTick.end(), round.events.begin(), round.events.end());
    if (!round.rows) continue;
    if (cb.tick) cb.tick(round.elapsed, *round.rows, sinceTick);
    sinceTick.clear();
  }
  return run.finish();
}

}  // namespace ms::runtime
