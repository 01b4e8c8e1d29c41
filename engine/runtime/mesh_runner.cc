#include "runtime/mesh_runner.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <set>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "controlplane/ca/atomic_file.h"
#include "controlplane/config_compiler.h"
#include "runtime/http_probe.h"
#include "runtime/workload_behaviour.h"

namespace ms::runtime {

namespace {

std::string findBinary(const QString& name) {
  const QString env = qEnvironmentVariable("MESHSTUDIO_BIN_DIR");
  QStringList candidates;
  if (!env.isEmpty()) candidates << env + "/" + name;
  const QString here = QCoreApplication::applicationDirPath();
  candidates << here + "/" + name << here + "/../../proxy/" + name << here + "/../proxy/" + name
             << here + "/../../../proxy/" + name;
  for (const QString& c : candidates)
    if (QFileInfo(c).isExecutable()) return QFileInfo(c).canonicalFilePath().toStdString();
  return QStandardPaths::findExecutable(name).toStdString();
}

// A loopback /16 nobody listens on yet, so that two runs on one machine do not collide. The
// search starts at a point derived from our pid, which keeps concurrent starters apart.
int chooseFreeSubnet() {
  for (int i = 0; i < 200; ++i) {
    const int subnet = 10 + (QCoreApplication::applicationPid() + i) % 200;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(controlplane::kAdminPort);
    at.sin_addr.s_addr = htonl((127u << 24) | (static_cast<unsigned>(subnet) << 16) | 1u);
    const bool free = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) == 0;
    if (fd >= 0) ::close(fd);
    if (free) return subnet;
  }
  return 10;
}

std::string versionLabel(const model::RegistryWorkload& w) {
  const auto it = w.labels.find("version");
  return it == w.labels.end() ? "" : it->second;
}

std::string serviceName(const model::ServiceRegistry& registry, const model::RegistryWorkload& w) {
  const auto services = registry.servicesOf(w);
  return services.empty() ? w.name : services.front()->name;
}

// What a pod process is started with: a change here means the pod must be started again.
std::string podShape(const controlplane::PodPlacement& pod) {
  return pod.address + "|" + std::to_string(pod.appPort) + "|" + (pod.workload->injected ? "sidecar" : "plain") + "|" +
         pod.workload->serviceAccount + "|" + (pod.isGateway ? "gateway" : "pod");
}

}  // namespace

RuntimeOptions defaultRuntimeOptions(const std::string& runDir) {
  RuntimeOptions o;
  o.runDir = runDir;
  o.proxyBinary = findBinary("meshproxy");
  o.workloadBinary = findBinary("meshworkload");
  return o;
}

bool setReplicas(model::Mesh& mesh, const std::string& workload, std::int64_t replicas) {
  bool found = false;
  for (auto& r : mesh.resources) {
    if (auto* w = r.as<model::KubernetesWorkload>(); w && r.meta.name == workload) w->replicas = replicas, found = true;
    if (auto* design = r.as<model::MeshDesign>())
      for (auto& s : design->services)
        for (auto& w : s.workloads)
          if (model::designWorkloadName(s, w) == workload) w.replicas = replicas, found = true;
  }
  return found;
}

MeshRunner::MeshRunner(RuntimeOptions options, QObject* parent) : QObject(parent), options_(std::move(options)) {
  connect(&supervisor_, &Supervisor::exited, this, [this](const QString& name, int code, bool) {
    const auto slash = name.lastIndexOf('/');
    emit podExited(name.left(slash), name.mid(slash + 1), code);
  });
  // Often enough to catch half a lifetime with room to spare, rarely enough to cost nothing.
  const auto lifetimeMs = std::chrono::duration_cast<std::chrono::milliseconds>(options_.certLifetime).count();
  rotation_.setInterval(static_cast<int>(std::clamp<long long>(lifetimeMs / 8, 250, 60000)));
  connect(&rotation_, &QTimer::timeout, this, [this] {
    if (const int n = rotateCertificates()) emit certificatesRotated(n);
  });
}

MeshRunner::~MeshRunner() { stop(); }

