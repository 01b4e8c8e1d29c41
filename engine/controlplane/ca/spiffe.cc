#include "controlplane/ca/spiffe.h"

#include <algorithm>

namespace ms::ca {
namespace {

bool isLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool isPunctuation(char c) { return c == '.' || c == '-' || c == '_'; }

bool validTrustDomain(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return isLowerAlnum(c) || isPunctuation(c); });
}

bool validSegment(std::string_view s) {
  auto allowed = [](char c) {
    return isLowerAlnum(c) || (c >= 'A' && c <= 'Z') || isPunctuation(c);
  };
  return !s.empty() && s != "." && s != ".." && std::all_of(s.begin(), s.end(), allowed);
}

}  // namespace

std::string spiffeId(std::string_view trustDomain, std::string_view ns, std::string_view sa) {
  std::string id = "spiffe://";
  id += trustDomain;
  id += "/ns/";
  id += ns;
  id += "/sa/";
  id += sa;
  return id;
}

Status checkTrustDomain(std::string_view trustDomain) {
  if (!validTrustDomain(trustDomain)) {
    return Error{"invalid SPIFFE trust domain '" + std::string(trustDomain) + "'"};
  }
  return {};
}

Status checkIdentity(std::string_view trustDomain, std::string_view ns, std::string_view sa) {
  if (auto s = checkTrustDomain(trustDomain); !s) return s;
  if (!validSegment(ns)) return Error{"invalid namespace '" + std::string(ns) + "'"};
  if (!validSegment(sa)) return Error{"invalid service account '" + std::string(sa) + "'"};
  return {};
}

}  // namespace ms::ca
