#pragma once

// The load generator's scheduling, run entirely on its io_context thread: the open model's
// clock of intended send times and backlog of waiting requests, the closed model's
// clients, stages, the end of the run, and the pool of connections. Not thread-safe by
// design: LoadGenerator posts every call onto the io thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "runtime/load/http_client_connection.h"
#include "runtime/load/load_config.h"
#include "runtime/load/load_stats.h"

namespace ms::runtime {

class LoadDriver {
 public:
  using Clock = std::chrono::steady_clock;
  using ConnectionPtr = std::shared_ptr<HttpClientConnection>;

  // onFinished runs once on the io thread when options.duration has passed and every
  // request issued before then has its outcome.
  LoadDriver(boost::asio::io_context& io,
             std::shared_ptr<const HttpClientConnection::Settings> settings, LoadOptions options,
             LoadStats& stats, std::function<void()> onFinished);

  void start();
  void setRate(double rate);
  void setConcurrency(int concurrency);
  // Closes every connection and cancels every timer; pending handlers then drain quickly.
  void stop();

 private:
  bool issuing() const { return !stopped_ && !ended_; }
  // Open model.
  Clock::time_point nextIntended() const;
  bool dueBeforeEnd(Clock::time_point due) const;
  void scheduleTick();
  void onTick(std::uint64_t generation);
  void issue(Clock::time_point intended);
  void dispatch();
  ConnectionPtr takeConnection();
  // Closed model.
  void addClients();
  void sendClosed(const ConnectionPtr& connection);
  void backOff(const ConnectionPtr& connection);
  // Both.
  void onComplete(const ConnectionPtr& connection, RequestResult&& result);
  void retire(const ConnectionPtr& connection);
  void scheduleStage();
  void onEnd();
  void checkFinished();

  boost::asio::io_context& io_;
  std::shared_ptr<const HttpClientConnection::Settings> settings_;
  LoadOptions options_;
  LoadStats& stats_;
  std::function<void()> onFinished_;

  boost::asio::steady_timer tick_;
  boost::asio::steady_timer stageTimer_;
  boost::asio::steady_timer endTimer_;
  std::uint64_t tickGeneration_ = 0;  // tells a stale tick from the current schedule
  std::size_t nextStage_ = 0;

  double rate_ = 0;
  int concurrency_ = 0;
  Clock::time_point startedAt_{};
  Clock::time_point origin_{};  // the open model's clock: request i is due at origin + i/rate
  std::uint64_t index_ = 0;

  std::deque<Clock::time_point> pending_;  // intended send times waiting for a connection
  std::vector<ConnectionPtr> connections_;
  std::vector<ConnectionPtr> idle_;  // open model: connected or not, ready for a request
  bool stopped_ = false;
  bool ended_ = false;
  bool finished_ = false;
};

}  // namespace ms::runtime