std::string MeshRunner::certificatePath(const controlplane::PodPlacement& pod) const {
  return pod.certDir + "/" + pod.workload->serviceAccount + ".crt";
}

bool MeshRunner::issueCertificates(const std::vector<controlplane::PodPlacement>& pods, std::string* error) {
  std::set<std::string> done;
  for (const auto& pod : pods) {
    if (!done.insert(pod.certDir + "|" + pod.workload->serviceAccount).second) continue;
    QDir().mkpath(QString::fromStdString(pod.certDir));
    auto rotated = ca_->rotateIfDue(pod.certDir, pod.workload->namespace_, pod.workload->serviceAccount,
                                    options_.certLifetime);
    if (!rotated) return *error = "certificate for " + pod.name + ": " + rotated.error(), false;
  }
  return true;
}

int MeshRunner::rotateCertificates() {
  if (!ca_) return 0;
  int rewritten = 0;
  std::set<std::string> done;
  for (const auto& pod : placement_.pods) {
    if (!done.insert(pod.certDir + "|" + pod.workload->serviceAccount).second) continue;
    auto rotated = ca_->rotateIfDue(pod.certDir, pod.workload->namespace_, pod.workload->serviceAccount,
                                    options_.certLifetime);
    if (rotated && *rotated) ++rewritten;
  }
  return rewritten;
}

void MeshRunner::resolveStandIns(controlplane::Placement& placement) const {
  placement.externalHosts.clear();
  for (const auto& [host, workload] : options_.standIns) {
    const auto slash = workload.find('/');
    const std::string ns = slash == std::string::npos ? "default" : workload.substr(0, slash);
    const std::string name = slash == std::string::npos ? workload : workload.substr(slash + 1);
    for (const auto& pod : placement.pods)
      if (!pod.isGateway && pod.workload->name == name && pod.workload->namespace_ == ns) {
        placement.externalHosts[host] = {pod.address, pod.appPort};
        break;
      }
  }
}

bool MeshRunner::prepare(const model::Mesh& mesh, std::string* error) {
  if (options_.proxyBinary.empty() || options_.workloadBinary.empty()) {
    *error = "meshproxy or meshworkload not found; build them, or set MESHSTUDIO_BIN_DIR";
    return false;
  }
  for (const char* sub : {"configs", "certs", "logs", "behaviours"})
    QDir().mkpath(QString::fromStdString(options_.runDir + "/" + sub));
  mesh_ = mesh;
  registry_ = std::make_unique<model::ServiceRegistry>(mesh_);
  subnet_ = options_.subnet ? options_.subnet : chooseFreeSubnet();
  placement_ = controlplane::planPlacement(*registry_, options_.runDir + "/certs", subnet_);
  resolveStandIns(placement_);
  auto authority = ca::CertificateAuthority::create(options_.runDir + "/ca");
  if (!authority) {
    *error = "local CA: " + authority.error();
    return false;
  }
  ca_.emplace(std::move(*authority));
  if (!issueCertificates(placement_.pods, error)) return false;
  return writeConfigs(nullptr, error);
}

bool MeshRunner::writeConfigs(std::vector<std::string>* changed, std::string* error) {
  const auto configs = controlplane::compileConfigs(mesh_, placement_, std::to_string(++version_));
  ingress_.reset();
  for (const auto& [pod, config] : configs)
    for (const auto& l : config.listeners)
      if (l.kind == "gateway" && !ingress_) ingress_ = std::make_pair(*l.address, static_cast<int>(*l.port));
  for (const auto& [pod, config] : configs) {
    std::string text = controlplane::toYaml(config);
    // The version alone changing is no change: only push what differs.
    const std::string withoutVersion = text.substr(text.find('\n'));
    const auto old = written_.find(pod);
    if (old != written_.end() && old->second.substr(old->second.find('\n')) == withoutVersion) continue;
    const auto written = ca::writeFileAtomically(options_.runDir + "/configs/" + pod + ".yaml", text, 0644);
    if (!written) {
      *error = written.error();
      return false;
    }
    written_[pod] = std::move(text);
    if (changed) changed->push_back(pod);
  }
  return true;
}

