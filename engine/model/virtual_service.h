#pragma once

#include "model/istio_common.h"

namespace ms::model {

struct HeaderOperations {
  Labels set, add;
  Strings remove;
  template <class V> void fields(V& v) {
    v("set", set);
    v("add", add);
    v("remove", remove);
  }
  bool operator==(const HeaderOperations&) const = default;
};

struct Headers {
  std::optional<HeaderOperations> request, response;
  template <class V> void fields(V& v) {
    v("request", request);
    v("response", response);
  }
  bool operator==(const Headers&) const = default;
};

struct HttpMatchRequest {
  OptString name, sourceNamespace, statPrefix;
  std::optional<StringMatch> uri, scheme, method, authority;
  std::map<std::string, StringMatch> headers, queryParams, withoutHeaders;
  OptInt port;
  Labels sourceLabels;
  Strings gateways;
  OptBool ignoreUriCase;
  template <class V> void fields(V& v) {
    v("name", name);
    v("uri", uri);
    v("scheme", scheme);
    v("method", method);
    v("authority", authority);
    v("headers", headers);
    v("port", port);
    v("sourceLabels", sourceLabels);
    v("gateways", gateways);
    v("queryParams", queryParams);
    v("ignoreUriCase", ignoreUriCase);
    v("withoutHeaders", withoutHeaders);
    v("sourceNamespace", sourceNamespace);
    v("statPrefix", statPrefix);
  }
  bool operator==(const HttpMatchRequest&) const = default;
};

struct HttpRouteDestination {
  std::optional<Destination> destination;
  OptInt weight;
  std::optional<Headers> headers;
  template <class V> void fields(V& v) {
    v("destination", destination, Required);
    v("weight", weight);
    v("headers", headers);
  }
  bool operator==(const HttpRouteDestination&) const = default;
};

struct HttpRedirect {
  OptString uri, authority, derivePort, scheme, prefixRewrite;
  OptInt port, redirectCode;
  template <class V> void fields(V& v) {
    v("uri", uri);
    v("authority", authority);
    v("port", port);
    v("derivePort", derivePort);
    v("scheme", scheme);
    v("redirectCode", redirectCode);
    v("prefixRewrite", prefixRewrite);
  }
  bool operator==(const HttpRedirect&) const = default;
};

struct HttpBody {
  OptString text, bytes;
  template <class V> void fields(V& v) {
    v("string", text);
    v("bytes", bytes);
  }
  bool operator==(const HttpBody&) const = default;
};

struct HttpDirectResponse {
  OptInt status;
  std::optional<HttpBody> body;
  template <class V> void fields(V& v) {
    v("status", status, Required);
    v("body", body);
  }
  bool operator==(const HttpDirectResponse&) const = default;
};

struct RegexRewrite {
  OptString match, rewrite;
  template <class V> void fields(V& v) {
    v("match", match);
    v("rewrite", rewrite);
  }
  bool operator==(const RegexRewrite&) const = default;
};

struct HttpRewrite {
  OptString uri, authority;
  std::optional<RegexRewrite> uriRegexRewrite;
  template <class V> void fields(V& v) {
    v("uri", uri);
    v("authority", authority);
    v("uriRegexRewrite", uriRegexRewrite);
  }
  bool operator==(const HttpRewrite&) const = default;
};

struct HttpRetry {
  OptInt attempts;
  OptString perTryTimeout, retryOn, backoff;
  OptBool retryRemoteLocalities, retryIgnorePreviousHosts;
  template <class V> void fields(V& v) {
    v("attempts", attempts);
    v("perTryTimeout", perTryTimeout);
    v("retryOn", retryOn);
    v("retryRemoteLocalities", retryRemoteLocalities);
    v("retryIgnorePreviousHosts", retryIgnorePreviousHosts);
    v("backoff", backoff);
  }
  bool operator==(const HttpRetry&) const = default;
};

struct FaultDelay {
  OptString fixedDelay, exponentialDelay;
  std::optional<Percent> percentage;
  OptInt percent;  // deprecated integer form
  template <class V> void fields(V& v) {
    v("fixedDelay", fixedDelay);
    v("exponentialDelay", exponentialDelay);
    v("percentage", percentage);
    v("percent", percent);
  }
  bool operator==(const FaultDelay&) const = default;
};

struct FaultAbort {
  OptInt httpStatus;
  OptString grpcStatus, http2Error;
  std::optional<Percent> percentage;
  template <class V> void fields(V& v) {
    v("httpStatus", httpStatus);
    v("grpcStatus", grpcStatus);
    v("http2Error", http2Error);
    v("percentage", percentage);
  }
  bool operator==(const FaultAbort&) const = default;
};

struct HttpFaultInjection {
  std::optional<FaultDelay> delay;
  std::optional<FaultAbort> abort;
  template <class V> void fields(V& v) {
    v("delay", delay);
    v("abort", abort);
  }
  bool operator==(const HttpFaultInjection&) const = default;
};

struct HttpMirrorPolicy {
  std::optional<Destination> destination;
  std::optional<Percent> percentage;
  template <class V> void fields(V& v) {
    v("destination", destination, Required);
    v("percentage", percentage);
  }
  bool operator==(const HttpMirrorPolicy&) const = default;
};

struct CorsPolicy {
  std::vector<StringMatch> allowOrigins;
  Strings allowOrigin, allowMethods, allowHeaders, exposeHeaders;
  OptString maxAge, unmatchedPreflights;
  OptBool allowCredentials;
  template <class V> void fields(V& v) {
    v("allowOrigin", allowOrigin);
    v("allowOrigins", allowOrigins);
    v("allowMethods", allowMethods);
    v("allowHeaders", allowHeaders);
    v("exposeHeaders", exposeHeaders);
    v("maxAge", maxAge);
    v("allowCredentials", allowCredentials);
    v("unmatchedPreflights", unmatchedPreflights);
  }
  bool operator==(const CorsPolicy&) const = default;
};

struct Delegate {
  OptString name, namespace_;
  template <class V> void fields(V& v) {
    v("name", name);
    v("namespace", namespace_);
  }
  bool operator==(const Delegate&) const = default;
};

struct HttpRoute {
  OptString name, timeout;
  std::vector<HttpMatchRequest> match;
  std::vector<HttpRouteDestination> route;
  std::optional<HttpRedirect> redirect;
  std::optional<HttpDirectResponse> directResponse;
  std::optional<Delegate> delegate;
  std::optional<HttpRewrite> rewrite;
  std::optional<HttpRetry> retries;
  std::optional<HttpFaultInjection> fault;
  std::optional<Destination> mirror;
  std::optional<Percent> mirrorPercentage;
  OptInt mirrorPercent, mirrorPercentSnake;  // deprecated forms
  std::vector<HttpMirrorPolicy> mirrors;
  std::optional<CorsPolicy> corsPolicy;
  std::optional<Headers> headers;
  template <class V> void fields(V& v) {
    v("name", name);
    v("match", match);
    v("route", route);
    v("redirect", redirect);
    v("directResponse", directResponse);
    v("delegate", delegate);
    v("rewrite", rewrite);
    v("timeout", timeout);
    v("retries", retries);
    v("fault", fault);
    v("mirror", mirror);
    v("mirrors", mirrors);
    v("mirrorPercent", mirrorPercent);
    v("mirror_percent", mirrorPercentSnake);
    v("mirrorPercentage", mirrorPercentage);
    v("corsPolicy", corsPolicy);
    v("headers", headers);
  }
  bool operator==(const HttpRoute&) const = default;
};

struct TlsMatchAttributes {
  Strings sniHosts, destinationSubnets, gateways;
  OptInt port;
  Labels sourceLabels;
  OptString sourceNamespace;
  template <class V> void fields(V& v) {
    v("sniHosts", sniHosts, Required);
    v("destinationSubnets", destinationSubnets);
    v("port", port);
    v("sourceLabels", sourceLabels);
    v("gateways", gateways);
    v("sourceNamespace", sourceNamespace);
  }
  bool operator==(const TlsMatchAttributes&) const = default;
};

struct L4MatchAttributes {
  Strings destinationSubnets, gateways;
  OptInt port;
  OptString sourceSubnet, sourceNamespace;
  Labels sourceLabels;
  template <class V> void fields(V& v) {
    v("destinationSubnets", destinationSubnets);
    v("port", port);
    v("sourceSubnet", sourceSubnet);
    v("sourceLabels", sourceLabels);
    v("gateways", gateways);
    v("sourceNamespace", sourceNamespace);
  }
  bool operator==(const L4MatchAttributes&) const = default;
};

struct RouteDestination {
  std::optional<Destination> destination;
  OptInt weight;
  template <class V> void fields(V& v) {
    v("destination", destination, Required);
    v("weight", weight);
  }
  bool operator==(const RouteDestination&) const = default;
};

struct TlsRoute {
  std::vector<TlsMatchAttributes> match;
  std::vector<RouteDestination> route;
  template <class V> void fields(V& v) {
    v("match", match, Required);
    v("route", route);
  }
  bool operator==(const TlsRoute&) const = default;
};

struct TcpRoute {
  std::vector<L4MatchAttributes> match;
  std::vector<RouteDestination> route;
  template <class V> void fields(V& v) {
    v("match", match);
    v("route", route);
  }
  bool operator==(const TcpRoute&) const = default;
};

struct VirtualService {
  Strings hosts, gateways, exportTo;
  std::vector<HttpRoute> http;
  std::vector<TlsRoute> tls;
  std::vector<TcpRoute> tcp;
  template <class V> void fields(V& v) {
    v("hosts", hosts);
    v("gateways", gateways);
    v("http", http);
    v("tls", tls);
    v("tcp", tcp);
    v("exportTo", exportTo);
  }
  bool operator==(const VirtualService&) const = default;
};

}  // namespace ms::model
