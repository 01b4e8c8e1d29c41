#pragma once
// The compiled, immutable proxy configuration (one snapshot per config file
// version). Mirrors Envoy's listener / route / cluster split, with Istio's
// VirtualService, DestinationRule, PeerAuthentication and AuthorizationPolicy
// semantics already resolved by the control plane. See docs/proxy-config.md.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace mp {

using Millis = std::chrono::milliseconds;
using Labels = std::map<std::string, std::string>;

// ---- matching -------------------------------------------------------------

struct StringMatch {
  enum class Kind { Exact, Prefix, Regex, Present };
  Kind kind = Kind::Present;
  std::string value;
  std::shared_ptr<const re2::RE2> regex;  // set when kind == Regex
};

struct RouteMatch {
  std::optional<StringMatch> uri, scheme, method, authority;
  std::vector<std::pair<std::string, StringMatch>> headers;         // name lower-cased
  std::vector<std::pair<std::string, StringMatch>> withoutHeaders;  // none may match
  std::vector<std::pair<std::string, StringMatch>> queryParams;
  bool ignoreUriCase = false;
  Labels sourceLabels;  // matched against the proxy's own node labels
  uint16_t port = 0;    // 0: any listener port
};

// ---- route actions --------------------------------------------------------

struct HeaderOps {
  std::vector<std::pair<std::string, std::string>> set, add;
  std::vector<std::string> remove;
  bool empty() const { return set.empty() && add.empty() && remove.empty(); }
};

struct HeaderRules {
  HeaderOps request, response;
};

struct Destination {
  std::string cluster;  // Cluster::name
  std::string subset;   // empty: all endpoints
  uint32_t weight = 100;
  HeaderRules headers;
};

// retryOn conditions as bits; retriable status codes kept separately.
enum RetryOn : uint32_t {
  kRetry5xx = 1u << 0,
  kRetryGatewayError = 1u << 1,
  kRetryReset = 1u << 2,
  kRetryConnectFailure = 1u << 3,
  kRetryRetriable4xx = 1u << 4,
  kRetryRefusedStream = 1u << 5,
  kRetryRetriableStatusCodes = 1u << 6,
  kRetryUnavailable = 1u << 7,  // gRPC status; never true for HTTP/1 here
  kRetryCancelled = 1u << 8,    // gRPC status; never true for HTTP/1 here
};

struct RetryPolicy {
  uint32_t attempts = 2;  // retries after the first try (Istio default 2)
  std::optional<Millis> perTryTimeout;
  uint32_t retryOn = kRetryConnectFailure | kRetryRefusedStream | kRetryUnavailable |
                     kRetryCancelled | kRetryRetriableStatusCodes;
  std::vector<uint32_t> retriableStatusCodes;
};

struct FaultDelay {
  Millis delay{0};
  double percent = 100;
};
struct FaultAbort {
  uint32_t status = 503;
  double percent = 100;
};
struct Fault {
  std::optional<FaultDelay> delay;
  std::optional<FaultAbort> abort;
};

struct Mirror {
  std::string cluster, subset;
  double percent = 100;
};

struct Redirect {
  std::string uri, authority, scheme;
  uint32_t code = 301;
};

struct DirectResponse {
  uint32_t status = 200;
  std::string body;
};

struct Route {
  std::string name;
  std::vector<RouteMatch> matches;  // empty: matches everything
  std::vector<Destination> destinations;
  std::optional<Redirect> redirect;
  std::optional<DirectResponse> directResponse;
  std::string rewriteUri, rewriteAuthority;
  std::optional<Millis> timeout;  // unset: no route timeout (Istio default)
  RetryPolicy retries;
  std::optional<Fault> fault;
  std::optional<Mirror> mirror;
  HeaderRules headers;
};

struct VirtualHost {
  std::string name;
  std::vector<std::string> domains;  // "host", "host:port", "*.suffix", "*"
  std::vector<Route> routes;
};

struct RouteTable {
  std::string name;
  std::vector<VirtualHost> virtualHosts;
};

// ---- clusters -------------------------------------------------------------

struct LbPolicy {
  enum class Kind { LeastRequest, RoundRobin, Random, ConsistentHash };
  enum class HashOn { Header, Cookie, SourceIp, QueryParam };
  Kind kind = Kind::LeastRequest;
  HashOn hashOn = HashOn::Header;
  std::string hashKey;  // header / cookie / query parameter name
  uint32_t ringSize = 1024;
};