std::string MeshRunner::logFile(const std::string& pod, const char* role) const {
  return options_.runDir + "/logs/" + pod + "." + role + ".log";
}

bool MeshRunner::startPod(const controlplane::PodPlacement& pod, std::string* error) {
  if (!pod.isGateway) {
    const model::Behaviour* behaviour = registry_->behaviourOf(*pod.workload);
    const std::string yaml = behaviour ? workloadBehaviourYaml(*behaviour) : "";
    const std::string behaviourFile = options_.runDir + "/behaviours/" + pod.name + ".yaml";
    const auto written = ca::writeFileAtomically(behaviourFile, yaml, 0644);
    if (!written) return *error = written.error(), false;
    behaviours_[pod.name] = yaml;
    std::vector<std::string> args = {"--listen", pod.address + ":" + std::to_string(pod.appPort),
                                     "--service", serviceName(*registry_, *pod.workload), "--version",
                                     versionLabel(*pod.workload), "--pod", pod.name, "--namespace",
                                     pod.workload->namespace_, "--behaviour", behaviourFile};
    if (pod.workload->injected)
      args.insert(args.end(), {"--sidecar", pod.address + ":" + std::to_string(controlplane::kOutboundPort)});
    if (!supervisor_.start({pod.name + "/workload", options_.workloadBinary, args, logFile(pod.name, "workload")}, error))
      return false;
  }
  if (!pod.workload->injected && !pod.isGateway) return true;
  return supervisor_.start({pod.name + "/proxy", options_.proxyBinary,
                            {"--config", options_.runDir + "/configs/" + pod.name + ".yaml"},
                            logFile(pod.name, "proxy")},
                           error);
}

bool MeshRunner::podReady(const controlplane::PodPlacement& pod) const {
  if (pod.workload->injected || pod.isGateway) {
    if (httpRequest(pod.address, controlplane::kAdminPort, "GET", "/ready").status != 200) return false;
  }
  if (pod.isGateway) return true;
  return httpRequest(pod.address, pod.appPort, "GET", "/__admin/ready").status == 200;
}

bool MeshRunner::waitReady(const std::vector<const controlplane::PodPlacement*>& pods,
                           const std::function<void(int, int)>& progress, std::string* error) {
  const int total = static_cast<int>(pods.size());
  std::vector<bool> ready(pods.size(), false);
  int readyCount = 0;
  QElapsedTimer timer;
  timer.start();
  while (readyCount < total) {
    for (size_t i = 0; i < ready.size(); ++i)
      if (!ready[i] && podReady(*pods[i])) {
        ready[i] = true, ++readyCount;
        if (progress) progress(readyCount, total);
      }
    if (readyCount == total) break;
    if (timer.elapsed() > options_.readyTimeoutMs) {
      for (size_t i = 0; i < ready.size(); ++i)
        if (!ready[i]) {
          *error = pods[i]->name + " did not become ready within " + std::to_string(options_.readyTimeoutMs / 1000) +
                   " s; see " + logFile(pods[i]->name, pods[i]->workload->injected ? "proxy" : "workload");
          break;
        }
      return false;
    }
    QCoreApplication::processEvents();
    QThread::msleep(20);
  }
  return true;
}

bool MeshRunner::start(const model::Mesh& mesh, const std::function<void(int, int)>& progress, std::string* error) {
  stop();
  if (!prepare(mesh, error)) return false;
  for (const auto& pod : placement_.pods)
    if (!startPod(pod, error)) return stop(), false;
  std::vector<const controlplane::PodPlacement*> all;
  for (const auto& pod : placement_.pods) all.push_back(&pod);
  if (!waitReady(all, progress, error)) return stop(), false;
  rotation_.start();
  return true;
}

