#include "runtime/mesh_runner.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

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

}  // namespace

RuntimeOptions defaultRuntimeOptions(const std::string& runDir) {
  return {runDir, findBinary("meshproxy"), findBinary("meshworkload")};
}

MeshRunner::MeshRunner(RuntimeOptions options, QObject* parent) : QObject(parent), options_(std::move(options)) {
  connect(&supervisor_, &Supervisor::exited, this, [this](const QString& name, int code, bool) {
    const auto slash = name.lastIndexOf('/');
    emit podExited(name.left(slash), name.mid(slash + 1), code);
  });
}

MeshRunner::~MeshRunner() { stop(); }

bool MeshRunner::prepare(const model::Mesh& mesh, std::string* error) {
  if (options_.proxyBinary.empty() || options_.workloadBinary.empty()) {
    *error = "meshproxy or meshworkload not found; build them, or set MESHSTUDIO_BIN_DIR";
    return false;
  }
  for (const char* sub : {"configs", "certs", "logs", "behaviours"})
    QDir().mkpath(QString::fromStdString(options_.runDir + "/" + sub));
  mesh_ = mesh;
  registry_ = std::make_unique<model::ServiceRegistry>(mesh_);
  const int subnet = options_.subnet ? options_.subnet : chooseFreeSubnet();
  placement_ = controlplane::planPlacement(*registry_, options_.runDir + "/certs", subnet);
  auto authority = ca::CertificateAuthority::create(options_.runDir + "/ca");
  if (!authority) {
    *error = "local CA: " + authority.error();
    return false;
  }
  ca_.emplace(std::move(*authority));
  for (const auto& pod : placement_.pods) {
    auto paths = ca_->writeWorkload(options_.runDir + "/certs", pod.workload->namespace_, pod.workload->serviceAccount);
    if (!paths) {
      *error = "certificate for " + pod.name + ": " + paths.error();
      return false;
    }
  }
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
    const std::string behaviourFile = options_.runDir + "/behaviours/" + pod.name + ".yaml";
    const auto written = ca::writeFileAtomically(behaviourFile, behaviour ? workloadBehaviourYaml(*behaviour) : "", 0644);
    if (!written) return *error = written.error(), false;
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

bool MeshRunner::start(const model::Mesh& mesh, const std::function<void(int, int)>& progress, std::string* error) {
  stop();
  if (!prepare(mesh, error)) return false;
  for (const auto& pod : placement_.pods)
    if (!startPod(pod, error)) return stop(), false;
  const int total = static_cast<int>(placement_.pods.size());
  std::vector<bool> ready(placement_.pods.size(), false);
  int readyCount = 0;
  QElapsedTimer timer;
  timer.start();
  while (readyCount < total) {
    for (size_t i = 0; i < ready.size(); ++i)
      if (!ready[i] && podReady(placement_.pods[i])) ready[i] = true, ++readyCount, progress(readyCount, total);
    if (readyCount == total) break;
    if (timer.elapsed() > options_.readyTimeoutMs) {
      for (size_t i = 0; i < ready.size(); ++i)
        if (!ready[i]) {
          *error = placement_.pods[i].name + " did not become ready within " +
                   std::to_string(options_.readyTimeoutMs / 1000) + " s; see " + logFile(placement_.pods[i].name, "proxy");
          break;
        }
      stop();
      return false;
    }
    QCoreApplication::processEvents();
    QThread::msleep(20);
  }
  return true;
}

PushResult MeshRunner::apply(const model::Mesh& mesh, std::string* error) {
  PushResult result;
  mesh_ = mesh;
  // Pods keep their addresses; their workloads are re-pointed to the new registry's entries
  // while the old registry (which owns the names compared here) still exists.
  auto registry = std::make_unique<model::ServiceRegistry>(mesh_);
  std::vector<const model::RegistryWorkload*> repointed;
  for (const auto& pod : placement_.pods) {
    const auto& ws = registry->workloads();
    auto it = std::find_if(ws.begin(), ws.end(), [&](const auto& w) {
      return w.name == pod.workload->name && w.namespace_ == pod.workload->namespace_;
    });
    if (it == ws.end()) {  // the old registry stays in force: no pod may point at a freed workload
      *error = "workload " + pod.workload->name + " was removed; restart the run to remove its pods";
      return result;
    }
    repointed.push_back(&*it);
  }
  for (size_t i = 0; i < placement_.pods.size(); ++i) placement_.pods[i].workload = repointed[i];
  registry_ = std::move(registry);
  if (!writeConfigs(&result.pods, error)) return result;
  result.version = std::to_string(version_);
  result.latenciesMs = awaitVersion(result.pods, result.version);
  return result;
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
  supervisor_.stopAll();
  written_.clear();
}

const controlplane::PodPlacement* MeshRunner::findPod(const std::string& name) const {
  for (const auto& pod : placement_.pods)
    if (pod.name == name) return &pod;
  return nullptr;
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

int MeshRunner::setBehaviour(const std::string& workload, const model::Behaviour& behaviour) {
  int changed = 0;
  const std::string yaml = workloadBehaviourYaml(behaviour);
  for (const auto& pod : placement_.pods)
    if (!pod.isGateway && pod.workload->name == workload &&
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

}  // namespace ms::runtime
