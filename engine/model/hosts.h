#pragma once

#include <string>

namespace ms::model {

inline constexpr const char* kClusterDomain = "svc.cluster.local";

// A host as Istio resolves it from a resource in `ns`: "reviews" -> "reviews.ns.svc.cluster.local",
// "reviews.other" -> "reviews.other.svc.cluster.local"; FQDNs, wildcards and external names as given.
std::string resolveHost(const std::string& host, const std::string& ns);

// Whether `pattern` (possibly "*" or "*.example.com") covers `host`.
bool hostMatches(const std::string& pattern, const std::string& host);

// Whether two host patterns can name the same host.
bool hostsOverlap(const std::string& a, const std::string& b);

// The short service name and namespace of a cluster-local FQDN; false for other hosts.
bool splitServiceHost(const std::string& fqdn, std::string& name, std::string& ns);

}  // namespace ms::model
