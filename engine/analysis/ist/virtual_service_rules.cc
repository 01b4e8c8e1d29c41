// IST0130 and IST0131: Istio's validation reports these as warnings on a VirtualService
// (pkg/config/validation: analyzeUnreachableHTTPRules/TCPRules/TLSRules), and istioctl analyze
// turns them into these messages.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <type_traits>

#include "analysis/ist/analyzer_families.h"
#include "analysis/ist/ist_util.h"

namespace ms::analysis::ist {

namespace {

using model::Level;

struct Reporter {
  const Context& ctx;
  const model::Resource& r;
  std::string kind;  // "http", "tcp", "tls"

  void unreachable(size_t rule, const std::string& ruleName, const std::string& reason) const {
    ctx.report("IST0130", Level::Warning, r, "spec." + kind + "[" + std::to_string(rule) + "]",
               "VirtualService rule " + ruleName + " not used (" + reason + ").");
  }
  void ineffective(size_t rule, size_t match, const std::string& ruleName,
                   const std::string& matchName, const std::string& dupName) const {
    ctx.report(
        "IST0131", Level::Info, r,
        "spec." + kind + "[" + std::to_string(rule) + "].match[" + std::to_string(match) + "]",
        "VirtualService rule " + ruleName + " match " + matchName +
            " is not used (duplicate/overlapping match in rule " + dupName + ").");
  }
};

// routeName / requestName: a quoted name when given, else "#n".
std::string numbered(const std::optional<std::string>& name, size_t n) {
  return name && !name->empty() ? "\"" + *name + "\"" : "#" + std::to_string(n);
}

std::string nameOf(const model::HttpRoute& r, size_t n) { return numbered(r.name, n); }
template <class Route>
std::string nameOf(const Route&, size_t n) {
  return "#" + std::to_string(n);
}
std::string nameOf(const model::HttpMatchRequest& m, size_t n) { return numbered(m.name, n); }

// Matches compare as data, as Istio compares their JSON: without the name, and with zero values
// (port 0, ignoreUriCase false) the same as absent ones, which JSON leaves out.
model::HttpMatchRequest comparable(model::HttpMatchRequest m) {
  m.name.reset();
  if (m.port == 0) m.port.reset();
  if (m.ignoreUriCase == false) m.ignoreUriCase.reset();
  return m;
}
template <class Match>
Match comparable(Match m) {
  if (m.port == 0) m.port.reset();
  return m;
}

// An HTTP match with a URI prefix, reduced to what the overlap check compares.
struct PrefixMatch {
  std::string routeName, matchName, prefix, method, authority;
  std::int64_t port = 0;
  std::map<std::string, std::string> headers, queryParams, withoutHeaders;
};

std::string exactOrPrefix(const std::optional<model::StringMatch>& m) {
  if (m && m->exact && !m->exact->empty()) return "exact:" + *m->exact;
  if (m && m->prefix && !m->prefix->empty()) return "prefix:" + *m->prefix;
  return "";
}

std::map<std::string, std::string> exactOrPrefix(
    const std::map<std::string, model::StringMatch>& ms) {
  std::map<std::string, std::string> out;
  for (const auto& [key, m] : ms) out[key] = exactOrPrefix(std::optional<model::StringMatch>(m));
  return out;
}

// genMatchHTTPRoutes: only matches on a URI prefix take part; no method means GET.
std::optional<PrefixMatch> prefixMatch(const model::HttpRoute& route, size_t rule,
                                       const model::HttpMatchRequest& m, size_t n) {
  if (!m.uri || !m.uri->prefix || m.uri->prefix->empty()) return std::nullopt;
  PrefixMatch p{nameOf(route, rule),
                nameOf(m, n),
                *m.uri->prefix,
                exactOrPrefix(m.method),
                exactOrPrefix(m.authority),
                m.port.value_or(0),
                exactOrPrefix(m.headers),
                exactOrPrefix(m.queryParams),
                exactOrPrefix(m.withoutHeaders)};
  if (p.method.empty()) p.method = "exact:GET";
  return p;
}

// A's value is B's, or narrower than B's prefix.
bool within(const std::string& a, const std::string& b) { return a == b || a.rfind(b, 0) == 0; }

bool mapsWithin(const std::map<std::string, std::string>& a,
                const std::map<std::string, std::string>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [key, value] : a) {
    const auto it = b.find(key);
    if (it == b.end() || !within(value, it->second)) return false;
  }
  return true;
}

// coveredValidation: the earlier prefix match `a` takes every request the later `b` would.
bool covers(const PrefixMatch& a, const PrefixMatch& b) {
  return b.prefix.rfind(a.prefix, 0) == 0 && a.port == b.port && within(a.method, b.method) &&
         within(a.authority, b.authority) && mapsWithin(a.headers, b.headers) &&
         mapsWithin(a.queryParams, b.queryParams) && mapsWithin(a.withoutHeaders, b.withoutHeaders);
}

void reportOverlaps(const Reporter& rep, const std::vector<std::pair<size_t, size_t>>& at,
                    const std::vector<PrefixMatch>& matches) {
  for (size_t i = 0; i < matches.size(); ++i)
    for (size_t j = i + 1; j < matches.size(); ++j) {
      const PrefixMatch &a = matches[i], &b = matches[j];
      if (a.prefix == b.prefix || !covers(a, b)) continue;
      rep.ineffective(at[j].first, at[j].second, b.routeName,
                      b.matchName + " of prefix " + b.prefix,
                      a.matchName + " of prefix " + a.prefix + " on " + a.routeName);
    }
}

// analyzeUnreachable*Rules, shared by the three route kinds. Only HTTP also checks prefixes.
template <class Route>
void analyzeRules(const Reporter& rep, const std::vector<Route>& routes) {
  using Match = typename decltype(Route{}.match)::value_type;
  std::vector<std::pair<Match, size_t>> seen;  // match (without name) -> first rule using it
  std::optional<size_t> catchAll;
  std::vector<PrefixMatch> prefixes;
  std::vector<std::pair<size_t, size_t>> prefixAt;
  for (size_t n = 0; n < routes.size(); ++n) {
    const Route& route = routes[n];
    const std::string name = nameOf(route, n);
    if (route.match.empty()) {
      if (catchAll) rep.unreachable(n, name, "only the last rule can have no matches");
      catchAll = n;
      continue;
    }
    size_t duplicates = 0;
    for (size_t m = 0; m < route.match.size(); ++m) {
      if (catchAll) {
        // Istio reports this once per match; istioctl prints identical messages once.
        if (m == 0) rep.unreachable(n, name, "route without matches defined before");
        continue;
      }
      const auto key = comparable(route.match[m]);
      auto it =
          std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
      if (it != seen.end()) {
        rep.ineffective(n, m, name, nameOf(route.match[m], m),
                        nameOf(routes[it->second], it->second));
        ++duplicates;
        continue;
      }
      seen.emplace_back(key, n);
      if constexpr (std::is_same_v<Route, model::HttpRoute>) {
        if (auto p = prefixMatch(route, n, route.match[m], m)) {
          prefixes.push_back(std::move(*p));
          prefixAt.emplace_back(n, m);
        }
      }
    }
    if (duplicates == route.match.size())
      rep.unreachable(n, name, "all matches used by prior rules");
  }
  reportOverlaps(rep, prefixAt, prefixes);
}

}  // namespace

void analyzeUnreachableRules(const Context& ctx) {
  for (const model::Resource* r : ctx.mesh.ofKind(model::Kind::VirtualService)) {
    const auto& vs = *r->as<model::VirtualService>();
    analyzeRules(Reporter{ctx, *r, "http"}, vs.http);
    analyzeRules(Reporter{ctx, *r, "tcp"}, vs.tcp);
    analyzeRules(Reporter{ctx, *r, "tls"}, vs.tls);
  }
}

}  // namespace ms::analysis::ist
