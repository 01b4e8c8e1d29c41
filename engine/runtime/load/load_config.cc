#include "runtime/load/load_config.h"

#include <boost/beast/http.hpp>
#include <sstream>

namespace ms::runtime {

namespace http = boost::beast::http;

std::vector<LoadStage> rampStages(std::chrono::milliseconds at, std::chrono::milliseconds duration,
                                  double from, double to, int steps, LoadModel model) {
  std::vector<LoadStage> stages;
  steps = std::max(steps, 1);
  for (int i = 0; i <= steps; ++i) {
    const double value = from + (to - from) * i / steps;
    LoadStage stage;
    stage.at = at + duration * i / steps;
    if (model == LoadModel::Open) {
      stage.rate = value;
    } else {
      stage.concurrency = static_cast<int>(value + 0.5);
    }
    stages.push_back(stage);
  }
  return stages;
}

std::string serializeRequest(const LoadTarget& target) {
  http::request<http::string_body> request;
  request.method_string(target.method);
  request.target(target.path);
  request.version(11);
  request.set(http::field::host, target.host.empty()
                                     ? target.address + ":" + std::to_string(target.port)
                                     : target.host);
  for (const auto& [name, value] : target.headers) request.set(name, value);
  request.body() = target.body;
  if (!target.body.empty() || target.method == "POST" || target.method == "PUT") {
    request.prepare_payload();
  }
  std::ostringstream out;
  out << request;
  return out.str();
}

}  // namespace ms::runtime
