#pragma once
// One downstream connection: optional TLS (sniffed for PERMISSIVE), then
// HTTP/1.1 requests read one at a time with bounded headers and bodies and
// timeouts, each handed to a handler; responses written in order.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <functional>
#include <memory>

#include "common/deadline.h"
#include "config/config.h"
#include "http/any_stream.h"
#include "http/hangup_watch.h"
#include "upstream/upstream_connection.h"

namespace mp {

struct SessionPeer {
  std::string spiffe;  // verified peer URI SAN, empty for plaintext
  bool tls = false;
  std::string remoteIp;
  uint16_t localPort = 0;
};

struct SessionOptions {
  Limits limits;
  PeerAuthMode tls = PeerAuthMode::Disable;
  SslContextPtr serverCtx;   // needed unless tls == Disable
  std::string trustDomain = "cluster.local";
  // Whether the listener's config in force now still admits a connection of
  // this kind (tls: mTLS, else plaintext); unset: always.
  std::function<bool(bool tls)> admits;
  // Tells the session when its client hangs up (Envoy's DC); null: nobody
  // does, a request runs to its end. Must outlive the session.
  HangupWatch* closeWatch = nullptr;
};

class DownstreamSession : public std::enable_shared_from_this<DownstreamSession>, public HangupListener {
 public:
  // The handler returns a cancel function used if the connection dies first.
  using Handler = std::function<std::function<void()>(Request&&, const SessionPeer&, std::function<void(Response&&)>)>;

  DownstreamSession(AnyStream::Socket socket, SessionOptions opts, Handler handler);
  void start();
  // The close watch's call: the client closed or reset the connection.
  void onHangup() override;

 private:
  void sniff();
  void tlsHandshake();
  void waitForRequest();
  void readHeader();
  void continueHeader();
  void parseHeader(size_t headEnd);
  void readBody();
  void readBodyNow();
  void onRequest(beast::error_code ec);
  void fail(uint32_t status, const char* why);
  void write(Response&& res, bool close);
  void shutdown();
  void cancelIfClientLeft();
  bool clientLeft() { return peerLeft(stream_.socket().native_handle()); }
  void onDeadline();
  bool stillAdmitted() const { return !opts_.admits || opts_.admits(peer_.tls); }

  // What the connection is doing decides what its deadline means.
  enum class Phase { Handshake, Idle, Request, Handling, Writing, Closing };

  AnyStream stream_;
  SessionOptions opts_;
  Handler handler_;
  SessionPeer peer_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  std::string out_;  // serialised response, capacity reused
  Deadline deadline_;
  Phase phase_ = Phase::Handshake;
  std::function<void()> cancel_;   // the request being handled, while it is
  bool headRequest_ = false;       // the request being answered is HEAD
  bool clientGone_ = false;        // the close watch saw the client hang up
  bool timedOut_ = false;  // the request deadline passed: answer 408
  bool firstRequest_ = true;
  size_t scanned_ = 0;  // header bytes already searched for the blank line
};

}  // namespace mp
