#include "analysis/validation/field_checks.h"

#include "model/duration.h"

#include <arpa/inet.h>
#include <re2/re2.h>

#include <cctype>
#include <cstdlib>

namespace ms::analysis {

std::string checkDuration(const std::string& text) {
  const auto seconds = model::parseDurationSeconds(text);
  if (!seconds) return "\"" + text + "\" is not a duration; write it like 1s, 500ms or 1m30s";
  if (*seconds < 0.001) return "duration \"" + text + "\" must be at least 1ms";
  return {};
}

std::string checkRegex(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 re(pattern, options);
  if (re.ok()) return {};
  return "\"" + pattern + "\" is not a valid regular expression: " + re.error() +
         "; Istio uses RE2 syntax";
}

namespace {

bool isDnsLabel(const std::string& label, bool allowUpper) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
    return false;
  for (unsigned char c : label) {
    const bool ok = std::isdigit(c) || c == '-' || std::islower(c) || (allowUpper && std::isupper(c));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string checkWildcardDomain(const std::string& host) {
  if (host.empty()) return "host must not be empty";
  if (host.size() > 255) return "host \"" + host + "\" is longer than 255 characters";
  std::string rest = host;
  if (rest == "*") return {};
  if (rest.rfind("*.", 0) == 0) rest = rest.substr(2);
  if (!rest.empty() && rest.back() == '.') rest.pop_back();  // absolute FQDN
  size_t start = 0;
  while (start <= rest.size()) {
    const size_t dot = rest.find('.', start);
    const std::string label = rest.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!isDnsLabel(label, true))
      return "host \"" + host + "\" is not a valid domain name (a wildcard may only be the first label, as in *.example.com)";
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return {};
}

std::string checkDns1123Label(const std::string& name) {
  if (isDnsLabel(name, false)) return {};
  return "\"" + name + "\" must be a DNS-1123 label: lower case letters, digits and '-', at most 63";
}

std::string checkPort(std::int64_t port) {
  if (port >= 1 && port <= 65535) return {};
  return "port number " + std::to_string(port) + " must be between 1 and 65535";
}

std::string checkPercent(double value) {
  if (value >= 0 && value <= 100) return {};
  return "percentage " + std::to_string(value) + " must be between 0 and 100";
}

std::string checkHeaderName(const std::string& name) {
  if (name.empty()) return "header name must not be empty";
  for (unsigned char c : name)
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == ':' || c == '.'))
      return "header name \"" + name + "\" has characters a header name cannot have";
  return {};
}

bool isIpAddress(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

std::string checkCidr(const std::string& text) {
  const auto slash = text.find('/');
  const std::string address = text.substr(0, slash);
  if (!isIpAddress(address)) return "\"" + text + "\" is not an IP address or CIDR block";
  if (slash == std::string::npos) return {};
  const std::string bits = text.substr(slash + 1);
  const int max = address.find(':') == std::string::npos ? 32 : 128;
  char* end = nullptr;
  const long n = std::strtol(bits.c_str(), &end, 10);
  if (bits.empty() || *end || n < 0 || n > max) return "\"" + text + "\" has a bad prefix length";
  return {};
}

}  // namespace ms::analysis
