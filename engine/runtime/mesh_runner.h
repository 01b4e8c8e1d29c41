#pragma once

// Runs a design on this machine: every pod is a meshworkload + meshproxy pair on its own
// loopback address, gateways are a meshproxy alone; the control plane's configs and the local
// CA's certificates are written to the run folder, which the proxies watch.

#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "controlplane/ca/certificate_authority.h"
#include "controlplane/placement.h"
#include "model/mesh.h"
#include "model/service_registry.h"
#include "runtime/supervisor.h"

namespace ms::runtime {

struct RuntimeOptions {
  std::string runDir;  // configs/, certs/, logs/ go here
  std::string proxyBinary, workloadBinary;
  int subnet = 0;  // pods live on 127.<subnet>.x.y; 0 picks a free one
  int readyTimeoutMs = 15000;
};

// meshproxy and meshworkload next to this program's build (or $MESHSTUDIO_BIN_DIR, or PATH).
RuntimeOptions defaultRuntimeOptions(const std::string& runDir);

struct PushResult {
  std::vector<std::string> pods;  // whose config changed
  std::string version;
  // From writing the configs to each changed proxy serving the new version (its /server_info),
  // in milliseconds, one per pod that confirmed within the timeout.
  std::vector<double> latenciesMs;
};

class MeshRunner : public QObject {
  Q_OBJECT

 public:
  explicit MeshRunner(RuntimeOptions options, QObject* parent = nullptr);
  ~MeshRunner() override;

  // Starts every pod in parallel and waits until all report ready; `progress(ready, total)`
  // is called as they come up. On failure everything started is stopped again.
  bool start(const model::Mesh& mesh, const std::function<void(int, int)>& progress, std::string* error);
  // Recompiles and rewrites the configs that changed (a config push).
  PushResult apply(const model::Mesh& mesh, std::string* error);
  void stop();

  bool killPod(const std::string& pod);
  bool restartPod(const std::string& pod, std::string* error);
  // Changes what a workload's pods do, live, through their admin endpoint.
  int setBehaviour(const std::string& workload, const model::Behaviour& behaviour);

  const controlplane::Placement& placement() const { return placement_; }
  const model::ServiceRegistry& registry() const { return *registry_; }
  std::vector<std::pair<std::string, int>> adminEndpoints() const;  // every running proxy's
  // Where the load enters: the gateway's first listener, else a pod's outbound listener.
  std::optional<std::pair<std::string, int>> ingressEndpoint() const;
  std::string logFile(const std::string& pod, const char* role) const;

 signals:
  void podExited(const QString& pod, const QString& role, int exitCode);

 private:
  bool prepare(const model::Mesh& mesh, std::string* error);
  bool writeConfigs(std::vector<std::string>* changed, std::string* error);
  bool startPod(const controlplane::PodPlacement& pod, std::string* error);
  bool podReady(const controlplane::PodPlacement& pod) const;
  std::vector<double> awaitVersion(const std::vector<std::string>& pods, const std::string& version) const;
  const controlplane::PodPlacement* findPod(const std::string& name) const;

  RuntimeOptions options_;
  model::Mesh mesh_;
  std::unique_ptr<model::ServiceRegistry> registry_;
  controlplane::Placement placement_;
  std::optional<ca::CertificateAuthority> ca_;
  std::map<std::string, std::string> written_;  // pod -> config text in force
  std::optional<std::pair<std::string, int>> ingress_;  // the first gateway listener
  int version_ = 0;
  Supervisor supervisor_;
};

}  // namespace ms::runtime
