#include "model/hosts.h"

#include <algorithm>

namespace ms::model {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string resolveHost(const std::string& host, const std::string& ns) {
  if (host.empty() || host == "*" || host.front() == '*') return host;
  const auto dots = std::count(host.begin(), host.end(), '.');
  if (dots == 0) return host + "." + ns + "." + kClusterDomain;
  if (dots == 1) return host + "." + kClusterDomain;  // name.namespace
  if (endsWith(host, ".svc")) return host + ".cluster.local";
  return host;
}

bool hostMatches(const std::string& pattern, const std::string& host) {
  if (pattern == "*") return true;
  if (pattern.size() > 1 && pattern[0] == '*') return endsWith(host, pattern.substr(1));
  return pattern == host;
}

bool hostsOverlap(const std::string& a, const std::string& b) {
  return hostMatches(a, b) || hostMatches(b, a);
}

bool splitServiceHost(const std::string& fqdn, std::string& name, std::string& ns) {
  const std::string suffix = std::string(".") + kClusterDomain;
  if (!endsWith(fqdn, suffix)) return false;
  const std::string head = fqdn.substr(0, fqdn.size() - suffix.size());
  const auto dot = head.find('.');
  if (dot == std::string::npos || head.find('.', dot + 1) != std::string::npos) return false;
  name = head.substr(0, dot);
  ns = head.substr(dot + 1);
  return true;
}

}  // namespace ms::model
