#include "http/downstream_session.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>

#include "common/log.h"
#include "http/connection_manager.h"
#include "http/write_now.h"
#include "http/wire_format.h"
#include "tls/tls_contexts.h"

namespace mp {
namespace {

// RFC 9112 forbids obsolete line folding in requests; a proxy must reject it
// (a fold that one hop joins and another splits is a smuggling vector).
bool hasObsFold(std::string_view head) {
  for (size_t p = head.find("\r\n"); p != std::string_view::npos && p + 2 < head.size(); p = head.find("\r\n", p + 2))
    if (head[p + 2] == ' ' || head[p + 2] == '\t') return true;
  return false;
}

std::string lowerTrim(std::string_view v) {
  std::string s;
  for (char c : v)
    if (c != ' ' && c != '\t') s += char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

DownstreamSession::DownstreamSession(AnyStream::Socket socket, SessionOptions opts, Handler handler)
    : stream_(std::move(socket)), opts_(std::move(opts)), handler_(std::move(handler)),
      // The deadline belongs to this session and dies with it, so this is safe.
      deadline_(stream_.get_executor().context(), [this] { onDeadline(); }) {
  beast::error_code ec;
  auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) peer_.remoteIp = remote.address().to_string();
  auto local = stream_.socket().local_endpoint(ec);
  if (!ec) peer_.localPort = local.port();
  stream_.socket().set_option(tcp::no_delay(true), ec);
  buffer_.max_size(std::max<size_t>(opts_.limits.maxHeaderBytes + 4, 65536));
}

// Reading a request: cancel the read so its handler answers 408 (the client
// deserves an answer before we hang up); if no read was pending to cancel,
// the grace period ends it. Otherwise: close, which ends any pending
// operation.
void DownstreamSession::onDeadline() {
  if (phase_ == Phase::Request && !timedOut_) {
    timedOut_ = true;
    beast::error_code ignored;
    stream_.socket().cancel(ignored);
    deadline_.set(Millis(1000));
    return;
  }
  stream_.close();
}

void DownstreamSession::start() {
  if (opts_.closeWatch) opts_.closeWatch->watch(stream_.socket().native_handle(), weak_from_this());
  if (opts_.tls == PeerAuthMode::Disable || !opts_.serverCtx) {
    if (opts_.tls == PeerAuthMode::Strict) return shutdown();  // no identity: cannot do STRICT
    return waitForRequest();
  }
  sniff();
}

// A TLS connection starts with a handshake record (content type 0x16); that
// is how PERMISSIVE tells mTLS from plaintext on one port.
void DownstreamSession::sniff() {
  phase_ = Phase::Handshake;
  deadline_.set(opts_.limits.headerTimeout);
  stream_.socket().async_read_some(buffer_.prepare(1024), [self = shared_from_this()](beast::error_code ec, size_t n) {
    if (ec) return self->shutdown();
    self->buffer_.commit(n);
    const auto* first = static_cast<const unsigned char*>(self->buffer_.data().data());
    if (n > 0 && first[0] == 0x16) return self->tlsHandshake();
    if (self->opts_.tls == PeerAuthMode::Strict) {
      log::warn("STRICT mTLS: plaintext connection from " + self->peer_.remoteIp + " rejected");
      return self->shutdown();
    }
    self->readHeader();
  });
}

void DownstreamSession::tlsHandshake() {
  stream_.startTls(opts_.serverCtx);
  stream_.tls().async_handshake(asio::ssl::stream_base::server, buffer_.data(),
                                [self = shared_from_this()](beast::error_code ec, size_t used) {
    self->buffer_.consume(used);
    if (ec) {
      log::warn("mTLS handshake from " + self->peer_.remoteIp + " failed: " + ec.message());
      return self->shutdown();
    }
    std::string san = peerUriSan(self->stream_.tls().native_handle());
    const std::string expected = "spiffe://" + self->opts_.trustDomain + "/";
    if (san.rfind(expected, 0) != 0) {
      log::warn("mTLS peer identity '" + san + "' is not in trust domain " + self->opts_.trustDomain);
      return self->shutdown();
    }
    self->peer_.spiffe = san;
    self->peer_.tls = true;
    self->buffer_.clear();
    self->waitForRequest();
  });
}

// Between requests the idle timeout applies; once bytes arrive, the header
// timeout bounds the whole header (slowloris).
void DownstreamSession::waitForRequest() {
  if (buffer_.size() > 0 || firstRequest_) return readHeader();
  // The client hung up after its last request: nothing will come.
  if (clientGone_ && clientLeft()) return shutdown();
  phase_ = Phase::Idle;
  deadline_.set(opts_.limits.idleTimeout);
  stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
    if (ec) return self->shutdown();  // idle close or peer gone: nothing to answer
    self->buffer_.commit(n);
    self->readHeader();
  });
}

