#pragma once

// A small HTTP/1.1 server for the load generator's tests: Boost.Beast on 127.0.0.1 and an
// ephemeral port, its own thread, keep-alive, a reply chosen per request by the test
// (status, headers, delay), and counters of what it saw. Stops and joins in its destructor.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ms::runtime::test {

struct TestReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};
  bool closeAfter = false;  // close the connection after the response, announcing keep-alive

  // Chainable setters: designated initializers warn under -Wextra for omitted members.
  TestReply& withStatus(int s) {
    status = s;
    return *this;
  }
  TestReply& withHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  TestReply& withBody(std::string b) {
    body = std::move(b);
    return *this;
  }
  TestReply& closingAfter() {
    closeAfter = true;
    return *this;
  }
  TestReply& withDelay(std::chrono::milliseconds d) {
    delay = d;
    return *this;
  }
};

class TestHttpServer {
 public:
  // Called on the server thread with the 0-based index of each request, in arrival order.
  using Handler = std::function<TestReply(std::uint64_t index)>;

  explicit TestHttpServer(Handler handler);
  ~TestHttpServer();

  std::uint16_t port() const { return port_; }
  std::uint64_t requests() const { return requests_; }
  int maxConcurrent() const { return maxConcurrent_; }
  int openConnections() const { return openConnections_; }
  int acceptedConnections() const { return acceptedConnections_; }

 private:
  class Session;
  void accept();

  Handler handler_;
  boost::asio::io_context io_{1};
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  std::uint16_t port_ = 0;
  std::mutex sessionsMutex_;
  std::vector<std::weak_ptr<Session>> sessions_;
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<int> inFlight_{0};
  std::atomic<int> maxConcurrent_{0};
  std::atomic<int> openConnections_{0};
  std::atomic<int> acceptedConnections_{0};
  std::thread thread_;
};

}  // namespace ms::runtime::test
