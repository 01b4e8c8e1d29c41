#pragma once
// Writing a small message on a plain socket: the kernel almost always takes
// it whole at once. Asio's async_write would then still post its completion
// to the back of the event loop's queue: an operation allocated and one more
// round of the loop (one more epoll_wait) per write, two writes per proxied
// request. Here the message is sent at once and, when it all went, the
// handler runs before writeNow returns. What the socket does not take, and
// every error, goes the asynchronous way (which reports the error).
#include <sys/socket.h>

#include <boost/asio/write.hpp>
#include <utility>

#include "http/any_stream.h"

namespace mp {

// handler(error_code) runs either inside this call or later, so it must not
// rely on state the caller sets up after calling.
template <class Handler>
void writeNow(AnyStream& stream, boost::asio::const_buffer buffer, Handler&& handler) {
  if (!stream.isTls()) {
    const ssize_t n = ::send(stream.socket().native_handle(), buffer.data(), buffer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n == ssize_t(buffer.size())) return handler(beast::error_code());
    if (n > 0) buffer += size_t(n);
  }
  boost::asio::async_write(stream, buffer, [h = std::forward<Handler>(handler)](beast::error_code ec, size_t) mutable {
    h(ec);
  });
}

}  // namespace mp
