#include "runtime/supervisor.h"

#include <sys/prctl.h>

#include <csignal>

namespace ms::runtime {

Supervisor::Supervisor(QObject* parent) : QObject(parent) {}

Supervisor::~Supervisor() { stopAll(); }

bool Supervisor::start(const ProcessSpec& spec, std::string* error) {
  if (isRunning(spec.name)) {
    if (error) *error = spec.name + " is already running";
    return false;
  }
  auto process = std::make_unique<QProcess>();
  process->setProgram(QString::fromStdString(spec.program));
  QStringList args;
  for (const auto& a : spec.args) args << QString::fromStdString(a);
  process->setArguments(args);
  process->setProcessChannelMode(QProcess::MergedChannels);
  if (!spec.logFile.empty()) process->setStandardOutputFile(QString::fromStdString(spec.logFile), QIODevice::Append);
  process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
  const QString name = QString::fromStdString(spec.name);
  connect(process.get(), &QProcess::finished, this, [this, name](int code, QProcess::ExitStatus status) {
    emit exited(name, code, status == QProcess::CrashExit);
  });
  process->start();
  if (!process->waitForStarted(5000)) {
    if (error) *error = spec.name + ": cannot start " + spec.program + ": " + process->errorString().toStdString();
    return false;
  }
  processes_[spec.name] = std::move(process);
  return true;
}

void Supervisor::kill(const std::string& name) {
  const auto it = processes_.find(name);
  if (it == processes_.end()) return;
  it->second->kill();
  it->second->waitForFinished(2000);
  processes_.erase(it);
}

void Supervisor::stop(const std::string& name) {
  const auto it = processes_.find(name);
  if (it == processes_.end()) return;
  it->second->terminate();
  if (!it->second->waitForFinished(1500)) {
    it->second->kill();
    it->second->waitForFinished(1000);
  }
  processes_.erase(it);
}

void Supervisor::stopAll() {
  // Ask everyone first, then wait: stopping one by one would take a grace period each.
  for (auto& [name, p] : processes_) p->terminate();
  for (auto& [name, p] : processes_) {
    if (!p->waitForFinished(1500)) {
      p->kill();
      p->waitForFinished(1000);
    }
  }
  processes_.clear();
}

bool Supervisor::isRunning(const std::string& name) const {
  const auto it = processes_.find(name);
  return it != processes_.end() && it->second->state() == QProcess::Running;
}

std::vector<std::string> Supervisor::names() const {
  std::vector<std::string> out;
  for (const auto& [name, p] : processes_) out.push_back(name);
  return out;
}

qint64 Supervisor::pid(const std::string& name) const {
  const auto it = processes_.find(name);
  return it == processes_.end() ? 0 : it->second->processId();
}

}  // namespace ms::runtime
