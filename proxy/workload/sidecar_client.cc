#include "workload/sidecar_client.h"

namespace mp {
namespace http = boost::beast::http;

struct SidecarClient::Conn {
  explicit Conn(boost::asio::io_context& io) : stream(io) {}
  boost::beast::tcp_stream stream;
  boost::beast::flat_buffer buf;
  Request req;
  Response res;
  bool fresh = true;
};

void SidecarClient::call(Request req, Done done) {
  std::shared_ptr<Conn> c;
  if (!idle_.empty()) {
    c = std::move(idle_.back());
    idle_.pop_back();
  } else {
    c = std::make_shared<Conn>(io_);
  }
  c->req = std::move(req);
  c->req.keep_alive(true);
  c->req.prepare_payload();
  if (!c->fresh) return run(c, std::move(done));
  c->stream.expires_after(std::chrono::seconds(5));
  c->stream.async_connect(sidecar_, [this, c, done = std::move(done)](boost::beast::error_code ec) mutable {
    if (ec) return done(0, Response{});
    c->fresh = false;
    run(c, std::move(done));
  });
}

void SidecarClient::run(std::shared_ptr<Conn> c, Done done) {
  c->stream.expires_after(std::chrono::seconds(60));
  http::async_write(c->stream, c->req, [this, c, done = std::move(done)](boost::beast::error_code ec, size_t) mutable {
    if (ec) return done(0, Response{});
    c->res = {};
    http::async_read(c->stream, c->buf, c->res, [this, c, done = std::move(done)](boost::beast::error_code ec, size_t) {
      if (ec) return done(0, Response{});
      Response res = std::move(c->res);
      if (res.keep_alive() && idle_.size() < 64) idle_.push_back(c);
      done(res.result_int(), std::move(res));
    });
  });
}

}  // namespace mp
