#pragma once
// HTTP/1.1 serialisation into one contiguous buffer. Beast's serializer
// hands the socket one iovec per header field; for the small messages a mesh
// carries, one flat buffer reused per connection is much cheaper.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

namespace mp {

// out is cleared first; its capacity is kept for the next message.
void serializeRequest(const boost::beast::http::request<boost::beast::http::string_body>& r, std::string& out);
void serializeResponse(const boost::beast::http::response<boost::beast::http::string_body>& r, std::string& out);

}  // namespace mp
