#pragma once
// The HTTP/1.1 message types the proxy carries. Header fields come from the
// pool allocator: a proxied request and its response are made of some twenty
// separately allocated fields.
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/pool_allocator.h"

namespace mp {

using Fields = boost::beast::http::basic_fields<PoolAllocator<char>>;
using Request = boost::beast::http::request<boost::beast::http::string_body, Fields>;
using Response = boost::beast::http::response<boost::beast::http::string_body, Fields>;
using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body, PoolAllocator<char>>;
using ResponseParser = boost::beast::http::response_parser<boost::beast::http::string_body, PoolAllocator<char>>;

// A header as Envoy's matchers (routes, RBAC) see it: every field of that
// name joined with ',' in arrival order, so a second copy cannot hide from a
// rule that looks at the first (CVE-2020-25017). nullopt when absent.
inline std::optional<std::string> joinedHeader(const Fields& h, std::string_view name) {
  auto [first, last] = h.equal_range(name);
  if (first == last) return std::nullopt;
  std::string v(first->value());
  for (auto it = std::next(first); it != last; ++it) {
    v += ',';
    v += it->value();
  }
  return v;
}

}  // namespace mp