struct PoolSettings {
  uint32_t maxConnections = 4294967295u;
  Millis connectTimeout{10000};
  uint32_t maxPendingRequests = 4294967295u;  // http1MaxPendingRequests
  uint32_t maxRequests = 4294967295u;         // http2MaxRequests
  uint32_t maxRequestsPerConnection = 0;      // 0: unlimited
  uint32_t maxRetries = 4294967295u;
  Millis idleTimeout{3600000};
};

struct OutlierDetection {
  bool enabled = false;
  uint32_t consecutive5xx = 5;            // 0 disables
  uint32_t consecutiveGatewayErrors = 0;  // 0 disables
  Millis interval{10000};
  Millis baseEjectionTime{30000};
  uint32_t maxEjectionPercent = 10;
};

struct UpstreamTls {
  enum class Mode { Disable, Simple, Mutual, IstioMutual };
  Mode mode = Mode::Disable;
  std::string sni;
  std::vector<std::string> subjectAltNames;  // accepted peer URI SANs; empty: any
  std::string certFile, keyFile, caFile;     // MUTUAL / SIMPLE; ISTIO_MUTUAL uses identity
};

struct TrafficPolicy {
  LbPolicy lb;
  PoolSettings pool;
  OutlierDetection outlier;
  UpstreamTls tls;
};

struct Endpoint {
  std::string address;
  uint16_t port = 0;
  Labels labels;
  std::string workload, ns;
  std::string identity;  // expected SPIFFE URI of the peer, for ISTIO_MUTUAL
};

struct Subset {
  std::string name;
  Labels labels;
  TrafficPolicy policy;  // already merged over the cluster's policy
};

struct Cluster {
  std::string name;         // e.g. outbound|9080||reviews.default.svc.cluster.local
  std::string service;      // FQDN, destination_service label
  std::string serviceName;  // short name, destination_service_name label
  std::string ns;
  TrafficPolicy policy;
  std::vector<Endpoint> endpoints;
  std::vector<Subset> subsets;
};

// ---- authorization --------------------------------------------------------

struct AuthzSource {
  std::vector<std::string> principals, notPrincipals, namespaces, notNamespaces;
};
struct AuthzOperation {
  std::vector<std::string> hosts, notHosts, methods, notMethods, paths, notPaths, ports,
      notPorts;
};
struct AuthzCondition {
  std::string key;  // request.headers[x], source.principal, source.namespace, ...
  std::vector<std::string> values, notValues;
};
struct AuthzRule {
  std::vector<AuthzSource> from;
  std::vector<AuthzOperation> to;
  std::vector<AuthzCondition> when;
};
struct AuthzPolicy {
  enum class Action { Allow, Deny };
  std::string name;
  Action action = Action::Allow;
  std::vector<AuthzRule> rules;  // empty: never matches
};

// ---- listeners ------------------------------------------------------------

enum class ListenerKind { Outbound, Inbound, Gateway };
enum class PeerAuthMode { Strict, Permissive, Disable };

struct Listener {
  std::string name;
  ListenerKind kind = ListenerKind::Outbound;
  std::string address;
  uint16_t port = 0;
  std::string routeTable;          // outbound and gateway
  PeerAuthMode tlsMode = PeerAuthMode::Disable;  // inbound
  std::string forwardAddress;      // inbound: the local workload
  uint16_t forwardPort = 0;
  std::vector<AuthzPolicy> authorization;  // inbound and gateway
  std::vector<std::string> gatewayHosts;   // gateway: accepted Host values
  bool allowAny = false;  // outbound: Host "ip:port" with no virtual host is passed through
};

struct Limits {
  uint32_t maxHeaderBytes = 60 * 1024;  // Envoy's default max_request_headers_kb
  uint32_t maxBodyBytes = 1024 * 1024;
  Millis headerTimeout{10000};
  Millis idleTimeout{60000};
  Millis streamIdleTimeout{300000};
};

struct Node {
  std::string id, workload, ns, service, cluster = "Kubernetes";
  Labels labels;
  std::string version;  // labels["version"] when present
};

struct Identity {
  std::string certFile, keyFile, caFile;
  std::string trustDomain = "cluster.local";
};

struct Snapshot {
  std::string version;
  Node node;
  Identity identity;
  std::string adminAddress = "127.0.0.1";
  uint16_t adminPort = 15000;
  bool accessLog = true;
  Limits limits;
  std::vector<Listener> listeners;
  std::vector<RouteTable> routeTables;
  std::vector<Cluster> clusters;
  std::string rawYaml;  // for /config_dump

  const RouteTable* routeTable(const std::string& name) const;
  const Cluster* cluster(const std::string& name) const;
  const Listener* listener(const std::string& name) const;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace mp
