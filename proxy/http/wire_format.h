#pragma once
// HTTP/1.1 serialisation into one contiguous buffer. Beast's serializer
// hands the socket one iovec per header field; for the small messages a mesh
// carries, one flat buffer reused per connection is much cheaper.
#include <string>

#include "http/message.h"

namespace mp {

// out is cleared first; its capacity is kept for the next message.
void serializeRequest(const Request& r, std::string& out);
void serializeResponse(const Response& r, std::string& out);

}  // namespace mp
