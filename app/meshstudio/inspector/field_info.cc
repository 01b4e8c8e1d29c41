#include "inspector/field_info.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "inspector/field_docs.h"
#include "model/duration.h"

namespace ms::studio {

namespace {

struct HandEntry {
  const char* suffix;  // matched against the end of the schema path, at a '.' boundary
  const char* description;
  const char* choices = "";
  bool duration = false;
  const char* unsetText = "";
  std::optional<double> minimum = {}, maximum = {};
  bool deprecated = false;
};

// The MeshDesign (docs/design-file.md). Longest matching suffix wins.
const HandEntry kDesignFields[] = {
    {"services", "Services drawn in the design; each runs as one Deployment per workload."},
    {"services.name", "Service name; its pods carry the label app: NAME."},
    {"services.namespace", "Namespace of the service.", "", false, "default"},
    {"services.ports", "Ports the service exposes."},
    {"ports.name", "Port name (http, grpc, ...); Istio infers the protocol from it."},
    {"ports.port", "Service port number.", "", false, "", 1, 65535},
    {"ports.targetPort", "Port the workload listens on.", "", false, "same as port", 1, 65535},
    {"ports.protocol", "Protocol of the port.", "HTTP|HTTP2|HTTPS|GRPC|TCP|TLS"},
    {"workloads", "One workload per version; each is a Deployment."},
    {"workloads.name", "Deployment name.", "", false, "SERVICE-VERSION"},
    {"workloads.version", "The version label; DestinationRule subsets select on it."},
    {"workloads.replicas", "Pods to run.", "", false, "1", 0, 1000},
    {"workloads.serviceAccount", "Identity: spiffe://cluster.local/ns/NS/sa/SERVICEACCOUNT.", "",
     false, "the service name"},
    {"workloads.labels", "Extra pod labels."},
    {"workloads.injected", "Whether the pod has a sidecar; without one it is a legacy workload.",
     "", false, "true"},
    {"behaviour", "What the synthetic workload does for every request."},
    {"latency", "Time the workload takes to answer."},
    {"latency.distribution",
     "fixed uses mean; uniform picks between min and max; normal and lognormal use mean and "
     "stddev; exponential uses mean.",
     "fixed|uniform|normal|lognormal|exponential"},
    {"latency.mean", "Mean latency (fixed: the latency).", "", true},
    {"latency.stddev", "Standard deviation (normal, lognormal).", "", true},
    {"latency.min", "Lowest latency (uniform).", "", true},
    {"latency.max", "Highest latency (uniform).", "", true},
    {"errors", "Fail a share of requests."},
    {"errors.rate", "Share of requests that fail, 0..1.", "", false, "0", 0, 1},
    {"errors.status", "HTTP status of a failed request.", "", false, "500", 100, 599},
    {"responseBytes", "Size of the response body in bytes.", "", false, "", 0, 1e9},
    {"calls", "Downstream calls the workload makes for every request."},
    {"calls.mode", "Make the calls one after another or all at once.", "sequence|parallel", false,
     "sequence"},
    {"calls.targets", "The services called."},
    {"targets.service", "Service called (a name, or NAME.NAMESPACE)."},
    {"targets.port", "Port called.", "", false, "", 1, 65535},
    {"targets.path", "Request path.", "", false, "/"},
    {"targets.method", "Request method.", "GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS", false, "GET"},
    {"targets.timeout",
     "The calling application's own timeout; the sidecar adds the VirtualService's.", "", true,
     "none"},
    {"targets.retries",
     "The calling application's own retries; the sidecar adds the VirtualService's.", "", false,
     "0", 0, 100},
    {"behaviours", "Behaviour for workloads defined as Kubernetes Deployments or Pods."},
    {"behaviours.workload", "Deployment (or Pod) name."},
    {"behaviours.namespace", "Namespace of the workload.", "", false, "default"},
    {"load", "The traffic the simulation sends."},
    {"load.target",
     "Host the load enters at: a service, or istio-ingressgateway.istio-system for the ingress "
     "gateway."},
    {"load.port", "Port the load is sent to.", "", false, "80", 1, 65535},
    {"load.path", "Request path.", "", false, "/"},
    {"load.method", "Request method.", "GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS", false, "GET"},
    {"load.headers", "Headers sent with every request (e.g. end-user: jason)."},
    {"load.mode",
     "rate: an open model sending `rate` requests per second; concurrency: a closed model with "
     "`concurrency` clients.",
     "rate|concurrency", false, "rate"},
    {"load.rate", "Requests per second (mode rate).", "", false, "", 0, 1e6},
    {"load.concurrency", "Concurrent clients (mode concurrency).", "", false, "", 0, 100000},
    {"load.duration", "How long the load runs.", "", true, "30s"},
    {"load.stages", "Ramps: from time `at` on, use this rate or concurrency."},
    {"stages.at", "Time from the start of the run.", "", true},
    {"stages.rate", "Requests per second from then on.", "", false, "", 0, 1e6},
    {"stages.concurrency", "Concurrent clients from then on.", "", false, "", 0, 100000},
    {"scenarios", "Timelines of actions, with assertions on what the run shows."},
    {"scenarios.name", "Scenario name."},
    {"scenarios.description", "What the scenario shows."},
    {"scenarios.steps", "Actions at given times, in time order."},
    {"steps.at", "Time from the start of the run.", "", true},
    {"steps.action", "What happens at that time.",
     "setWeights|killPod|restartPod|scale|setBehaviour|setFault|clearFault|setPeerAuthentication|"
     "setLoad"},
    {"steps.target",
     "What the action acts on: a VirtualService or PeerAuthentication as namespace/name, or a "
     "pod or workload name."},
    {"steps.weights", "setWeights: subset -> weight."},
    {"steps.replicas", "scale: the new number of pods.", "", false, "", 0, 1000},
    {"steps.mode", "setPeerAuthentication: the new mTLS mode.", "UNSET|DISABLE|PERMISSIVE|STRICT"},
    {"steps.behaviour", "setBehaviour: the workload's new behaviour."},
    {"steps.load", "setLoad: the new load profile."},
    {"steps.fault", "setFault: an Istio HTTPFaultInjection (delay, abort), as YAML."},
    {"scenarios.assertions", "Checks on the run's metrics; the scenario passes when all hold."},
    {"assertions.name", "Assertion name, shown in the report."},
    {"assertions.metric",
     "successRate and share are percents; p50, p95, p99 are milliseconds; requests, status "
     "(responses with status `code`) and flag (responses with response flag `code`) are counts.",
     "successRate|share|p50|p95|p99|requests|status|flag"},
    {"assertions.source", "Source workload of the edge measured (empty: any)."},
    {"assertions.destination", "Destination service of the edge measured."},
    {"assertions.version", "share: the version whose share of the destination's requests counts."},
    {"assertions.code", "status: the HTTP status; flag: the response flag (e.g. UO)."},
    {"assertions.min", "Lowest acceptable value.", "", false, "", 0, 1e12},
    {"assertions.max", "Highest acceptable value.", "", false, "", 0, 1e12},
    {"assertions.at", "When to measure: a time from the start, or end.", "", true, "end"},
    {"assertions.window", "Measurement window ending at `at`.", "", true, "the whole run"},
    {"canvas", "Where the designer draws each object."},
    {"canvas.ref", "Kind/namespace/name of the object drawn."},
    {"canvas.x", "Horizontal position.", "", false, "", -1e6, 1e6},
    {"canvas.y", "Vertical position.", "", false, "", -1e6, 1e6},
};

// Istio fields whose schema says less than the inspector wants to show.
const HandEntry kIstioOverrides[] = {
    {"port.protocol", "Protocol exposed on the port.",
     "HTTP|HTTPS|GRPC|GRPC-WEB|HTTP2|MONGO|TCP|TLS"},
    {"ports.protocol", "Protocol exposed on the port.",
     "HTTP|HTTPS|GRPC|GRPC-WEB|HTTP2|MONGO|TCP|TLS"},
    {"retries.retryOn",
     "Conditions to retry on, comma separated (5xx, gateway-error, reset, connect-failure, "
     "retriable-4xx, refused-stream, ...)."},
    {"percentage.value", "Percentage, 0..100.", "", false, "", 0, 100},
    {"mirrorPercentage.value", "Percentage, 0..100.", "", false, "", 0, 100},
    // protobuf Durations the schemas do not validate as such.
    {"tcp.idleTimeout", "", "", true},
    {"backendUtilization.weightExpirationPeriod", "", "", true},
    {"backendUtilization.weightStabilizationPeriod", "", "", true},
    {"backendUtilization.weightUpdatePeriod", "", "", true},
    {"httpCookie.ttl", "", "", true},
    {"retryBudget.budgetInterval", "", "", true},
    // Deprecated forms Istio still reads.
    {"http.mirrorPercent", "Deprecated: use mirrorPercentage.", "", false, "", 0, 100, true},
    {"http.mirror_percent", "Deprecated: use mirrorPercentage.", "", false, "", 0, 100, true},
    {"delay.percent", "Deprecated: use percentage.", "", false, "", 0, 100, true},
    {"corsPolicy.allowOrigin", "Deprecated: use allowOrigins.", "", false, "", {}, {}, true},
    {"outlierDetection.consecutiveErrors", "Deprecated: use consecutive5xxErrors.", "", false, "",
     {}, {}, true},
    {"consistentHash.minimumRingSize", "Deprecated: use ringHash.minimumRingSize.", "", false, "",
     {}, {}, true},
    {"loadBalancer.warmupDurationSecs", "Deprecated: use warmup.duration.", "", true, "", {}, {},
     true},
    {"jwtRules.jwks_uri", "Deprecated spelling of jwksUri.", "", false, "", {}, {}, true},
};

// Descriptions for fields the schemas leave undescribed (used only when they say nothing).
const HandEntry kIstioFallbacks[] = {
    {"exact", "Matches exactly this string."},
    {"prefix", "Matches strings that start with this."},
    {"regex", "Matches this RE2 regular expression."},
    {"port.number", "Port number."},
    {"percentage.value", "Percentage, 0..100."},
    {"headers", "Header manipulation rules."},
    {"headers.request", "Header operations applied to the request."},
    {"headers.response", "Header operations applied to the response."},
    {"request.set", "Overwrite these headers with these values."},
    {"response.set", "Overwrite these headers with these values."},
    {"request.add", "Append these values to these headers."},
    {"response.add", "Append these values to these headers."},
    {"request.remove", "Remove these headers."},
    {"response.remove", "Remove these headers."},
    {"connectionPool", "Limits on connections and requests to the host: the circuit breaker."},
    {"outlierDetection",
     "Ejects hosts that keep failing from the load balancing pool for a while."},
    {"warmup.duration", "How long a new endpoint warms up."},
    {"warmup.minimumPercent", "Share of traffic a new endpoint starts with, in percent."},
    {"body.string", "Response body as text."},
    {"exponentialDelay", "Add a delay with an exponential distribution of this mean."},
    {"http2Error", "HTTP/2 error code to abort the request with."},
    {"defaultEndpoint", "Where the listener forwards traffic (e.g. 127.0.0.1:8080)."},
    {"targetPort", "Port of the endpoints traffic is forwarded to."},
    {"egressProxy", "Egress proxy that traffic to unknown destinations goes through (ALLOW_ANY)."},
    {"sourceSubnet", "IPv4 or IPv6 subnet of the client."},
    {"targetRef", "The resource this policy applies to, instead of a selector."},
    {"caCertificates", "Path of the CA certificates file."},
};

bool endsWithSegment(std::string_view path, std::string_view suffix) {
  if (path.size() < suffix.size() || path.substr(path.size() - suffix.size()) != suffix) return false;
  return path.size() == suffix.size() || path[path.size() - suffix.size() - 1] == '.';
}

template <size_t N>
const HandEntry* bestSuffix(const HandEntry (&table)[N], const std::string& path) {
  const HandEntry* best = nullptr;
  for (const auto& e : table)
    if (endsWithSegment(path, e.suffix) && (!best || std::strlen(e.suffix) > std::strlen(best->suffix)))
      best = &e;
  return best;
}

void apply(const HandEntry& e, FieldInfo& info) {
  if (*e.description) info.description = QString::fromUtf8(e.description);
  if (*e.choices) info.choices = QString::fromUtf8(e.choices).split('|');
  if (e.duration) info.duration = true;
  if (*e.unsetText) info.unsetText = QString::fromUtf8(e.unsetText);
  if (e.minimum) info.minimum = e.minimum;
  if (e.maximum) info.maximum = e.maximum;
  if (e.deprecated) info.deprecated = true;
}

const IstioFieldDoc* istioDoc(const std::string& kind, const std::string& path) {
  const IstioFieldDoc* begin = kIstioFieldDocs;
  const IstioFieldDoc* end = kIstioFieldDocs + kIstioFieldDocCount;
  auto it = std::lower_bound(begin, end, std::pair(std::string_view(kind), std::string_view(path)),
                             [](const IstioFieldDoc& d, const auto& key) {
                               return std::pair(std::string_view(d.kind), std::string_view(d.path)) < key;
                             });
  return it != end && kind == it->kind && path == it->path ? it : nullptr;
}

}  // namespace

FieldInfo fieldInfo(const std::string& kind, const std::string& schemaPath) {
  FieldInfo info;
  if (kind == "MeshDesign") {
    if (const HandEntry* e = bestSuffix(kDesignFields, schemaPath)) apply(*e, info);
    if (endsWithSegment(schemaPath, "assertions.at")) info.durationWords = {"end"};
    return info;
  }
  if (const IstioFieldDoc* d = istioDoc(kind, schemaPath)) {
    info.description = QString::fromUtf8(d->description);
    if (*d->enumValues) info.choices = QString::fromUtf8(d->enumValues).split('|');
    info.duration = d->duration;
    if (d->minimum) info.minimum = *d->minimum;
    if (d->maximum) info.maximum = *d->maximum;
  }
  if (const HandEntry* e = bestSuffix(kIstioOverrides, schemaPath)) apply(*e, info);
  if (info.description.isEmpty())
    if (const HandEntry* e = bestSuffix(kIstioFallbacks, schemaPath)) apply(*e, info);
  if (info.description.startsWith(QLatin1String("Deprecated"))) info.deprecated = true;
  return info;
}

bool isValidDuration(const FieldInfo& info, const QString& text) {
  const QString t = text.trimmed();
  if (t.isEmpty() || info.durationWords.contains(t)) return true;
  return model::parseDurationSeconds(t.toStdString()).has_value();
}

}  // namespace ms::studio
