#include "test_http_server.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace ms::runtime::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

class TestHttpServer::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(TestHttpServer& server, tcp::socket socket)
      : server_(server), socket_(std::move(socket)), timer_(socket_.get_executor()) {
    ++server_.openConnections_;
    ++server_.acceptedConnections_;
  }
  ~Session() { --server_.openConnections_; }

  void read() {
    request_ = {};
    http::async_read(socket_, buffer_, request_,
                     [self = shared_from_this()](const error_code& ec, std::size_t) {
                       if (!ec) self->onRequest();
                     });
  }

  void close() {
    error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
  }

 private:
  void onRequest() {
    const int now = ++server_.inFlight_;
    int seen = server_.maxConcurrent_;
    while (now > seen && !server_.maxConcurrent_.compare_exchange_weak(seen, now)) {
    }
    const TestReply reply = server_.handler_(server_.requests_++);
    response_ = {};
    response_.result(static_cast<unsigned>(reply.status));
    response_.version(11);
    for (const auto& [name, value] : reply.headers) response_.set(name, value);
    response_.body() = reply.body;
    response_.keep_alive(request_.keep_alive());
    response_.prepare_payload();
    closeAfter_ = reply.closeAfter;
    timer_.expires_after(reply.delay);
    timer_.async_wait([self = shared_from_this()](const error_code& ec) {
      if (ec) {
        --self->server_.inFlight_;
        return;
      }
      self->write();
    });
  }

  void write() {
    http::async_write(socket_, response_,
                      [self = shared_from_this()](const error_code& ec, std::size_t) {
                        --self->server_.inFlight_;
                        if (ec || !self->response_.keep_alive() || self->closeAfter_) {
                          return self->close();
                        }
                        self->read();
                      });
  }

  TestHttpServer& server_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  boost::beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  bool closeAfter_ = false;
};

TestHttpServer::TestHttpServer(Handler handler) : handler_(std::move(handler)) {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(1024);
  port_ = acceptor_.local_endpoint().port();
  accept();
  thread_ = std::thread([this] { io_.run(); });
}

TestHttpServer::~TestHttpServer() {
  asio::post(io_, [this] {
    error_code ignored;
    acceptor_.close(ignored);
    std::lock_guard lock(sessionsMutex_);
    for (const auto& weak : sessions_) {
      if (auto session = weak.lock()) session->close();
    }
  });
  thread_.join();
}

void TestHttpServer::accept() {
  acceptor_.async_accept([this](const error_code& ec, tcp::socket socket) {
    if (ec) return;  // closed
    auto session = std::make_shared<Session>(*this, std::move(socket));
    {
      std::lock_guard lock(sessionsMutex_);
      std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
      sessions_.push_back(session);
    }
    session->read();
    accept();
  });
}

}  // namespace ms::runtime::test
