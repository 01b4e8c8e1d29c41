#pragma once
// HTTP/1.1 client used by meshworkload for its downstream calls: plain HTTP
// to the sidecar's outbound listener, keep-alive connections reused.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <memory>
#include <vector>

namespace mp {

class SidecarClient {
 public:
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  // status 0 means the call failed before a response.
  using Done = std::function<void(unsigned status, Response&&)>;

  SidecarClient(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint sidecar)
      : io_(io), sidecar_(sidecar) {}
  void call(Request req, Done done);

 private:
  struct Conn;
  void run(std::shared_ptr<Conn> c, Done done);
  boost::asio::io_context& io_;
  boost::asio::ip::tcp::endpoint sidecar_;
  std::vector<std::shared_ptr<Conn>> idle_;
};

}  // namespace mp
