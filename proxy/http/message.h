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
// (Beast keeps the fields of one name together, in arrival order: a repeat
// is inserted after the last field of its name.)
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

// Sets one of our own headers (x-ms-..., x-envoy-..., x-forwarded-proto),
// replacing any copy the message carries. These names have no field code in
// Beast, whose set() by name hashes the name looking for one, then erases and
// inserts even when the one copy there already has the value.
inline void setCustomField(Fields& h, std::string_view name, std::string_view value) {
  auto [first, last] = h.equal_range(name);
  if (first != last) {
    if (std::next(first) == last && first->value() == value) return;
    h.erase(name);
  }
  h.insert(boost::beast::http::field::unknown, name, value);
}

}  // namespace mp
