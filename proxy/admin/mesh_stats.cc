#include "admin/mesh_stats.h"

#include <cstdio>

#include "upstream/upstream_cluster.h"

namespace mp {
namespace {

std::string escape(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out;
}

const std::string kUnknown = "unknown";

std::string renderLabels(const RequestLabels& l) {
  std::string s;
  auto add = [&](const char* k, const std::string& v) {
    if (!s.empty()) s += ',';
    s += k;
    s += "=\"";
    s += escape(v.empty() ? kUnknown : v);
    s += '"';
  };
  add("reporter", l.reporter);
  add("source_workload", l.sourceWorkload);
  add("source_workload_namespace", l.sourceNamespace);
  add("source_principal", l.sourcePrincipal);
  add("source_version", l.sourceVersion);
  add("destination_workload", l.destinationWorkload);
  add("destination_workload_namespace", l.destinationNamespace);
  add("destination_principal", l.destinationPrincipal);
  add("destination_service", l.destinationService);
  add("destination_service_name", l.destinationServiceName);
  add("destination_version", l.destinationVersion);
  add("request_protocol", "http");
  add("response_code", std::to_string(l.responseCode));
  add("response_flags", l.responseFlags);
  add("connection_security_policy", l.connectionSecurityPolicy);
  return s;
}

std::string num(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

template <class H, class B>
void observe(H& h, const B& bounds, double v) {
  for (size_t i = 0; i < bounds.size(); ++i)
    if (v <= bounds[i]) ++h.buckets[i];
  ++h.count;
  h.sum += v;
}

template <class H, class B>
void renderHistogram(std::string& out, const char* name, const std::string& labels, const H& h, const B& bounds) {
  for (size_t i = 0; i < bounds.size(); ++i)
    out += std::string(name) + "_bucket{" + labels + ",le=\"" + num(bounds[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
  out += std::string(name) + "_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
  out += std::string(name) + "_sum{" + labels + "} " + num(h.sum) + "\n";
  out += std::string(name) + "_count{" + labels + "} " + std::to_string(h.count) + "\n";
}

}  // namespace

void MeshStats::record(const RequestLabels& l, double ms, uint64_t reqBytes, uint64_t respBytes) {
  // A raw key per request, built in a buffer kept across requests; the
  // escaped Prometheus label text only once per series.
  std::string& key = keyScratch_;
  key.clear();
  for (const std::string* v : {&l.reporter, &l.sourceWorkload, &l.sourceNamespace, &l.sourcePrincipal, &l.sourceVersion,
                               &l.destinationWorkload, &l.destinationNamespace, &l.destinationPrincipal,
                               &l.destinationService, &l.destinationServiceName, &l.destinationVersion,
                               &l.responseFlags, &l.connectionSecurityPolicy}) {
    key += v->empty() ? kUnknown : *v;  // one series, set or not
    key += '\x1f';
  }
  key += std::to_string(l.responseCode);
  auto it = series_.find(key);
  if (it == series_.end()) {
    it = series_.try_emplace(key).first;
    it->second.labels = renderLabels(l);
  }
  Series& s = it->second;
  ++s.requests;
  ++total_;
  observe(s.duration, kDurationBuckets, ms);
  observe(s.requestBytes, kByteBuckets, double(reqBytes));
  observe(s.responseBytes, kByteBuckets, double(respBytes));
}

std::string MeshStats::prometheus(const std::vector<const UpstreamCluster*>& clusters) const {
  std::string out;
  out.reserve(4096 + series_.size() * 4096);
  out += "# TYPE istio_requests_total counter\n";
  for (auto& [k, s] : series_) out += "istio_requests_total{" + s.labels + "} " + std::to_string(s.requests) + "\n";
  out += "# TYPE istio_request_duration_milliseconds histogram\n";
  for (auto& [k, s] : series_) renderHistogram(out, "istio_request_duration_milliseconds", s.labels, s.duration, kDurationBuckets);
  out += "# TYPE istio_request_bytes histogram\n";
  for (auto& [k, s] : series_) renderHistogram(out, "istio_request_bytes", s.labels, s.requestBytes, kByteBuckets);
  out += "# TYPE istio_response_bytes histogram\n";
  for (auto& [k, s] : series_) renderHistogram(out, "istio_response_bytes", s.labels, s.responseBytes, kByteBuckets);

  auto metric = [&](const char* name, const char* type, auto get) {
    out += std::string("# TYPE envoy_cluster_") + name + " " + type + "\n";
    for (const auto* c : clusters)
      out += std::string("envoy_cluster_") + name + "{cluster_name=\"" + escape(c->statName()) + "\"} " +
             std::to_string(get(*c)) + "\n";
  };
  metric("upstream_rq_total", "counter", [](const UpstreamCluster& c) { return c.stats().rqTotal; });
  metric("upstream_rq_retry", "counter", [](const UpstreamCluster& c) { return c.stats().rqRetry; });
  metric("upstream_rq_retry_overflow", "counter", [](const UpstreamCluster& c) { return c.stats().rqRetryOverflow; });
  metric("upstream_rq_pending_overflow", "counter", [](const UpstreamCluster& c) { return c.stats().rqPendingOverflow; });
  metric("upstream_rq_timeout", "counter", [](const UpstreamCluster& c) { return c.stats().rqTimeout; });
  metric("upstream_rq_5xx", "counter", [](const UpstreamCluster& c) { return c.stats().rq5xx; });
  metric("upstream_cx_overflow", "counter", [](const UpstreamCluster& c) { return c.stats().cxOverflow; });
  metric("upstream_cx_total", "counter", [](const UpstreamCluster& c) { return c.stats().cxTotal; });
  metric("upstream_cx_connect_fail", "counter", [](const UpstreamCluster& c) { return c.stats().cxConnectFail; });
  metric("upstream_cx_active", "gauge", [](const UpstreamCluster& c) { return c.stats().cxActive; });
  metric("upstream_rq_active", "gauge", [](const UpstreamCluster& c) { return c.stats().rqActive; });
  metric("upstream_rq_pending_active", "gauge", [](const UpstreamCluster& c) { return c.stats().rqPendingActive; });
  metric("outlier_detection_ejections_active", "gauge", [](const UpstreamCluster& c) { return uint64_t(c.outlier().ejectedCount()); });
  metric("outlier_detection_ejections_total", "counter", [](const UpstreamCluster& c) { return c.outlier().ejectionsTotal(); });
  return out;
}

}  // namespace mp
