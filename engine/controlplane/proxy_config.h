#pragma once

// The configuration of one meshproxy, as the data plane reads it (docs/proxy-config.md):
// listeners, route tables and clusters, like Envoy's split. Where a part has the shape of an
// Istio message (matches, retries, rewrite, traffic policy), the model's type is reused.

#include "model/destination_rule.h"
#include "model/security.h"
#include "model/virtual_service.h"

namespace ms::controlplane {

using model::Labels;
using model::OptBool;
using model::OptDouble;
using model::OptInt;
using model::OptString;
using model::Strings;

struct NodeInfo {
  OptString id, workload, namespace_, service;
  Labels labels;
  template <class V> void fields(V& v) {
    v("id", id);
    v("workload", workload);
    v("namespace", namespace_);
    v("service", service);
    v("labels", labels);
  }
};

struct Identity {
  OptString cert, key, ca, trustDomain;
  template <class V> void fields(V& v) {
    v("cert", cert);
    v("key", key);
    v("ca", ca);
    v("trustDomain", trustDomain);
  }
};

struct SocketAddress {
  OptString address;
  OptInt port;
  template <class V> void fields(V& v) {
    v("address", address);
    v("port", port);
  }
};

struct AuthorizationRules {
  OptString name, action;
  std::vector<model::Rule> rules;
  template <class V> void fields(V& v) {
    v("name", name);
    v("action", action);
    v("rules", rules);
  }
};

struct Listener {
  OptString name, kind, address, routeTable, mtls;
  OptInt port;
  std::optional<SocketAddress> forwardTo;
  std::vector<AuthorizationRules> authorization;
  Strings hosts;
  template <class V> void fields(V& v) {
    v("name", name);
    v("kind", kind);
    v("address", address);
    v("port", port);
    v("routeTable", routeTable);
    v("mtls", mtls);
    v("forwardTo", forwardTo);
    v("hosts", hosts);
    v("authorization", authorization);
  }
};

struct WeightedCluster {
  OptString cluster, subset;
  OptInt weight;
  std::optional<model::Headers> headers;
  template <class V> void fields(V& v) {
    v("cluster", cluster);
    v("subset", subset);
    v("weight", weight);
    v("headers", headers);
  }
};

struct FaultDelay {
  OptString fixedDelay;
  OptDouble percentage;
  template <class V> void fields(V& v) {
    v("fixedDelay", fixedDelay);
    v("percentage", percentage);
  }
};

struct FaultAbort {
  OptInt httpStatus;
  OptDouble percentage;
  template <class V> void fields(V& v) {
    v("httpStatus", httpStatus);
    v("percentage", percentage);
  }
};

struct Fault {
  std::optional<FaultDelay> delay;
  std::optional<FaultAbort> abort;
  template <class V> void fields(V& v) {
    v("delay", delay);
    v("abort", abort);
  }
};

struct Route {
  OptString name, timeout;
  std::vector<model::HttpMatchRequest> match;
  std::vector<WeightedCluster> route;
  std::optional<model::HttpRedirect> redirect;
  std::optional<model::HttpDirectResponse> directResponse;
  std::optional<model::HttpRewrite> rewrite;
  std::optional<model::HttpRetry> retries;
  std::optional<Fault> fault;
  std::optional<WeightedCluster> mirror;
  OptDouble mirrorPercentage;
  std::optional<model::Headers> headers;
  template <class V> void fields(V& v) {
    v("name", name);
    v("match", match);
    v("route", route);
    v("redirect", redirect);
    v("directResponse", directResponse);
    v("rewrite", rewrite);
    v("timeout", timeout);
    v("retries", retries);
    v("fault", fault);
    v("mirror", mirror);
    v("mirrorPercentage", mirrorPercentage);
    v("headers", headers);
  }
};

struct VirtualHost {
  OptString name;
  Strings domains;
  std::vector<Route> routes;
  template <class V> void fields(V& v) {
    v("name", name);
    v("domains", domains);
    v("routes", routes);
  }
};

struct RouteTable {
  OptString name;
  std::vector<VirtualHost> virtualHosts;
  template <class V> void fields(V& v) {
    v("name", name);
    v("virtualHosts", virtualHosts);
  }
};

struct Endpoint {
  OptString address, workload, namespace_, identity;
  OptInt port;
  Labels labels;
  template <class V> void fields(V& v) {
    v("address", address);
    v("port", port);
    v("labels", labels);
    v("workload", workload);
    v("namespace", namespace_);
    v("identity", identity);
  }
};

struct ClusterSubset {
  OptString name;
  Labels labels;
  std::optional<model::TrafficPolicy> trafficPolicy;
  template <class V> void fields(V& v) {
    v("name", name);
    v("labels", labels);
    v("trafficPolicy", trafficPolicy);
  }
};

struct Cluster {
  OptString name, service, serviceName, namespace_;
  std::optional<model::TrafficPolicy> trafficPolicy;
  std::vector<Endpoint> endpoints;
  std::vector<ClusterSubset> subsets;
  template <class V> void fields(V& v) {
    v("name", name);
    v("service", service);
    v("serviceName", serviceName);
    v("namespace", namespace_);
    v("trafficPolicy", trafficPolicy);
    v("endpoints", endpoints);
    v("subsets", subsets);
  }
};

struct ProxyConfig {
  OptString version;
  OptBool accessLog;
  std::optional<NodeInfo> node;
  std::optional<Identity> identity;
  std::optional<SocketAddress> admin;
  std::vector<Listener> listeners;
  std::vector<RouteTable> routeTables;
  std::vector<Cluster> clusters;
  template <class V> void fields(V& v) {
    v("version", version);
    v("accessLog", accessLog);
    v("node", node);
    v("identity", identity);
    v("admin", admin);
    v("listeners", listeners);
    v("routeTables", routeTables);
    v("clusters", clusters);
  }
};

}  // namespace ms::controlplane