// Once bytes arrive, the header timeout bounds the whole request (header and
// body): slowloris gets 408.
//
// Envoy drains the connections of a filter chain that a new config no longer
// has (PERMISSIVE -> STRICT leaves no plaintext chain) and closes them once
// drained. We have no drain period: the next request on such a connection is
// not served, the connection is closed without an answer, as it would be
// after Envoy's drain.
void DownstreamSession::readHeader() {
  if (!stillAdmitted()) {
    log::warn("downstream " + peer_.remoteIp + ": " + (peer_.tls ? "mTLS" : "plaintext") +
              " connection no longer admitted by the listener's config; closed");
    return shutdown();
  }
  phase_ = Phase::Request;
  timedOut_ = false;
  headRequest_ = false;
  deadline_.set(opts_.limits.headerTimeout);
  firstRequest_ = false;
  scanned_ = 0;
  continueHeader();
}

// Reads until the blank line ending the header block, never buffering more
// than maxHeaderBytes of header (431 beyond that).
void DownstreamSession::continueHeader() {
  std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
  const size_t from = scanned_ > 3 ? scanned_ - 3 : 0;
  const size_t end = data.find("\r\n\r\n", from);
  if (end != std::string_view::npos) return parseHeader(end + 4);
  scanned_ = data.size();
  if (data.size() >= opts_.limits.maxHeaderBytes) return fail(431, "headers too large");
  const size_t room = std::min<size_t>(4096, opts_.limits.maxHeaderBytes + 4 - data.size());
  stream_.async_read_some(buffer_.prepare(room), [self = shared_from_this()](beast::error_code ec, size_t n) {
    if (self->timedOut_) return self->fail(408, "header timeout");
    if (ec) {
      if (self->buffer_.size() == 0) return self->shutdown();
      return self->fail(400, "connection closed mid-header");
    }
    self->buffer_.commit(n);
    self->continueHeader();
  });
}

void DownstreamSession::parseHeader(size_t headEnd) {
  std::string_view head(static_cast<const char*>(buffer_.data().data()), headEnd);
  if (hasObsFold(head)) return fail(400, "obs-fold");
  parser_.emplace();
  parser_->header_limit(opts_.limits.maxHeaderBytes);
  parser_->body_limit(opts_.limits.maxBodyBytes);
  beast::error_code pec;
  size_t used = parser_->put(asio::buffer(buffer_.data().data(), headEnd), pec);
  if (pec == http::error::header_limit) return fail(431, "header limit");
  if (pec == http::error::body_limit) return fail(413, "body too large");  // Content-Length over the limit
  if (pec || !parser_->is_header_done()) return fail(400, "bad request header");
  buffer_.consume(used);
  readBody();
}

void DownstreamSession::readBody() {
  auto& req = parser_->get();
  auto te = req.find(http::field::transfer_encoding);
  if (te != req.end() && lowerTrim(te->value()) != "chunked") return fail(400, "unsupported transfer-encoding");
  if (req.version() != 11 && req.version() != 10) return fail(400, "bad version");
  if (req.find(http::field::host) == req.end()) return fail(400, "missing host");
  auto expect = req.find(http::field::expect);
  if (expect != req.end() && lowerTrim(expect->value()) == "100-continue" && !parser_->is_done()) {
    // We buffer the body ourselves, so answer the client's Expect here, as
    // Envoy does, and never pass Expect upstream.
    req.erase(http::field::expect);
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    return asio::async_write(stream_, asio::buffer(kContinue), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->shutdown();
      self->readBodyNow();
    });
  }
  readBodyNow();
}

