#pragma once

// Runs a design on this machine: every pod is a meshworkload + meshproxy pair on its own
// loopback address, gateways are a meshproxy alone, and a pod without a sidecar ("legacy",
// `injected: false`) is a meshworkload alone. The control plane's configs and the local CA's
// certificates are written to the run folder, which the proxies watch; certificates are
// rotated before they expire.

#include <QObject>
#include <QTimer>

#include <chrono>
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
  // Hosts outside the mesh that a workload of the design answers for ("namespace/workload"):
  // what DNS would resolve a ServiceEntry host to, since a simulation has no internet.
  std::map<std::string, std::string> standIns;
  // Workload certificates live this long and are reissued at half their lifetime.
  std::chrono::seconds certLifetime = ca::kDefaultWorkloadLifetime;
};

// meshproxy and meshworkload next to this program's build (or $MESHSTUDIO_BIN_DIR, or PATH).
RuntimeOptions defaultRuntimeOptions(const std::string& runDir);

struct PushResult {
  std::vector<std::string> pods;  // whose config changed
  std::string version;
  // From writing the configs to each changed proxy serving the new version (its /server_info),
  // in milliseconds, one per pod that confirmed within the timeout.
  std::vector<double> latenciesMs;
  std::vector<std::string> started, stopped;  // pods the new design added or no longer has
  std::vector<std::string> behaviourChanged;  // pods whose workload behaviour was replaced live
};

// Where a request from a pod goes first: its sidecar's outbound listener, or for a pod without
// a sidecar straight to a pod of the destination service, as kube-proxy would send it.
struct Hop {
  std::string address;
  int port = 0;
  std::string host;  // the Host header
  bool direct = false;  // no sidecar on the way out: plaintext to the destination pod
};

class MeshRunner : public QObject {
  Q_OBJECT

 public:
  explicit MeshRunner(RuntimeOptions options, QObject* parent = nullptr);
  ~MeshRunner() override;

  // Starts every pod in parallel and waits until all report ready; `progress(ready, total)`
  // is called as they come up. On failure everything started is stopped again.
  bool start(const model::Mesh& mesh, const std::function<void(int, int)>& progress, std::string* error);
  // Puts a changed design in force, like istiod plus the Kubernetes controllers: new pods (more
  // replicas, new workloads) get certificates and configs and are started; every proxy whose
  // config changed gets it (endpoints included); pods the design no longer has are drained
  // (nobody routes to them any more) and then stopped; changed behaviours are replaced live.
  PushResult apply(const model::Mesh& mesh, std::string* error);
  void stop();

  bool killPod(const std::string& pod);
  bool restartPod(const std::string& pod, std::string* error);
  // Changes what a workload's pods do (or one pod's, given its name), live, through their
  // admin endpoint. Returns how many pods took it.
  int setBehaviour(const std::string& workloadOrPod, const model::Behaviour& behaviour);
  // Sets a workload's replicas in the design in force and applies it.
  PushResult scale(const std::string& workload, std::int64_t replicas, std::string* error);

  // Reissues every workload certificate that is past half its lifetime (or missing); the
  // proxies watch the files. Runs by itself on a timer; returns how many were rewritten.
  int rotateCertificates();

  const controlplane::Placement& placement() const { return placement_; }
  const model::ServiceRegistry& registry() const { return *registry_; }
  const model::Mesh& mesh() const { return mesh_; }
  const controlplane::PodPlacement* findPod(const std::string& name) const;
  // Pods in `ns` whose labels include `labels`, in placement order.
  std::vector<const controlplane::PodPlacement*> podsMatching(const std::string& ns, const model::Labels& labels) const;
  bool isRunning(const std::string& pod) const;
  std::vector<std::pair<std::string, int>> adminEndpoints() const;  // every running proxy's
  // Where the load enters: the gateway's first listener, else a pod's outbound listener.
  std::optional<std::pair<std::string, int>> ingressEndpoint() const;
  // The first hop of a request from `pod` to `host` ("name[.ns][:port]"); nullopt when a pod
  // without a sidecar names a host no pod serves.
  std::optional<Hop> routeFrom(const std::string& pod, const std::string& host) const;
  // Requests the pod's workload has served (its /__admin/stats), or nullopt.
  std::optional<long> workloadRequests(const std::string& pod) const;
  std::string logFile(const std::string& pod, const char* role) const;
  std::string certificatePath(const controlplane::PodPlacement& pod) const;

 signals:
  void podExited(const QString& pod, const QString& role, int exitCode);
  void certificatesRotated(int count);

 private:
  bool prepare(const model::Mesh& mesh, std::string* error);
  bool issueCertificates(const std::vector<controlplane::PodPlacement>& pods, std::string* error);
  void resolveStandIns(controlplane::Placement& placement) const;
  bool writeConfigs(std::vector<std::string>* changed, std::string* error);
  bool startPod(const controlplane::PodPlacement& pod, std::string* error);
  bool podReady(const controlplane::PodPlacement& pod) const;
  bool waitReady(const std::vector<const controlplane::PodPlacement*>& pods,
                 const std::function<void(int, int)>& progress, std::string* error);
  std::vector<double> awaitVersion(const std::vector<std::string>& pods, const std::string& version) const;

  RuntimeOptions options_;
  int subnet_ = 0;
  model::Mesh mesh_;
  std::unique_ptr<model::ServiceRegistry> registry_;
  controlplane::Placement placement_;
  std::optional<ca::CertificateAuthority> ca_;
  std::map<std::string, std::string> written_;    // pod -> config text in force
  std::map<std::string, std::string> behaviours_;  // pod -> the design's behaviour YAML last put in force
  std::optional<std::pair<std::string, int>> ingress_;  // the first gateway listener
  int version_ = 0;
  mutable unsigned roundRobin_ = 0;  // spreads direct (sidecar-less) requests over a service's pods
  QTimer rotation_;
  Supervisor supervisor_;
};

// Sets the replicas of a workload (a Kubernetes Deployment, or a designed workload) by name in
// `mesh`; false when no workload has that name.
bool setReplicas(model::Mesh& mesh, const std::string& workload, std::int64_t replicas);

}  // namespace ms::runtime
