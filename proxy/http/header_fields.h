#pragma once
// The header fields of one HTTP/1.1 message, in arrival order, in two flat
// arrays: one entry per field, and one block holding every name and value.
//
// A proxied request and its response carry some twenty fields, and each is
// inserted, looked up and serialised a few times. Beast's basic_fields
// allocates every field on its own and keeps them in a red-black tree as
// well as a list: about 1,000 instructions per field inserted, over a third
// of the proxy's user-space work per request. Here an insert is an append,
// and a lookup a scan of a few dozen entries comparing field codes (or
// lengths first, for names Beast has no code for).
//
// It implements Beast's Fields concept, so beast::http::message carries it
// (method, target, status, keep-alive, Content-Length, chunked); the parser
// that fills it is MessageParser (message_parser.h). Unlike basic_fields it
// does not move a repeated field next to its earlier copies: a proxy passes
// fields on in the order they came.
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/optional.hpp>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/pool_allocator.h"

namespace mp {

class HeaderFields {
  struct Entry {
    uint32_t offset;      // of the name in text_; the value follows it
    uint32_t valueSize;
    uint16_t nameSize;
    boost::beast::http::field code;
  };

 public:
  using field = boost::beast::http::field;

  // What iterating yields: a view of one field, valid until the next change.
  class Field {
   public:
    Field(const HeaderFields* h, const Entry* e) : h_(h), e_(e) {}
    field name() const { return e_->code; }
    std::string_view name_string() const { return {h_->text(e_->offset), e_->nameSize}; }
    std::string_view value() const { return {h_->text(e_->offset + e_->nameSize), e_->valueSize}; }
    // Whether its name is this one, ignoring case.
    bool is(std::string_view name) const { return h_->named(*e_, name); }

   private:
    const HeaderFields* h_;
    const Entry* e_;
  };

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Field;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Field;
    struct Arrow {
      Field f;
      const Field* operator->() const { return &f; }
    };

    const_iterator() = default;
    const_iterator(const HeaderFields* h, size_t i) : h_(h), i_(i) {}
    Field operator*() const { return {h_, &h_->entries_[i_]}; }
    Arrow operator->() const { return {**this}; }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto t = *this; ++i_; return t; }
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }
    size_t index() const { return i_; }

   private:
    const HeaderFields* h_ = nullptr;
    size_t i_ = 0;
  };
  using iterator = const_iterator;

  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, entries_.size()}; }
  size_t size() const { return entries_.size(); }
  // The bytes of every name and value, for sizing a serialisation.
  size_t textBytes() const;

  // The first field of that name, or end().
  const_iterator find(field f) const { return {this, indexOf(f)}; }
  const_iterator find(std::string_view name) const { return {this, indexOf(name)}; }
  size_t count(field f) const;
  size_t count(std::string_view name) const;
  // The first field's value; empty when absent.
  std::string_view operator[](field f) const;
  std::string_view operator[](std::string_view name) const;
  // As operator[], but throws std::out_of_range when absent (as Beast's).
  std::string_view at(field f) const;
  std::string_view at(std::string_view name) const;

  // Appends a field. The code must be the name's (field::unknown for names
  // Beast has none for); the overloads without it work it out.
  void insert(field code, std::string_view name, std::string_view value);
  void insert(field f, std::string_view value);
  void insert(std::string_view name, std::string_view value);
  // Replaces every field of that name with one, where the first one was.
  // The code must be the name's, as for insert.
  void set(field code, std::string_view name, std::string_view value);
  void set(field f, std::string_view value);
  void set(std::string_view name, std::string_view value);
  // Removes every field of that name; returns how many there were.
  size_t erase(field f);
  size_t erase(std::string_view name);
  // Removes one field; returns the iterator to the one after it.
  const_iterator erase(const_iterator it);
  void clear();

 protected:
  // Beast's Fields concept: what beast::http::header calls on its fields.
  std::string_view get_method_impl() const { return method_; }
  std::string_view get_target_impl() const { return target_; }
  std::string_view get_reason_impl() const { return reason_; }
  bool get_chunked_impl() const;
  bool get_keep_alive_impl(unsigned version) const;
  bool has_content_length_impl() const { return count(field::content_length) > 0; }
  void set_method_impl(std::string_view s) { method_.assign(s); }
  void set_target_impl(std::string_view s) { target_.assign(s); }
  void set_reason_impl(std::string_view s) { reason_.assign(s); }
  void set_chunked_impl(bool value);
  void set_content_length_impl(const boost::optional<uint64_t>& value);
  void set_keep_alive_impl(unsigned version, bool keepAlive);

 private:
  using Line = std::basic_string<char, std::char_traits<char>, PoolAllocator<char>>;
  const char* text(uint32_t offset) const { return text_.data() + offset; }
  bool named(const Entry& e, std::string_view name) const {
    return e.nameSize == name.size() && boost::beast::iequals(std::string_view(text(e.offset), e.nameSize), name);
  }
  size_t indexOf(field f) const;
  size_t indexOf(std::string_view name) const;
  Entry append(field code, std::string_view name, std::string_view value);
  template <class Match>
  size_t eraseWhere(Match match);

  // Names and values, back to back. Replaced values are left behind: a
  // message lives for one request, and is changed a handful of times.
  // (A vector<char> would zero-fill every byte before it is copied in.)
  class Text {
   public:
    Text() = default;
    Text(const Text& o) { *this = o; }
    Text(Text&& o) noexcept { swap(o); }
    Text& operator=(const Text& o);
    Text& operator=(Text&& o) noexcept { swap(o); return *this; }
    ~Text() { if (data_) pool::deallocate(data_, capacity_); }
    const char* data() const { return data_; }
    uint32_t size() const { return size_; }
    // Room for n more bytes at end(), which commit(n) then takes in.
    char* end(size_t n);
    void commit(size_t n) { size_ += uint32_t(n); }
    void clear() { size_ = 0; }

   private:
    void swap(Text& o) noexcept;
    char* data_ = nullptr;
    uint32_t size_ = 0, capacity_ = 0;
  };

  std::vector<Entry, PoolAllocator<Entry>> entries_;
  Text text_;
  Line method_, target_, reason_;  // method_ only for methods Beast has no verb for
};

}  // namespace mp
