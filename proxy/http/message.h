#pragma once
// The HTTP/1.1 message types the proxy carries: Beast's messages with our
// flat header fields (header_fields.h) and a string body.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/header_fields.h"
#include "http/message_parser.h"

namespace mp {

using Fields = HeaderFields;
using Request = boost::beast::http::request<boost::beast::http::string_body, Fields>;
using Response = boost::beast::http::response<boost::beast::http::string_body, Fields>;
using RequestParser = MessageParser<true>;
using ResponseParser = MessageParser<false>;

// A header as Envoy's matchers (routes, RBAC) see it: every field of that
// name joined with ',' in arrival order, so a second copy cannot hide from a
// rule that looks at the first (CVE-2020-25017). nullopt when absent.
inline std::optional<std::string> joinedHeader(const Fields& h, std::string_view name) {
  std::optional<std::string> v;
  for (const auto& f : h) {
    if (!f.is(name)) continue;
    if (v) *v += ',';
    else v.emplace();
    v->append(f.value());
  }
  return v;
}

// Sets one of our own headers (x-ms-..., x-envoy-..., x-forwarded-proto),
// replacing any copy the message carries. These names have no field code in
// Beast; saying so spares set() the lookup for one.
inline void setCustomField(Fields& h, std::string_view name, std::string_view value) {
  h.set(boost::beast::http::field::unknown, name, value);
}

}  // namespace mp