// A request without a body (most of them) is complete with its header: it
// is handled at once rather than after a trip through Beast's read, which
// would only post its completion to the back of the event loop's queue.
void DownstreamSession::readBodyNow() {
  if (parser_->is_done()) return onRequest({});
  http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
    self->onRequest(ec);
  });
}

void DownstreamSession::onRequest(beast::error_code ec) {
  if (ec == http::error::body_limit) return fail(413, "body too large");
  if (timedOut_) return fail(408, "request timeout");
  if (ec) return fail(400, "bad request body");
  // The router bounds the upstream exchange (route timeout, or
  // streamIdleTimeout); the session waits for its answer.
  phase_ = Phase::Handling;
  deadline_.clear();
  Request req = parser_->release();
  const bool keepAlive = req.keep_alive();
  headRequest_ = req.method() == http::verb::head;
  auto cancel = handler_(std::move(req), peer_,
                         [self = shared_from_this(), keepAlive](Response&& res) { self->write(std::move(res), !keepAlive); });
  if (phase_ != Phase::Handling) return;  // answered at once
  cancel_ = std::move(cancel);
  if (clientGone_) cancelIfClientLeft();  // it hung up before this request was read
}

// Envoy's DC: a client that closes (or resets) its connection before the
// response cancels the request, and the router resets the upstream one. The
// close watch reports the hang-up whenever it comes; it is remembered for a
// request read after it. Bytes still waiting (a pipelined request, buffered
// or in the socket) are served first: a peek tells them from the close (0
// bytes) or a reset.
//
// While a read is pending, the hang-up ends it: if the FIN came with the
// last bytes read, the read would otherwise wait for nothing (ready_read.h).
void DownstreamSession::onHangup() {
  clientGone_ = true;
  if (phase_ == Phase::Handling) return cancelIfClientLeft();
  if ((phase_ == Phase::Idle || phase_ == Phase::Request) && clientLeft()) {
    beast::error_code ignored;
    stream_.socket().cancel(ignored);  // the read's handler closes, or answers a partial header 400
  }
}

void DownstreamSession::cancelIfClientLeft() {
  if (buffer_.size() > 0 || !clientLeft()) return;
  auto cancel = std::move(cancel_);
  cancel_ = nullptr;
  if (cancel) cancel();  // records DC, resets the upstream request
  shutdown();
}

void DownstreamSession::fail(uint32_t status, const char* why) {
  log::warn(std::string("downstream ") + peer_.remoteIp + ": " + std::to_string(status) + " (" + why + ")");
  Response res = localResponse(status, std::string(why));
  write(std::move(res), true);
}

void DownstreamSession::write(Response&& res, bool close) {
  cancel_ = nullptr;  // answered: nothing left to cancel
  // A response under way when the config stopped admitting this connection
  // goes out with Connection: close, as Envoy's draining connections do.
  close = close || !stillAdmitted();
  res.keep_alive(!close);
  res.set(http::field::server, "meshproxy");
  if (headRequest_) res.body().clear();  // the headers of GET, Content-Length included; never a body
  serializeResponse(res, out_);
  phase_ = Phase::Writing;
  deadline_.set(opts_.limits.streamIdleTimeout);
  writeNow(stream_, asio::buffer(out_), [self = shared_from_this(), close](beast::error_code ec) {
    if (ec || close) return self->shutdown();
    // Pipelined requests already buffered are served from a new turn of the
    // loop: served from here, a thousand requests answered at once would
    // nest a thousand calls deep.
    if (self->buffer_.size() > 0) return asio::post(self->stream_.get_executor(), [self] { self->waitForRequest(); });
    self->waitForRequest();
  });
}

void DownstreamSession::shutdown() {
  if (phase_ == Phase::Closing) return;
  phase_ = Phase::Closing;
  if (stream_.isTls()) {
    // Best effort close_notify, bounded so a silent peer cannot hold us.
    deadline_.set(Millis(1000));
    stream_.tls().async_shutdown([self = shared_from_this()](beast::error_code) {
      self->deadline_.clear();
      self->stream_.close();
    });
    return;
  }
  deadline_.clear();
  stream_.close();
}

}  // namespace mp
