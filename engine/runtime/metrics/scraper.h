#pragma once

// Scrapes /stats/prometheus from every proxy's admin listener on a fixed interval. All targets
// of a round are fetched concurrently on one Asio thread, each with its own deadline, so a dead
// or hung proxy costs at most one timeout and never delays the others.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "metrics/metrics_store.h"
#include "metrics/prometheus_parser.h"

namespace ms::metrics {

struct ScrapeTarget {
  std::string host;  // an IP address (the pods' 127.x.y.z) or a host name
  std::uint16_t port = 15000;
  std::string path = "/stats/prometheus";
  std::string instance() const { return host + ":" + std::to_string(port); }
};

struct TargetScrape {
  ScrapeTarget target;
  bool ok = false;
  std::string error;      // why the target could not be scraped, when !ok
  ParseResult parsed;     // may hold parse errors even when ok: good lines are still used
  double durationMs = 0;  // from the start of the round to this target's answer or failure
};

struct ScrapeRound {
  TimeMs time = 0;  // when the round started, ms since the Unix epoch; stamps every sample
  std::vector<TargetScrape> targets;
};

// Puts a round into the store: samples of answering targets, up=0 for the others.
void ingestRound(MetricsStore& store, const ScrapeRound& round);

class Scraper {
 public:
  struct Options {
    std::chrono::milliseconds interval{500};
    std::chrono::milliseconds timeout{300};  // per target: connect, request and response
    std::size_t maxBodyBytes = 16 * 1024 * 1024;
    ParserLimits limits;
  };
  // Called on the scraper thread after every round.
  using Sink = std::function<void(const ScrapeRound&)>;

  Scraper(Options options, Sink sink);
  ~Scraper();  // stops
  Scraper(const Scraper&) = delete;
  Scraper& operator=(const Scraper&) = delete;

  // Takes effect from the next round; safe from any thread.
  void setTargets(std::vector<ScrapeTarget> targets);
  void start();
  // Returns after the round in progress, if any, finished: at most one timeout.
  void stop();

  // One round on the calling thread, independent of start()/stop().
  ScrapeRound scrapeOnce() const;

 private:
  void run();

  Options options_;
  Sink sink_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<ScrapeTarget> targets_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ms::metrics
