#pragma once
// VirtualService matching: virtual host by Host header, then the first route
// whose match blocks accept the request (blocks ORed, fields inside ANDed).
#include <boost/beast/http/fields.hpp>
#include <string_view>

#include "config/config.h"
#include "http/message.h"

namespace mp {

struct RequestView {
  std::string_view method, target, authority, scheme = "http";
  const Fields* headers = nullptr;
  uint16_t port = 0;            // listener port the request arrived on
  const Labels* sourceLabels = nullptr;  // the proxy's own workload labels
};

bool matchString(const StringMatch& m, std::string_view value, bool ignoreCase = false);
bool matchRoute(const RouteMatch& m, const RequestView& req);
// Host header -> virtual host: exact domain, then "host:port", then the longest
// "*.suffix" wildcard, then "*". The port is ignored when the domain lacks one.
const VirtualHost* findVirtualHost(const RouteTable& table, std::string_view authority);
// matched (optional) receives the match block that accepted the request, or
// null when the route has no match blocks.
const Route* findRoute(const VirtualHost& vh, const RequestView& req, const RouteMatch** matched = nullptr);

std::string_view pathOf(std::string_view target);   // without ?query
std::string_view queryOf(std::string_view target);  // after '?', may be empty
// Value of one query parameter (not decoded); nullopt when absent.
std::optional<std::string_view> queryParam(std::string_view query, std::string_view name);

}  // namespace mp
