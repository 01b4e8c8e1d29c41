#pragma once

// Starts and stops the mesh's processes. Every child gets PR_SET_PDEATHSIG, so none outlives
// MeshStudio even after `kill -9`; each keeps its output in a log file.
//
// Children must be started from a long-lived thread (the GUI or main thread): Linux delivers
// the parent-death signal when the thread that forked them ends.

#include <QObject>
#include <QProcess>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ms::runtime {

struct ProcessSpec {
  std::string name;     // unique: "reviews-v1-0/proxy"
  std::string program;  // absolute path
  std::vector<std::string> args;
  std::string logFile;
};

class Supervisor : public QObject {
  Q_OBJECT

 public:
  explicit Supervisor(QObject* parent = nullptr);
  ~Supervisor() override;

  // Starts a process; false (with `error` set) if it could not be started.
  bool start(const ProcessSpec& spec, std::string* error);
  void kill(const std::string& name);  // SIGKILL, as a crash would
  void stop(const std::string& name);  // SIGTERM, then SIGKILL after a grace period
  void stopAll();

  bool isRunning(const std::string& name) const;
  std::vector<std::string> names() const;
  qint64 pid(const std::string& name) const;

 signals:
  void exited(const QString& name, int exitCode, bool crashed);

 private:
  std::map<std::string, std::unique_ptr<QProcess>> processes_;
};

}  // namespace ms::runtime