PushResult MeshRunner::apply(const model::Mesh& mesh, std::string* error) {
  PushResult result;
  mesh_ = mesh;
  // The old registry owns the workloads the old placement points to: it lives until the pods
  // that are going away have been stopped.
  std::unique_ptr<model::ServiceRegistry> oldRegistry = std::move(registry_);
  registry_ = std::make_unique<model::ServiceRegistry>(mesh_);
  controlplane::Placement oldPlacement = std::move(placement_);
  placement_ = controlplane::planPlacement(*registry_, options_.runDir + "/certs", subnet_, &oldPlacement);
  resolveStandIns(placement_);

  std::map<std::string, const controlplane::PodPlacement*> before;
  for (const auto& pod : oldPlacement.pods) before[pod.name] = &pod;
  std::vector<const controlplane::PodPlacement*> starting;
  for (const auto& pod : placement_.pods) {
    const auto old = before.find(pod.name);
    if (old != before.end() && podShape(*old->second) == podShape(pod)) continue;
    if (old != before.end()) killPod(pod.name);  // its sidecar or identity changed: a new pod
    starting.push_back(&pod);
  }
  std::vector<std::string> stopping;
  for (const auto& pod : oldPlacement.pods)
    if (!findPod(pod.name)) stopping.push_back(pod.name);

  if (!issueCertificates(placement_.pods, error)) return result;
  if (!writeConfigs(&result.pods, error)) return result;
  result.version = std::to_string(version_);
  for (const auto* pod : starting) {
    if (!startPod(*pod, error)) return result;
    result.started.push_back(pod->name);
  }
  if (!starting.empty() && !waitReady(starting, {}, error)) return result;
  result.latenciesMs = awaitVersion(result.pods, result.version);
  // Drained: every proxy that routed to them has the config without them; now they may go.
  for (const auto& name : stopping) {
    supervisor_.stop(name + "/proxy");
    supervisor_.stop(name + "/workload");
    written_.erase(name);
    behaviours_.erase(name);
    result.stopped.push_back(name);
  }
  // Behaviours the new design changed, for pods that kept running. Live changes (setBehaviour)
  // stand until the design itself changes that behaviour.
  for (const auto& pod : placement_.pods) {
    if (pod.isGateway || std::find(result.started.begin(), result.started.end(), pod.name) != result.started.end())
      continue;
    const model::Behaviour* behaviour = registry_->behaviourOf(*pod.workload);
    const std::string yaml = behaviour ? workloadBehaviourYaml(*behaviour) : "";
    if (behaviours_[pod.name] == yaml) continue;
    if (httpRequest(pod.address, pod.appPort, "PUT", "/__admin/behaviour", yaml).status == 200) {
      behaviours_[pod.name] = yaml;
      result.behaviourChanged.push_back(pod.name);
    }
  }
  return result;
}

PushResult MeshRunner::scale(const std::string& workload, std::int64_t replicas, std::string* error) {
  model::Mesh mesh = mesh_;
  if (!setReplicas(mesh, workload, replicas)) return *error = "no workload " + workload, PushResult{};
  return apply(mesh, error);
}

std::vector<double> MeshRunner::awaitVersion(const std::vector<std::string>& pods, const std::string& version) const {
  QElapsedTimer clock;
  clock.start();
  std::vector<double> latencies;
  std::vector<const controlplane::PodPlacement*> waiting;
  for (const auto& name : pods)
    if (const auto* pod = findPod(name); pod && supervisor_.isRunning(name + "/proxy")) waiting.push_back(pod);
  const std::string expected = "version: " + version + "\n";
  while (!waiting.empty() && clock.elapsed() < 2000) {
    for (auto it = waiting.begin(); it != waiting.end();) {
      const auto info = httpRequest((*it)->address, controlplane::kAdminPort, "GET", "/server_info");
      if (info.body.find(expected) == std::string::npos) {
        ++it;
        continue;
      }
      latencies.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
      it = waiting.erase(it);
    }
    if (!waiting.empty()) QThread::usleep(500);
  }
  return latencies;
}

void MeshRunner::stop() {
  rotation_.stop();
  supervisor_.stopAll();
  written_.clear();
  behaviours_.clear();
}

const controlplane::PodPlacement* MeshRunner::findPod(const std::string& name) const {
  for (const auto& pod : placement_.pods)
    if (pod.name == name) return &pod;
  return nullptr;
}

std::vector<const controlplane::PodPlacement*> MeshRunner::podsMatching(const std::string& ns,
                                                                        const model::Labels& labels) const {
  std::vector<const controlplane::PodPlacement*> out;
  for (const auto& pod : placement_.pods)
    if (pod.workload->namespace_ == ns && model::labelsInclude(pod.workload->labels, labels)) out.push_back(&pod);
  return out;
}

