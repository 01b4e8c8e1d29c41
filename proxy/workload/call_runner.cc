#include "workload/call_runner.h"

#include <memory>

#include "workload/header_propagation.h"

namespace mp {
namespace http = boost::beast::http;

bool attemptFailed(const SidecarClient::Result& r) {
  return r.kind != SidecarClient::Result::Kind::Response || r.status >= 500;
}

bool CallOutcome::failed() const { return attempts.empty() || attemptFailed(attempts.back()); }

bool CallOutcome::timedOut() const {
  return !attempts.empty() && attempts.back().kind == SidecarClient::Result::Kind::Timeout;
}

std::string CallOutcome::describe() const {
  std::string s;
  for (const auto& a : attempts) {
    if (!s.empty()) s += ',';
    switch (a.kind) {
      case SidecarClient::Result::Kind::Response: s += std::to_string(a.status); break;
      case SidecarClient::Result::Kind::Timeout: s += "timeout"; break;
      case SidecarClient::Result::Kind::Failed: s += "error"; break;
    }
  }
  return s;
}

namespace {

SidecarClient::Request buildRequest(const DownstreamCall& call, const Fields& incoming,
                                    const std::vector<std::string>& propagate) {
  SidecarClient::Request r;
  r.version(11);
  const http::verb v = http::string_to_verb(call.method);
  if (v == http::verb::unknown) r.method_string(call.method);  // extension methods travel as written
  else r.method(v);
  r.target(call.path);
  r.set(http::field::host, call.service);
  propagateHeaders(incoming, propagate, r.base());
  return r;
}

struct CallState : std::enable_shared_from_this<CallState> {
  CallState(SidecarClient& c, std::chrono::microseconds t, uint32_t attempts, SidecarClient::Request r,
            std::function<void(CallOutcome)> d)
      : client(c), timeout(t), maxAttempts(attempts), req(std::move(r)), done(std::move(d)) {}

  void attempt() {
    client.send(req, timeout, [self = shared_from_this()](SidecarClient::Result r) {
      self->outcome.attempts.push_back(r);
      if (attemptFailed(r) && self->outcome.attempts.size() < self->maxAttempts) return self->attempt();
      self->done(std::move(self->outcome));
    });
  }

  SidecarClient& client;
  std::chrono::microseconds timeout;
  uint32_t maxAttempts;
  SidecarClient::Request req;  // copied per attempt
  std::function<void(CallOutcome)> done;
  CallOutcome outcome;
};

}  // namespace

void runCall(SidecarClient& client, const DownstreamCall& call, const Fields& incoming,
             const std::vector<std::string>& propagate, std::function<void(CallOutcome)> done) {
  auto s = std::make_shared<CallState>(client, call.attemptTimeout(), 1 + call.retries,
                                       buildRequest(call, incoming, propagate), std::move(done));
  s->attempt();
}

}  // namespace mp
