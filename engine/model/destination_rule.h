#pragma once

#include "model/istio_common.h"

namespace ms::model {

struct HttpCookieAttribute {
  OptString name, value;
  template <class V> void fields(V& v) {
    v("name", name, Required);
    v("value", value);
  }
  bool operator==(const HttpCookieAttribute&) const = default;
};

struct HttpCookie {
  OptString name, path, ttl;
  std::vector<HttpCookieAttribute> attributes;
  template <class V> void fields(V& v) {
    v("name", name, Required);
    v("path", path);
    v("ttl", ttl);
    v("attributes", attributes);
  }
  bool operator==(const HttpCookie&) const = default;
};

struct RingHash {
  OptInt minimumRingSize;
  template <class V> void fields(V& v) { v("minimumRingSize", minimumRingSize); }
  bool operator==(const RingHash&) const = default;
};

struct Maglev {
  OptInt tableSize;
  template <class V> void fields(V& v) { v("tableSize", tableSize); }
  bool operator==(const Maglev&) const = default;
};

struct ConsistentHashLb {
  OptString httpHeaderName, httpQueryParameterName;
  std::optional<HttpCookie> httpCookie;
  OptBool useSourceIp;
  std::optional<RingHash> ringHash;
  std::optional<Maglev> maglev;
  OptInt minimumRingSize;
  template <class V> void fields(V& v) {
    v("httpHeaderName", httpHeaderName);
    v("httpCookie", httpCookie);
    v("useSourceIp", useSourceIp);
    v("httpQueryParameterName", httpQueryParameterName);
    v("ringHash", ringHash);
    v("maglev", maglev);
    v("minimumRingSize", minimumRingSize);
  }
  bool operator==(const ConsistentHashLb&) const = default;
};

struct LocalityDistribute {
  OptString from;
  std::map<std::string, std::int64_t> to;
  template <class V> void fields(V& v) {
    v("from", from);
    v("to", to);
  }
  bool operator==(const LocalityDistribute&) const = default;
};

struct LocalityFailover {
  OptString from, to;
  template <class V> void fields(V& v) {
    v("from", from);
    v("to", to);
  }
  bool operator==(const LocalityFailover&) const = default;
};

struct LocalityLbSetting {
  std::vector<LocalityDistribute> distribute;
  std::vector<LocalityFailover> failover;
  Strings failoverPriority;
  OptBool enabled;
  template <class V> void fields(V& v) {
    v("distribute", distribute);
    v("failover", failover);
    v("failoverPriority", failoverPriority);
    v("enabled", enabled);
  }
  bool operator==(const LocalityLbSetting&) const = default;
};

struct ZoneAwareLbSetting {
  OptBool enabled;
  std::vector<LocalityFailover> failover;
  Strings failoverPriority;
  OptInt minClusterSize;
  template <class V> void fields(V& v) {
    v("enabled", enabled);
    v("failover", failover);
    v("failoverPriority", failoverPriority);
    v("minClusterSize", minClusterSize);
  }
  bool operator==(const ZoneAwareLbSetting&) const = default;
};

struct WarmupConfiguration {
  OptString duration;
  OptDouble minimumPercent, aggression;
  template <class V> void fields(V& v) {
    v("duration", duration, Required);
    v("minimumPercent", minimumPercent);
    v("aggression", aggression);
  }
  bool operator==(const WarmupConfiguration&) const = default;
};

struct BackendUtilization {
  OptString weightUpdatePeriod, weightExpirationPeriod, weightStabilizationPeriod;
  OptInt errorUtilizationPenaltyPercent;
  Strings metricNamesForComputingUtilization;
  template <class V> void fields(V& v) {
    v("weightUpdatePeriod", weightUpdatePeriod);
    v("weightExpirationPeriod", weightExpirationPeriod);
    v("weightStabilizationPeriod", weightStabilizationPeriod);
    v("errorUtilizationPenaltyPercent", errorUtilizationPenaltyPercent);
    v("metricNamesForComputingUtilization", metricNamesForComputingUtilization);
  }
  bool operator==(const BackendUtilization&) const = default;
};

struct LoadBalancerSettings {
  OptString simple, warmupDurationSecs;
  std::optional<ConsistentHashLb> consistentHash;
  std::optional<BackendUtilization> backendUtilization;
  std::optional<LocalityLbSetting> localityLbSetting;
  std::optional<ZoneAwareLbSetting> zoneAwareLbSetting;
  std::optional<WarmupConfiguration> warmup;
  template <class V> void fields(V& v) {
    v("simple", simple);
    v("consistentHash", consistentHash);
    v("backendUtilization", backendUtilization);
    v("localityLbSetting", localityLbSetting);
    v("zoneAwareLbSetting", zoneAwareLbSetting);
    v("warmupDurationSecs", warmupDurationSecs);
    v("warmup", warmup);
  }
  bool operator==(const LoadBalancerSettings&) const = default;
};

struct OutlierDetection {
  OptInt consecutiveErrors, consecutive5xxErrors, consecutiveGatewayErrors,
      consecutiveLocalOriginFailures, maxEjectionPercent, minHealthPercent;
  OptBool splitExternalLocalOriginErrors;
  OptString interval, baseEjectionTime;
  std::vector<std::int64_t> outlierDetectionHttpErrorCodes;
  template <class V> void fields(V& v) {
    v("splitExternalLocalOriginErrors", splitExternalLocalOriginErrors);
    v("consecutiveLocalOriginFailures", consecutiveLocalOriginFailures);
    v("consecutiveGatewayErrors", consecutiveGatewayErrors);
    v("consecutive5xxErrors", consecutive5xxErrors);
    v("consecutiveErrors", consecutiveErrors);
    v("interval", interval);
    v("baseEjectionTime", baseEjectionTime);
    v("maxEjectionPercent", maxEjectionPercent);
    v("minHealthPercent", minHealthPercent);
    v("outlierDetectionHttpErrorCodes", outlierDetectionHttpErrorCodes);
  }
  bool operator==(const OutlierDetection&) const = default;
};

struct ClientTlsSettings {
  OptString mode, clientCertificate, privateKey, caCertificates, credentialName, sni, caCrl;
  Strings subjectAltNames;
  OptBool insecureSkipVerify;
  template <class V> void fields(V& v) {
    v("mode", mode);
    v("clientCertificate", clientCertificate);
    v("privateKey", privateKey);
    v("caCertificates", caCertificates);
    v("credentialName", credentialName);
    v("subjectAltNames", subjectAltNames);
    v("sni", sni);
    v("insecureSkipVerify", insecureSkipVerify);
    v("caCrl", caCrl);
  }
  bool operator==(const ClientTlsSettings&) const = default;
};

struct PortTrafficPolicy {
  std::optional<PortSelector> port;
  std::optional<LoadBalancerSettings> loadBalancer;
  std::optional<ConnectionPoolSettings> connectionPool;
  std::optional<OutlierDetection> outlierDetection;
  std::optional<ClientTlsSettings> tls;
  template <class V> void fields(V& v) {
    v("port", port);
    v("loadBalancer", loadBalancer);
    v("connectionPool", connectionPool);
    v("outlierDetection", outlierDetection);
    v("tls", tls);
  }
  bool operator==(const PortTrafficPolicy&) const = default;
};

struct ProxyProtocol {
  OptString version;
  template <class V> void fields(V& v) { v("version", version); }
  bool operator==(const ProxyProtocol&) const = default;
};

struct TunnelSettings {
  OptString protocol, targetHost;
  OptInt targetPort;
  template <class V> void fields(V& v) {
    v("protocol", protocol);
    v("targetHost", targetHost, Required);
    v("targetPort", targetPort, Required);
  }
  bool operator==(const TunnelSettings&) const = default;
};

struct RetryBudget {
  OptDouble percent;
  OptInt minRetryConcurrency;
  OptString budgetInterval;
  template <class V> void fields(V& v) {
    v("percent", percent);
    v("minRetryConcurrency", minRetryConcurrency);
    v("budgetInterval", budgetInterval);
  }
  bool operator==(const RetryBudget&) const = default;
};

struct TrafficPolicy {
  std::optional<LoadBalancerSettings> loadBalancer;
  std::optional<ConnectionPoolSettings> connectionPool;
  std::optional<OutlierDetection> outlierDetection;
  std::optional<ClientTlsSettings> tls;
  std::vector<PortTrafficPolicy> portLevelSettings;
  std::optional<TunnelSettings> tunnel;
  std::optional<ProxyProtocol> proxyProtocol;
  std::optional<RetryBudget> retryBudget;
  template <class V> void fields(V& v) {
    v("loadBalancer", loadBalancer);
    v("connectionPool", connectionPool);
    v("outlierDetection", outlierDetection);
    v("tls", tls);
    v("portLevelSettings", portLevelSettings);
    v("tunnel", tunnel);
    v("proxyProtocol", proxyProtocol);
    v("retryBudget", retryBudget);
  }
  bool operator==(const TrafficPolicy&) const = default;
};

struct Subset {
  OptString name;
  Labels labels;
  std::optional<TrafficPolicy> trafficPolicy;
  template <class V> void fields(V& v) {
    v("name", name, Required);
    v("labels", labels);
    v("trafficPolicy", trafficPolicy);
  }
  bool operator==(const Subset&) const = default;
};

struct DestinationRule {
  OptString host;
  std::optional<TrafficPolicy> trafficPolicy;
  std::vector<Subset> subsets;
  Strings exportTo;
  std::optional<WorkloadSelector> workloadSelector;
  template <class V> void fields(V& v) {
    v("host", host, Required);
    v("trafficPolicy", trafficPolicy);
    v("subsets", subsets);
    v("exportTo", exportTo);
    v("workloadSelector", workloadSelector);
  }
  bool operator==(const DestinationRule&) const = default;
};

}  // namespace ms::model
