#include "metrics/scraper.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ms::metrics {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

TimeMs nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string describe(const char* step, const boost::system::error_code& ec) {
  if (ec == beast::error::timeout) return std::string(step) + ": timed out";
  return std::string(step) + ": " + ec.message();
}

// Numeric addresses skip the resolver, whose async form would start a thread per round.
asio::awaitable<tcp::resolver::results_type> endpointsOf(const ScrapeTarget& t,
                                                         boost::system::error_code& ec) {
  auto address = asio::ip::make_address(t.host, ec);
  if (!ec)
    co_return tcp::resolver::results_type::create(tcp::endpoint(address, t.port), t.host,
                                                  std::to_string(t.port));
  ec.clear();
  tcp::resolver resolver(co_await asio::this_coro::executor);
  co_return co_await resolver.async_resolve(t.host, std::to_string(t.port),
                                            asio::redirect_error(asio::use_awaitable, ec));
}

// Errors are returned through redirect_error, never thrown: a failed target is a value.
asio::awaitable<void> fetch(const Scraper::Options& o, TargetScrape& out) {
  boost::system::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(o.timeout);  // one deadline for the whole exchange
  auto endpoints = co_await endpointsOf(out.target, ec);
  if (ec) co_return void(out.error = describe("resolve", ec));
  co_await stream.async_connect(endpoints, token);
  if (ec) co_return void(out.error = describe("connect", ec));

  http::request<http::empty_body> req{http::verb::get, out.target.path, 11};
  req.set(http::field::host, out.target.instance());
  req.set(http::field::user_agent, "meshstudio-scraper");
  req.set(http::field::accept, "text/plain;version=0.0.4");
  co_await http::async_write(stream, req, token);
  if (ec) co_return void(out.error = describe("send", ec));

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(o.maxBodyBytes);
  co_await http::async_read(stream, buffer, parser, token);
  if (ec) co_return void(out.error = describe("read", ec));
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);

  const auto& res = parser.get();
  if (res.result() != http::status::ok)
    co_return void(out.error = "HTTP " + std::to_string(res.result_int()));
  out.parsed = parsePrometheusText(res.body(), o.limits);
  out.ok = true;
}

}  // namespace

void ingestRound(MetricsStore& store, const ScrapeRound& round) {
  for (const auto& t : round.targets) {
    if (t.ok)
      store.ingest(t.target.instance(), round.time, t.parsed);
    else
      store.ingestDown(t.target.instance(), round.time);
  }
}

Scraper::Scraper(Options options, Sink sink)
    : options_(std::move(options)), sink_(std::move(sink)) {}

Scraper::~Scraper() { stop(); }

void Scraper::setTargets(std::vector<ScrapeTarget> targets) {
  std::lock_guard lock(mutex_);
  targets_ = std::move(targets);
}

void Scraper::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void Scraper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

ScrapeRound Scraper::scrapeOnce() const {
  ScrapeRound round;
  {
    std::lock_guard lock(mutex_);
    for (const auto& t : targets_) round.targets.push_back(TargetScrape{t, false, {}, {}, 0});
  }
  round.time = nowMs();
  asio::io_context io;
  const auto started = std::chrono::steady_clock::now();
  for (auto& t : round.targets) {
    asio::co_spawn(io, fetch(options_, t), [&t, started](std::exception_ptr e) {
      t.durationMs =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        t.ok = false;
        t.error = std::string("scrape failed: ") + ex.what();
      }
    });
  }
  io.run();  // returns when every target answered, failed or timed out
  return round;
}

void Scraper::run() {
  auto next = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    ScrapeRound round = scrapeOnce();
    try {
      if (sink_) sink_(round);
    } catch (...) {
      // The sink's failure must not end scraping; the next round tries again.
    }
    // A slow round skips the ticks it missed instead of scraping back to back.
    next += options_.interval;
    auto now = std::chrono::steady_clock::now();
    if (next < now) next = now;
    std::unique_lock lock(mutex_);
    wake_.wait_until(lock, next, [this] { return stopping_; });
  }
}

}  // namespace ms::metrics
