#pragma once
// Beast's HTTP/1.1 parser filling a message with HeaderFields and a string
// body. Beast's own parser only fills basic_fields; its basic_parser does
// the parsing, with its limits and checks, and calls these hooks.
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/header_fields.h"

namespace mp {

template <bool isRequest>
class MessageParser : public boost::beast::http::basic_parser<isRequest> {
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

 public:
  using value_type = boost::beast::http::message<isRequest, boost::beast::http::string_body, HeaderFields>;

  value_type& get() { return m_; }
  value_type release() { return std::move(m_); }

 private:
  void on_request_impl(boost::beast::http::verb method, string_view methodString, string_view target, int version,
                       error_code&) override {
    if constexpr (isRequest) {
      if (method == boost::beast::http::verb::unknown) m_.method_string(methodString);
      else m_.method(method);
      m_.target(target);
      m_.version(unsigned(version));
    }
  }
  void on_response_impl(int code, string_view reason, int version, error_code&) override {
    if constexpr (!isRequest) {
      m_.result(unsigned(code));
      m_.reason(reason);
      m_.version(unsigned(version));
    }
  }
  void on_field_impl(boost::beast::http::field code, string_view name, string_view value, error_code&) override {
    m_.insert(code, name, value);
  }
  void on_header_impl(error_code&) override {}
  // basic_parser has checked the length against its body limit already.
  void on_body_init_impl(const boost::optional<uint64_t>& length, error_code&) override {
    if (length) m_.body().reserve(size_t(*length));
  }
  size_t on_body_impl(string_view body, error_code&) override {
    m_.body().append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(uint64_t, string_view, error_code&) override {}
  size_t on_chunk_body_impl(uint64_t, string_view body, error_code&) override {
    m_.body().append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  value_type m_;
};

}  // namespace mp
