#include "http/header_fields.h"

#include <algorithm>
#include <cstring>
#include <boost/beast/http/rfc7230.hpp>
#include <stdexcept>
#include <string>

namespace mp {
namespace http = boost::beast::http;

namespace {
// A message's fields and their text fit these without growing, most times.
constexpr size_t kEntriesAtFirst = 16;
constexpr size_t kTextAtFirst = 512;

bool isToken(std::string_view token, std::string_view name) { return boost::beast::iequals(token, name); }
}  // namespace

size_t HeaderFields::indexOf(field f) const {
  if (f == field::unknown) return entries_.size();  // unknown is not a name
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].code == f) return i;
  return entries_.size();
}

size_t HeaderFields::indexOf(std::string_view name) const {
  for (size_t i = 0; i < entries_.size(); ++i)
    if (named(entries_[i], name)) return i;
  return entries_.size();
}

size_t HeaderFields::count(field f) const {
  size_t n = 0;
  if (f != field::unknown)
    for (const Entry& e : entries_) n += e.code == f;
  return n;
}

size_t HeaderFields::count(std::string_view name) const {
  size_t n = 0;
  for (const Entry& e : entries_) n += named(e, name);
  return n;
}

std::string_view HeaderFields::operator[](field f) const {
  auto it = find(f);
  return it == end() ? std::string_view() : (*it).value();
}

std::string_view HeaderFields::operator[](std::string_view name) const {
  auto it = find(name);
  return it == end() ? std::string_view() : (*it).value();
}

std::string_view HeaderFields::at(field f) const {
  auto it = find(f);
  if (it == end()) throw std::out_of_range("field not found");
  return (*it).value();
}

std::string_view HeaderFields::at(std::string_view name) const {
  auto it = find(name);
  if (it == end()) throw std::out_of_range("field not found");
  return (*it).value();
}

size_t HeaderFields::textBytes() const {
  size_t n = 0;
  for (const Entry& e : entries_) n += e.nameSize + e.valueSize;
  return n;
}

HeaderFields::Entry HeaderFields::append(field code, std::string_view name, std::string_view value) {
  char* p = text_.end(name.size() + value.size());
  std::memcpy(p, name.data(), name.size());
  std::memcpy(p + name.size(), value.data(), value.size());
  const Entry e{text_.size(), uint32_t(value.size()), uint16_t(name.size()), code};
  text_.commit(name.size() + value.size());
  return e;
}

char* HeaderFields::Text::end(size_t n) {
  if (size_ + n > capacity_) {
    const uint32_t capacity = uint32_t(std::max(kTextAtFirst, 2 * (size_ + n)));
    char* grown = static_cast<char*>(pool::allocate(capacity));
    if (size_) std::memcpy(grown, data_, size_);
    if (data_) pool::deallocate(data_, capacity_);
    data_ = grown;
    capacity_ = capacity;
  }
  return data_ + size_;
}

HeaderFields::Text& HeaderFields::Text::operator=(const Text& o) {
  if (this == &o) return *this;
  size_ = 0;
  if (o.size_) std::memcpy(end(o.size_), o.data_, o.size_);
  size_ = o.size_;
  return *this;
}

void HeaderFields::Text::swap(Text& o) noexcept {
  std::swap(data_, o.data_);
  std::swap(size_, o.size_);
  std::swap(capacity_, o.capacity_);
}

void HeaderFields::insert(field code, std::string_view name, std::string_view value) {
  if (entries_.capacity() == 0) entries_.reserve(kEntriesAtFirst);
  entries_.push_back(append(code, name, value));
}

void HeaderFields::insert(field f, std::string_view value) { insert(f, http::to_string(f), value); }

void HeaderFields::insert(std::string_view name, std::string_view value) {
  insert(http::string_to_field(name), name, value);
}

