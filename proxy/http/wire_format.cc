#include "http/wire_format.h"

namespace mp {
namespace http = boost::beast::http;

namespace {
void appendFields(const Fields& f, std::string& out) {
  for (const auto& field : f) {
    out.append(field.name_string().data(), field.name_string().size());
    out.append(": ", 2);
    out.append(field.value().data(), field.value().size());
    out.append("\r\n", 2);
  }
  out.append("\r\n", 2);
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
