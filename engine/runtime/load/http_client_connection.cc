#include "runtime/load/http_client_connection.h"

#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>

namespace ms::runtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {

std::string headerValue(const http::response_header<>& header, std::string_view name) {
  const auto it = header.find(beast::string_view(name.data(), name.size()));
  if (it == header.end()) return {};
  const auto value = it->value();
  return std::string(value.data(), value.size());
}

std::uint64_t microsSince(HttpClientConnection::Clock::time_point from) {
  const auto elapsed = HttpClientConnection::Clock::now() - from;
  return static_cast<std::uint64_t>(std::max<std::int64_t>(
      0, std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));
}

// Beast's own errors mean the bytes were not acceptable HTTP (or over a limit), except the
// two that mean the peer just closed the connection.
bool isProtocolError(const error_code& ec) {
  return ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

}  // namespace

HttpClientConnection::HttpClientConnection(asio::io_context& io,
                                           std::shared_ptr<const Settings> settings,
                                           Completion onDone)
    : settings_(std::move(settings)),
      onDone_(std::move(onDone)),
      socket_(io),
      deadline_(io),
      // Room for a full header plus some body bytes; the parser enforces the real limits.
      buffer_(settings_->maxHeaderBytes + 64 * 1024) {}

void HttpClientConnection::send(Clock::time_point intended, Clock::time_point deadline) {
  busy_ = true;
  timedOut_ = false;
  parser_.reset();
  intended_ = intended;
  ++sequence_;
  deadline_.expires_at(deadline);
  deadline_.async_wait([self = shared_from_this(), sequence = sequence_](const error_code& ec) {
    if (!ec) self->onDeadline(sequence);
  });
  reusing_ = socket_.is_open();
  if (reusing_) {
    write();
  } else {
    connect();
  }
}

void HttpClientConnection::close() {
  closed_ = true;
  deadline_.cancel();
  error_code ignored;
  socket_.close(ignored);
}

void HttpClientConnection::connect() {
  buffer_.clear();
  socket_.async_connect(settings_->endpoint,
                        [self = shared_from_this()](const error_code& ec) { self->onConnect(ec); });
}

void HttpClientConnection::onConnect(const error_code& ec) {
  if (closed_) return;
  if (ec) return fail(timedOut_ ? RequestError::Timeout : RequestError::Connect);
  error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);  // requests are small and latency-bound
  write();
}

void HttpClientConnection::write() {
  asio::async_write(
      socket_, asio::buffer(settings_->request),
      [self = shared_from_this()](const error_code& ec, std::size_t) { self->onWrite(ec); });
}

void HttpClientConnection::onWrite(const error_code& ec) {
  if (closed_) return;
  if (ec) {
    if (retryOnStaleConnection()) return;
    return fail(timedOut_ ? RequestError::Timeout : RequestError::Io);
  }
  parser_.emplace();
  parser_->header_limit(settings_->maxHeaderBytes);
  parser_->body_limit(settings_->maxBodyBytes);
  if (settings_->headRequest) parser_->skip(true);  // HEAD responses announce but carry no body
  readSome();
}

void HttpClientConnection::readSome() {
  auto& body = parser_->get().body();
  body.data = discard_.data();
  body.size = discard_.size();
  http::async_read(
      socket_, buffer_, *parser_,
      [self = shared_from_this()](const error_code& ec, std::size_t) { self->onRead(ec); });
}

void HttpClientConnection::onRead(error_code ec) {
  if (closed_) return;
  // buffer_body: the discard buffer is full, which is not an error; empty it and go on.
  if (ec == http::error::need_buffer) ec = {};
  if (ec) {
    if (retryOnStaleConnection()) return;
    if (timedOut_) return fail(RequestError::Timeout);
    return fail(isProtocolError(ec) ? RequestError::Protocol : RequestError::Io);
  }
  if (!parser_->is_done()) return readSome();

  const auto& response = parser_->get();
  RequestResult result;
  result.status = static_cast<int>(response.result_int());
  result.flags = headerValue(response, "x-ms-response-flags");
  result.version = headerValue(response, "x-ms-version");
  result.latencyMicros = microsSince(intended_);
  if (!parser_->keep_alive()) {
    error_code ignored;
    socket_.close(ignored);
  }
  complete(std::move(result));
}

void HttpClientConnection::onDeadline(std::uint64_t sequence) {
  if (closed_ || !busy_ || sequence != sequence_) return;  // belongs to an earlier request
  timedOut_ = true;
  error_code ignored;
  socket_.close(ignored);  // completes the pending operation with an error
}

// A server may close an idle keep-alive connection just as we reuse it; that is not a
// failure of the request, so try once more on a fresh connection (as HTTP clients do).
bool HttpClientConnection::retryOnStaleConnection() {
  if (!reusing_ || timedOut_ || (parser_ && parser_->got_some())) return false;
  reusing_ = false;
  error_code ignored;
  socket_.close(ignored);
  connect();
  return true;
}

void HttpClientConnection::fail(RequestError error) {
  error_code ignored;
  socket_.close(ignored);
  complete(RequestResult::failure(error, microsSince(intended_)));
}

void HttpClientConnection::complete(RequestResult&& result) {
  busy_ = false;
  ++sequence_;
  deadline_.cancel();
  onDone_(shared_from_this(), std::move(result));
}

}  // namespace ms::runtime
