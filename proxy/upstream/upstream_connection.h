#pragma once
// One HTTP/1.1 connection to one upstream host, plain or TLS. It carries one
// request at a time; the pool decides when it is reused or closed. While
// pooled ("parked") it keeps a read pending, so the peer closing it (or
// sending bytes nobody asked for) is seen when it happens. That same read
// becomes the first read of the next response: taking the connection from
// the pool costs no probe, and the response costs no extra read attempt.
// The hang-up watch reports a close the read cannot see (ready_read.h).
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <memory>

#include "common/deadline.h"
#include "config/config.h"
#include "http/any_stream.h"
#include "http/hangup_watch.h"
#include "http/message.h"
#include "tls/tls_contexts.h"

namespace mp {

namespace http = beast::http;

enum class UpstreamError { None, ConnectFailure, Reset, Timeout, Overflow, NoHealthyHost };

struct UpstreamTlsPlan {
  SslContextPtr ctx;               // null: plaintext
  std::string sni;
  std::vector<std::string> allowedSans;  // empty: any verified peer
  bool unavailable = false;        // TLS required but no context loaded: every connect fails
};

class UpstreamConnection : public std::enable_shared_from_this<UpstreamConnection>, public HangupListener {
 public:
  UpstreamConnection(asio::io_context& io, size_t host, tcp::endpoint ep, UpstreamTlsPlan tls);

  void connect(Millis timeout, std::function<void(UpstreamError)> done);
  // req must stay alive until done is called.
  void exchange(const Request& req, Millis timeout, std::function<void(UpstreamError, Response&&)> done);
  void close();
  bool closed() const { return closed_; }

  // Pool bookkeeping. onGone (set once) runs when a parked connection's
  // peer closes it, sends unsolicited bytes, or its idle timeout passes.
  void setOnGone(std::function<void()> onGone) { onGone_ = std::move(onGone); }
  void park(Millis idleTimeout);
  void unpark();

  size_t host() const { return host_; }
  uint32_t served() const { return served_; }
  // HTTP allows reuse, nothing beyond the response arrived, and the peer
  // has not hung up.
  bool keepAlive() const { return keepAlive_ && buffer_.size() == 0 && !peerGone_; }
  void onHangup() override;
  bool tls() const { return stream_.isTls(); }

 private:
  enum class Phase { Connecting, Busy, Parked, Closed };
  using ExchangeDone = std::function<void(UpstreamError, Response&&)>;
  void handshake(std::function<void(UpstreamError)> done);
  void onDeadline();
  void startRead();
  void onRead(beast::error_code ec, size_t n);
  void readResponse();
  void onResponse(beast::error_code ec);
  void failExchange();

  size_t host_;
  tcp::endpoint ep_;
  UpstreamTlsPlan tlsPlan_;
  AnyStream stream_;
  Deadline deadline_;
  beast::flat_buffer buffer_;
  std::string wbuf_;  // serialised request, capacity reused
  std::optional<ResponseParser> parser_;
  std::function<void()> onGone_;
  ExchangeDone done_;  // the exchange in progress
  Phase phase_ = Phase::Connecting;
  bool readPending_ = false;   // the parked read, still outstanding
  bool awaitingRead_ = false;  // the request is out; the response waits on that read
  bool readFailed_ = false;    // it completed with an error before anyone awaited it
  uint32_t served_ = 0;
  bool keepAlive_ = true;
  bool head_ = false;  // the request in flight is HEAD: its response has no body, whatever it says
  bool timedOut_ = false;
  bool peerGone_ = false;  // the hang-up watch saw the peer close
  bool closed_ = false;
};

using UpstreamConnectionPtr = std::shared_ptr<UpstreamConnection>;

}  // namespace mp
