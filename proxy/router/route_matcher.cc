#include "router/route_matcher.h"

#include <boost/beast/core/string.hpp>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace mp {
namespace {

bool iequalsPrefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

bool headerMatches(const std::string& name, const StringMatch& m, const Fields& h) {
  auto v = joinedHeader(h, name);
  return v && matchString(m, *v);
}

// Istio compiles withoutHeaders to Envoy header matchers with invert_match,
// plus treat_missing_header_as_empty for every kind but presence. So an
// absent header is "not present" (the route may match) for {}, and the empty
// value for the others: {exact: ""}, {prefix: ""} or {regex: ".*"} match it,
// which excludes the route; {exact: "yes"} does not, which keeps it.
bool withoutHeaderExcludes(const std::string& name, const StringMatch& m, const Fields* h) {
  if (h)
    if (auto v = joinedHeader(*h, name)) return matchString(m, *v);
  return m.kind != StringMatch::Kind::Present && matchString(m, std::string_view{});
}

}  // namespace

std::string_view pathOf(std::string_view target) { return target.substr(0, target.find('?')); }

std::string_view queryOf(std::string_view target) {
  auto q = target.find('?');
  return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

std::optional<std::string_view> queryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name)
      return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

bool matchString(const StringMatch& m, std::string_view v, bool ignoreCase) {
  switch (m.kind) {
    case StringMatch::Kind::Present: return true;
    case StringMatch::Kind::Exact:
      return ignoreCase ? v.size() == m.value.size() && iequalsPrefix(v, m.value) : v == m.value;
    case StringMatch::Kind::Prefix:
      return ignoreCase ? iequalsPrefix(v, m.value) : v.substr(0, m.value.size()) == m.value;
    case StringMatch::Kind::Regex:  // Istio/Envoy regexes must match the whole value
      return m.regex && RE2::FullMatch(re2::StringPiece(v.data(), v.size()), *m.regex);
  }
  return false;
}

bool matchRoute(const RouteMatch& m, const RequestView& r) {
  if (m.uri && !matchString(*m.uri, pathOf(r.target), m.ignoreUriCase)) return false;
  if (m.method && !matchString(*m.method, r.method)) return false;
  if (m.scheme && !matchString(*m.scheme, r.scheme)) return false;
  if (m.authority && !matchString(*m.authority, r.authority)) return false;
  if (m.port && m.port != r.port) return false;
  for (auto& [name, sm] : m.headers)
    if (!r.headers || !headerMatches(name, sm, *r.headers)) return false;
  for (auto& [name, sm] : m.withoutHeaders)
    if (withoutHeaderExcludes(name, sm, r.headers)) return false;
  for (auto& [name, sm] : m.queryParams) {
    auto v = queryParam(queryOf(r.target), name);
    if (!v || !matchString(sm, *v)) return false;
  }
  for (auto& [k, v] : m.sourceLabels) {
    if (!r.sourceLabels) return false;
    auto it = r.sourceLabels->find(k);
    if (it == r.sourceLabels->end() || it->second != v) return false;
  }
  return true;
}

// Compared in place, case-insensitively: this runs on every request, and a
// lowered copy of the Host header would be an allocation for most of them.
const VirtualHost* findVirtualHost(const RouteTable& table, std::string_view authority) {
  using boost::beast::iequals;
  const auto colon = authority.rfind(':');
  const std::string_view bare = colon == std::string_view::npos ? authority : authority.substr(0, colon);
  const VirtualHost* wildcard = nullptr;
  size_t wildLen = 0;
  const VirtualHost* any = nullptr;
  for (const auto& vh : table.virtualHosts)
    for (const auto& d : vh.domains) {
      if (iequals(d, authority) || iequals(d, bare)) return &vh;
      if (d == "*") { any = any ? any : &vh; continue; }
      if (d.size() > 1 && d[0] == '*') {
        std::string_view suffix(d.data() + 1, d.size() - 1);
        if (bare.size() > suffix.size() && iequals(bare.substr(bare.size() - suffix.size()), suffix) &&
            suffix.size() > wildLen) {
          wildcard = &vh;
          wildLen = suffix.size();
        }
      }
    }
  return wildcard ? wildcard : any;
}

const Route* findRoute(const VirtualHost& vh, const RequestView& req, const RouteMatch** matched) {
  if (matched) *matched = nullptr;
  for (const auto& route : vh.routes) {
    if (route.matches.empty()) return &route;
    for (const auto& m : route.matches)
      if (matchRoute(m, req)) {
        if (matched) *matched = &m;
        return &route;
      }
  }
  return nullptr;
}

}  // namespace mp