bool MeshRunner::isRunning(const std::string& pod) const {
  return supervisor_.isRunning(pod + "/proxy") || supervisor_.isRunning(pod + "/workload");
}

bool MeshRunner::killPod(const std::string& pod) {
  if (!findPod(pod)) return false;
  supervisor_.kill(pod + "/proxy");
  supervisor_.kill(pod + "/workload");
  return true;
}

bool MeshRunner::restartPod(const std::string& name, std::string* error) {
  const auto* pod = findPod(name);
  if (!pod) return *error = "no pod " + name, false;
  killPod(name);
  return startPod(*pod, error);
}

int MeshRunner::setBehaviour(const std::string& target, const model::Behaviour& behaviour) {
  int changed = 0;
  const std::string yaml = workloadBehaviourYaml(behaviour);
  for (const auto& pod : placement_.pods)
    if (!pod.isGateway && (pod.workload->name == target || pod.name == target) &&
        httpRequest(pod.address, pod.appPort, "PUT", "/__admin/behaviour", yaml).status == 200)
      ++changed;
  return changed;
}

std::vector<std::pair<std::string, int>> MeshRunner::adminEndpoints() const {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& pod : placement_.pods)
    if ((pod.workload->injected || pod.isGateway) && supervisor_.isRunning(pod.name + "/proxy"))
      out.emplace_back(pod.address, controlplane::kAdminPort);
  return out;
}

std::optional<std::pair<std::string, int>> MeshRunner::ingressEndpoint() const { return ingress_; }

std::optional<Hop> MeshRunner::routeFrom(const std::string& podName, const std::string& host) const {
  const auto* pod = findPod(podName);
  if (!pod) return std::nullopt;
  if (pod->workload->injected && !pod->isGateway) return Hop{pod->address, controlplane::kOutboundPort, host, false};
  // No sidecar: the name resolves to a service (or a stand-in outside the mesh) and the
  // request goes to one of its pods in plaintext.
  const auto colon = host.rfind(':');
  const bool hasPort = colon != std::string::npos && host.find_first_not_of("0123456789", colon + 1) == std::string::npos;
  const std::string name = hasPort ? host.substr(0, colon) : host;
  const std::int64_t port = hasPort ? std::stoll(host.substr(colon + 1)) : 80;
  if (const auto standIn = placement_.externalHosts.find(name); standIn != placement_.externalHosts.end())
    return Hop{standIn->second.address, standIn->second.port, host, true};
  const model::RegistryService* service = registry_->findHost(name, pod->workload->namespace_);
  if (!service || service->external) return std::nullopt;
  if (std::none_of(service->ports.begin(), service->ports.end(), [&](const auto& p) { return p.port == port; }))
    return std::nullopt;
  std::vector<const controlplane::PodPlacement*> endpoints;
  for (const auto& p : placement_.pods)
    if (!p.isGateway && !service->selector.empty() && p.workload->namespace_ == service->namespace_ &&
        model::labelsInclude(p.workload->labels, service->selector) && isRunning(p.name))
      endpoints.push_back(&p);
  if (endpoints.empty()) return std::nullopt;
  const auto* to = endpoints[roundRobin_++ % endpoints.size()];
  // The sidecar's inbound listener takes every port of its pod (iptables sends them there);
  // a workload without one listens on its single port.
  return Hop{to->address, to->workload->injected ? controlplane::kInboundPort : to->appPort, host, true};
}

std::optional<long> MeshRunner::workloadRequests(const std::string& podName) const {
  const auto* pod = findPod(podName);
  if (!pod || pod->isGateway) return std::nullopt;
  const ProbeResult r = httpRequest(pod->address, pod->appPort, "GET", "/__admin/stats", {}, std::chrono::milliseconds(1000));
  const auto at = r.body.find("requests: ");
  if (r.status != 200 || at == std::string::npos) return std::nullopt;
  return std::atol(r.body.c_str() + at + 10);
}

}  // namespace ms::runtime
