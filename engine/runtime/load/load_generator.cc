#include "runtime/load/load_generator.h"

#include <pthread.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>

#include "runtime/load/load_driver.h"

namespace ms::runtime {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

double threadCpuSeconds(clockid_t clock) {
  timespec ts{};
  if (clock_gettime(clock, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

struct LoadGenerator::Impl {
  LoadTarget target;
  LoadOptions options;
  LoadStats stats;
  // Declared before the driver so that it outlives it: handlers still queued at
  // destruction may hold connections, never the driver.
  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::unique_ptr<LoadDriver> driver;
  std::thread thread;
  std::atomic<bool> started{false};

  mutable std::mutex finishedMutex;
  std::condition_variable finishedChanged;
  bool finished = false;
  std::atomic<double> finalCpuSeconds{0};

  void run() {
    try {
      io.run();
    } catch (...) {
      // Handlers use error_code overloads and do not throw; this only guards against
      // bad_alloc ending the process. The run is over either way.
    }
    finalCpuSeconds = threadCpuSeconds(CLOCK_THREAD_CPUTIME_ID);
  }

  void markFinished() {
    {
      std::lock_guard lock(finishedMutex);
      finished = true;
    }
    finishedChanged.notify_all();
  }
};

LoadGenerator::LoadGenerator(LoadTarget target, LoadOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->target = std::move(target);
  impl_->options = std::move(options);
}

LoadGenerator::~LoadGenerator() { stop(); }

bool LoadGenerator::start(std::string* error) {
  auto& d = *impl_;
  if (d.started) {
    if (error) *error = "a load generator runs once";
    return false;
  }
  // Pods live on loopback IPs; no DNS lookup, which could block the caller.
  boost::system::error_code ec;
  const auto address =
      asio::ip::make_address(d.target.address == "localhost" ? "127.0.0.1" : d.target.address, ec);
  if (ec) {
    if (error) *error = "not an IP address: " + d.target.address;
    return false;
  }
  auto settings = std::make_shared<HttpClientConnection::Settings>();
  settings->endpoint = tcp::endpoint(address, d.target.port);
  settings->request = serializeRequest(d.target);
  settings->headRequest = d.target.method == "HEAD";
  settings->maxHeaderBytes = d.options.maxHeaderBytes;
  settings->maxBodyBytes = d.options.maxBodyBytes;

  d.driver = std::make_unique<LoadDriver>(d.io, std::move(settings), d.options, d.stats,
                                          [&d] { d.markFinished(); });
  d.stats.restart();
  d.work.emplace(d.io.get_executor());
  asio::post(d.io, [&d] { d.driver->start(); });
  d.started = true;
  d.thread = std::thread([&d] { d.run(); });
  return true;
}

void LoadGenerator::stop() {
  auto& d = *impl_;
  if (!d.thread.joinable()) return;
  asio::post(d.io, [&d] { d.driver->stop(); });
  d.work.reset();  // run() returns once the aborted operations have drained
  d.thread.join();
}

void LoadGenerator::setRate(double requestsPerSecond) {
  if (!impl_->started) {
    impl_->options.rate = requestsPerSecond;
    return;
  }
  asio::post(impl_->io, [this, requestsPerSecond] { impl_->driver->setRate(requestsPerSecond); });
}

void LoadGenerator::setConcurrency(int clients) {
  if (!impl_->started) {
    impl_->options.concurrency = clients;
    return;
  }
  asio::post(impl_->io, [this, clients] { impl_->driver->setConcurrency(clients); });
}

LoadCounts LoadGenerator::total() const { return impl_->stats.total(); }

LoadCounts LoadGenerator::takeInterval() { return impl_->stats.takeInterval(); }

bool LoadGenerator::waitFinished(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->finishedMutex);
  return impl_->finishedChanged.wait_for(lock, timeout, [this] { return impl_->finished; });
}

bool LoadGenerator::finished() const {
  std::lock_guard lock(impl_->finishedMutex);
  return impl_->finished;
}

double LoadGenerator::cpuSeconds() const {
  auto& d = *impl_;
  if (!d.thread.joinable()) return d.finalCpuSeconds;
  clockid_t clock{};
  if (pthread_getcpuclockid(d.thread.native_handle(), &clock) != 0) return 0;
  return threadCpuSeconds(clock);
}

}  // namespace ms::runtime
