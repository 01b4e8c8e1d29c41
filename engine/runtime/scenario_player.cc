#include "runtime/scenario_player.h"

#include <algorithm>

#include "model/duration.h"
#include "istio/read_context.h"
#include "istio/struct_reader.h"
#include "istio/struct_writer.h"

namespace ms::runtime {

namespace {

// A setFault step carries its fault as free-form YAML; read it as Istio's HTTPFaultInjection.
std::optional<model::HttpFaultInjection> faultFrom(const model::Value& value, std::string* error) {
  YAML::Emitter e;
  istio::ModelWriter(e).write(value);
  model::Resource scratch;
  model::Diagnostics diagnostics;
  istio::ReadContext ctx("scenario", 0, 1, scratch, diagnostics);
  model::HttpFaultInjection fault;
  istio::read(YAML::Load(e.c_str()), fault, ctx, "fault");
  if (!diagnostics.empty()) return *error = diagnostics.front().message, std::nullopt;
  return fault;
}

std::string formatWeights(const std::map<std::string, std::int64_t>& weights) {
  std::string out;
  for (const auto& [subset, weight] : weights) out += (out.empty() ? "" : " / ") + subset + " " + std::to_string(weight);
  return out;
}

}  // namespace

std::optional<double> stepSeconds(const model::ScenarioStep& step) {
  return step.at ? model::parseDurationSeconds(*step.at) : std::nullopt;
}

ScenarioPlayer::ScenarioPlayer(MeshRunner& runner, model::Mesh mesh, model::Scenario scenario,
                               std::vector<double>* pushLatencies, LoadChange onLoadChange)
    : runner_(runner), mesh_(std::move(mesh)), scenario_(std::move(scenario)), pushLatencies_(pushLatencies),
      onLoadChange_(std::move(onLoadChange)) {
  std::stable_sort(scenario_.steps.begin(), scenario_.steps.end(), [](const auto& a, const auto& b) {
    return stepSeconds(a).value_or(0) < stepSeconds(b).value_or(0);
  });
}

RunEvents ScenarioPlayer::advance(double elapsed) {
  RunEvents events;
  while (next_ < scenario_.steps.size() && stepSeconds(scenario_.steps[next_]).value_or(0) <= elapsed) {
    const auto& step = scenario_.steps[next_++];
    events.push_back(run(step, elapsed));
  }
  return events;
}

model::Resource* ScenarioPlayer::findResource(model::Kind kind, const std::string& target) {
  const auto slash = target.find('/');
  const std::string ns = slash == std::string::npos ? "default" : target.substr(0, slash);
  const std::string name = slash == std::string::npos ? target : target.substr(slash + 1);
  for (auto& r : mesh_.resources)
    if (r.kind == kind && r.meta.namespace_ == ns && r.meta.name == name) return &r;
  return nullptr;
}

RunEvent ScenarioPlayer::push(double at, const std::string& what) {
  std::string error;
  const PushResult result = runner_.apply(mesh_, &error);
  if (!error.empty()) return {at, "error", what + ": " + error};
  if (pushLatencies_) pushLatencies_->insert(pushLatencies_->end(), result.latenciesMs.begin(), result.latenciesMs.end());
  const double slowest = result.latenciesMs.empty() ? 0 : *std::max_element(result.latenciesMs.begin(), result.latenciesMs.end());
  auto list = [](const char* label, const std::vector<std::string>& pods) {
    std::string out;
    for (const auto& p : pods) out += (out.empty() ? std::string("; ") + label + " " : ", ") + p;
    return out;
  };
  return {at, "config-applied",
          what + ": pushed version " + result.version + " to " + std::to_string(result.pods.size()) +
              " proxies, all serving it after " + std::to_string(static_cast<int>(slowest + 0.5)) + " ms" +
              list("started", result.started) + list("stopped", result.stopped)};
}

RunEvent ScenarioPlayer::run(const model::ScenarioStep& step, double at) {
  const std::string action = step.action.value_or("");
  const std::string target = step.target.value_or("");
  if (action == "setWeights" || action == "setFault" || action == "clearFault") {
    model::Resource* r = findResource(model::Kind::VirtualService, target);
    auto* vs = r ? r->as<model::VirtualService>() : nullptr;
    if (!vs || vs->http.empty()) return {at, "error", action + ": no VirtualService " + target + " with http routes"};
    if (action == "setWeights") {
      for (auto& d : vs->http.back().route)
        if (d.destination && d.destination->subset && step.weights.count(*d.destination->subset))
          d.weight = step.weights.at(*d.destination->subset);
      return push(at, "weights of " + target + " set to " + formatWeights(step.weights));
    }
    if (action == "clearFault") {
      for (auto& route : vs->http) route.fault.reset();
      return push(at, "faults of " + target + " cleared");
    }
    std::string error;
    const auto fault = faultFrom(step.fault, &error);
    if (!fault) return {at, "error", "setFault: " + error};
    for (auto& route : vs->http) route.fault = fault;
    return push(at, "fault set on " + target);
  }
  if (action == "setPeerAuthentication") {
    model::Resource* r = findResource(model::Kind::PeerAuthentication, target);
    auto* pa = r ? r->as<model::PeerAuthentication>() : nullptr;
    if (!pa) return {at, "error", "setPeerAuthentication: no PeerAuthentication " + target};
    pa->mtls = model::MutualTls{step.mode};
    return push(at, "PeerAuthentication " + target + " set to " + step.mode.value_or("UNSET"));
  }
  if (action == "killPod" || action == "restartPod") {
    std::string pod = target;
    for (const auto& p : runner_.placement().pods)
      if (p.workload->name == target) {
        pod = p.name;  // a workload name means its first pod
        break;
      }
    if (action == "killPod")
      return runner_.killPod(pod) ? RunEvent{at, "pod-killed", pod} : RunEvent{at, "error", "no pod " + pod};
    std::string error;
    return runner_.restartPod(pod, &error) ? RunEvent{at, "pod-restarted", pod} : RunEvent{at, "error", error};
  }
  if (action == "scale") {
    if (!step.replicas || *step.replicas < 0) return {at, "error", "scale: give replicas (0 or more)"};
    if (!setReplicas(mesh_, target, *step.replicas)) return {at, "error", "scale: no workload " + target};
    return push(at, target + " scaled to " + std::to_string(*step.replicas) + " replicas");
  }
  if (action == "setBehaviour" && step.behaviour) {
    const int pods = runner_.setBehaviour(target, *step.behaviour);
    return {at, "behaviour-changed", target + " (" + std::to_string(pods) + " pods)"};
  }
  if (action == "setLoad" && step.load) {
    if (onLoadChange_) onLoadChange_(*step.load);
    return {at, "load-changed", "load profile changed"};
  }
  return {at, "error", "step '" + action + "' is not supported here"};
}

}  // namespace ms::runtime
