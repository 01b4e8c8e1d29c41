#pragma once
// The HTTP/1.1 message types the proxy carries. Header fields come from the
// pool allocator: a proxied request and its response are made of some twenty
// separately allocated fields.
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "common/pool_allocator.h"

namespace mp {

using Fields = boost::beast::http::basic_fields<PoolAllocator<char>>;
using Request = boost::beast::http::request<boost::beast::http::string_body, Fields>;
using Response = boost::beast::http::response<boost::beast::http::string_body, Fields>;
using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body, PoolAllocator<char>>;
using ResponseParser = boost::beast::http::response_parser<boost::beast::http::string_body, PoolAllocator<char>>;

}  // namespace mp
