#include "http/wire_format.h"

#include <cstring>

namespace mp {
namespace http = boost::beast::http;

namespace {
char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

// Sized first, then written in place: one growth of out at most.
void appendFields(const Fields& f, std::string& out) {
  const size_t at = out.size();
  out.resize(at + f.textBytes() + 4 * f.size() + 2);
  char* p = out.data() + at;
  for (const auto& field : f) {
    p = put(p, field.name_string());
    p = put(p, ": ");
    p = put(p, field.value());
    p = put(p, "\r\n");
  }
  put(p, "\r\n");
}
}  // namespace

void serializeRequest(const Request& r, std::string& out) {
  out.clear();
  out.append(r.method_string().data(), r.method_string().size());
  out += ' ';
  out.append(r.target().data(), r.target().size());
  out.append(r.version() == 10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
  appendFields(r.base(), out);
  out += r.body();
}

void serializeResponse(const Response& r, std::string& out) {
  out.clear();
  out.append(r.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out += std::to_string(r.result_int());
  out += ' ';
  auto reason = r.reason();
  out.append(reason.data(), reason.size());
  out.append("\r\n", 2);
  appendFields(r.base(), out);
  out += r.body();
}

}  // namespace mp
