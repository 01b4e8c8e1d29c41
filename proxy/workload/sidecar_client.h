#pragma once
// HTTP/1.1 client meshworkload uses for its downstream calls: plain HTTP to
// its own sidecar's outbound listener. One send() is one attempt bounded by
// the caller's own timeout; on expiry the attempt is abandoned and its
// connection closed, as an application's HTTP client does. Keep-alive
// connections are reused, and an idle one notices the sidecar closing it.
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "http/message.h"

namespace mp {

class SidecarClient {
 public:
  using Request = mp::Request;
  struct Result {
    enum class Kind { Response, Timeout, Failed };  // Failed: no response (connect, reset, bad reply)
    Kind kind = Kind::Failed;
    unsigned status = 0;  // the response's status when kind is Response
  };
  using Done = std::function<void(Result)>;
  static constexpr size_t kMaxIdle = 64;

  SidecarClient(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint sidecar);
  ~SidecarClient();
  // done is called exactly once, never from inside send().
  void send(Request req, std::chrono::microseconds timeout, Done done);
  size_t idleConnections() const { return idle_.size(); }

 private:
  struct Conn;
  struct Attempt;
  std::shared_ptr<Conn> takeIdle();
  void keepIdle(std::shared_ptr<Conn> c);
  void dropIdle(const std::shared_ptr<Conn>& c);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::endpoint sidecar_;
  std::vector<std::shared_ptr<Conn>> idle_;
  std::shared_ptr<int> life_ = std::make_shared<int>(0);  // handlers check it outlived nothing
};

}  // namespace mp
