#pragma once

// Field forms Istio's validation webhook accepts. Each returns an empty string when the value
// is fine, else what is wrong with it, phrased for the user.

#include <cstdint>
#include <optional>
#include <string>

namespace ms::analysis {

// A duration (model/duration.h) of at least 1 ms, as Istio requires.
std::string checkDuration(const std::string& text);

std::string checkRegex(const std::string& pattern);        // RE2, as Envoy and Istio use
std::string checkWildcardDomain(const std::string& host);  // "reviews", "*.example.com", "*"
std::string checkDns1123Label(const std::string& name);    // subset names, namespaces
std::string checkPort(std::int64_t port);
std::string checkPercent(double value);
std::string checkHeaderName(const std::string& name);
bool isIpAddress(const std::string& text);
std::string checkCidr(const std::string& text);

}  // namespace ms::analysis