// The first field of the name takes the new value in place; later ones go.
void HeaderFields::set(field code, std::string_view name, std::string_view value) {
  auto same = [&](const Entry& e) { return code != field::unknown ? e.code == code : named(e, name); };
  auto first = std::find_if(entries_.begin(), entries_.end(), same);
  if (first == entries_.end()) return insert(code, name, value);
  if ((*const_iterator(this, size_t(first - entries_.begin()))).value() != value) *first = append(code, name, value);
  entries_.erase(std::remove_if(first + 1, entries_.end(), same), entries_.end());
}

void HeaderFields::set(field f, std::string_view value) { set(f, http::to_string(f), value); }

void HeaderFields::set(std::string_view name, std::string_view value) {
  set(http::string_to_field(name), name, value);
}

template <class Match>
size_t HeaderFields::eraseWhere(Match match) {
  auto rest = std::remove_if(entries_.begin(), entries_.end(), match);
  const size_t n = size_t(entries_.end() - rest);
  entries_.erase(rest, entries_.end());
  return n;
}

size_t HeaderFields::erase(field f) {
  if (f == field::unknown) return 0;
  return eraseWhere([f](const Entry& e) { return e.code == f; });
}

size_t HeaderFields::erase(std::string_view name) {
  return eraseWhere([this, name](const Entry& e) { return named(e, name); });
}

HeaderFields::const_iterator HeaderFields::erase(const_iterator it) {
  entries_.erase(entries_.begin() + long(it.index()));
  return {this, it.index()};
}

void HeaderFields::clear() {
  entries_.clear();
  text_.clear();
}

// Chunked when it is the last transfer coding (RFC 9112 6.1).
bool HeaderFields::get_chunked_impl() const {
  const std::string_view te = (*this)[field::transfer_encoding];
  http::token_list codings(te);
  std::string_view last;
  for (auto c : codings) last = c;
  return isToken(last, "chunked");
}

void HeaderFields::set_chunked_impl(bool value) {
  if (indexOf(field::transfer_encoding) == entries_.size()) {
    if (value) insert(field::transfer_encoding, "chunked");
    return;
  }
  const std::string te((*this)[field::transfer_encoding]);
  std::string kept;
  for (auto c : http::token_list(te)) {
    if (isToken(c, "chunked")) continue;
    if (!kept.empty()) kept += ", ";
    kept.append(c.data(), c.size());
  }
  if (value) kept += kept.empty() ? "chunked" : ", chunked";
  if (kept.empty()) erase(field::transfer_encoding);
  else set(field::transfer_encoding, kept);
}

void HeaderFields::set_content_length_impl(const boost::optional<uint64_t>& value) {
  if (!value) erase(field::content_length);
  else set(field::content_length, std::to_string(*value));
}

// HTTP/1.1 is persistent unless Connection says close; HTTP/1.0 only when
// it says keep-alive.
bool HeaderFields::get_keep_alive_impl(unsigned version) const {
  const std::string_view connection = (*this)[field::connection];
  bool close = false, keepAlive = false;
  for (auto t : http::token_list(connection)) {
    close = close || isToken(t, "close");
    keepAlive = keepAlive || isToken(t, "keep-alive");
  }
  return version < 11 ? keepAlive : !close;
}

// Other Connection tokens (the names of hop-by-hop fields) are kept.
void HeaderFields::set_keep_alive_impl(unsigned version, bool keepAlive) {
  const bool persistentByDefault = version >= 11;
  if (indexOf(field::connection) == entries_.size()) {
    if (keepAlive != persistentByDefault) insert(field::connection, keepAlive ? "keep-alive" : "close");
    return;
  }
  const std::string connection((*this)[field::connection]);
  std::string kept;
  for (auto t : http::token_list(connection)) {
    if (isToken(t, "close") || isToken(t, "keep-alive")) continue;
    if (!kept.empty()) kept += ", ";
    kept.append(t.data(), t.size());
  }
  const char* says = keepAlive == persistentByDefault ? nullptr : keepAlive ? "keep-alive" : "close";
  if (says) kept += kept.empty() ? std::string(says) : std::string(", ") + says;
  if (kept.empty()) erase(field::connection);
  else set(field::connection, kept);
}

}  // namespace mp
