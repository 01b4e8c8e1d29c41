#include "server/proxy_runtime.h"

#include "common/log.h"

namespace mp {
namespace {
bool selected(const Endpoint& e, const Labels& selector) {
  for (auto& [k, v] : selector) {
    auto it = e.labels.find(k);
    if (it == e.labels.end() || it->second != v) return false;
  }
  return true;
}
}  // namespace

void ProxyRuntime::apply(SnapshotPtr s) {
  snapshot_ = std::move(s);
  identity_.refresh(snapshot_->identity);
  buildClusters();
  ++reloads_;
}

void ProxyRuntime::refreshCertificates() {
  if (!snapshot_) return;
  identity_.refresh(snapshot_->identity);
  buildClusters();  // cheap when nothing changed: contexts are cached per file set
}

std::vector<std::string> ProxyRuntime::certificateFiles() const {
  std::vector<std::string> files;
  auto add = [&](const std::string& f) {
    if (!f.empty()) files.push_back(f);
  };
  const Identity& id = snapshot_->identity;
  for (const auto* f : {&id.certFile, &id.keyFile, &id.caFile}) add(*f);
  auto addTls = [&](const UpstreamTls& t) {
    if (t.mode == UpstreamTls::Mode::Mutual) {
      add(t.certFile);
      add(t.keyFile);
    }
    if (t.mode == UpstreamTls::Mode::Mutual || t.mode == UpstreamTls::Mode::Simple) add(t.caFile);
  };
  for (const auto& c : snapshot_->clusters) {
    addTls(c.policy.tls);
    for (const auto& sub : c.subsets) addTls(sub.policy.tls);
  }
  return files;
}

void ProxyRuntime::buildClusters() {
  std::map<std::string, UpstreamClusterPtr> next;
  auto build = [&](const Cluster& c, const std::string& subset, const TrafficPolicy& policy, std::vector<Endpoint> eps) {
    const std::string k = key(c.name, subset);
    UpstreamClusterPtr rc;
    auto old = clusters_.find(k);
    const bool known = old != clusters_.end();
    const bool sameEndpoints = known && old->second->sameEndpoints(eps);
    if (sameEndpoints && old->second->sameTransport(policy.tls, eps)) rc = old->second;
    else {
      // Pooled connections were made with the old endpoints or TLS settings:
      // as Envoy does on a cluster update, a new cluster takes new requests
      // and the old one drains (requests in flight finish on it, its idle
      // connections close now). Only a TLS change keeps the counters, as the
      // cluster is the same one to whoever reads them.
      rc = std::make_shared<UpstreamCluster>(io_, k);
      if (sameEndpoints) rc->inheritCounters(*old->second);
      if (known) old->second->drain();
    }
    rc->configure(c, policy, std::move(eps), identity_.client(), &clusterTls_);
    next[k] = rc;
  };
  for (const auto& c : snapshot_->clusters) {
    build(c, "", c.policy, c.endpoints);
    for (const auto& sub : c.subsets) {
      std::vector<Endpoint> eps;
      for (const auto& e : c.endpoints)
        if (selected(e, sub.labels)) eps.push_back(e);
      build(c, sub.name, sub.policy, std::move(eps));
    }
  }
  for (auto& [k, rc] : clusters_)
    if (!next.count(k)) rc->drain();
  clusters_ = std::move(next);
  clusterTls_.prune();
}

UpstreamClusterPtr ProxyRuntime::cluster(const std::string& name, const std::string& subset) const {
  auto it = clusters_.find(key(name, subset));
  return it == clusters_.end() ? nullptr : it->second;
}

// The inbound side forwards to the local workload: one endpoint, plaintext,
// no retries (Istio's inbound|PORT|| cluster).
UpstreamClusterPtr ProxyRuntime::inboundCluster(const Listener& l) {
  const std::string k = "inbound|" + std::to_string(l.port) + "||";
  auto& rc = inbound_[k];
  Endpoint ep;
  ep.address = l.forwardAddress;
  ep.port = l.forwardPort;
  ep.workload = snapshot_->node.workload;
  ep.ns = snapshot_->node.ns;
  ep.labels = snapshot_->node.labels;
  if (!rc || !rc->sameEndpoints({ep})) {
    rc = std::make_shared<UpstreamCluster>(io_, k);
    Cluster c;
    c.name = k;
    c.service = snapshot_->node.service;
    rc->configure(c, TrafficPolicy{}, {ep}, nullptr);
  }
  return rc;
}

UpstreamClusterPtr ProxyRuntime::passthroughCluster(const std::string& ip, uint16_t port) {
  const std::string k = ip + ":" + std::to_string(port);
  auto it = passthrough_.find(k);
  if (it != passthrough_.end()) return it->second;
  if (passthrough_.size() >= 256) passthrough_.erase(passthrough_.begin());  // bounded
  Endpoint ep;
  ep.address = ip;
  ep.port = port;
  Cluster c;
  c.name = "PassthroughCluster";
  c.service = ip;
  c.serviceName = ip;
  auto rc = std::make_shared<UpstreamCluster>(io_, "PassthroughCluster");
  rc->configure(c, TrafficPolicy{}, {ep}, nullptr);
  passthrough_[k] = rc;
  return rc;
}

std::vector<const UpstreamCluster*> ProxyRuntime::clusters() const {
  std::vector<const UpstreamCluster*> out;
  for (auto& [k, c] : clusters_) out.push_back(c.get());
  for (auto& [k, c] : inbound_) out.push_back(c.get());
  for (auto& [k, c] : passthrough_) out.push_back(c.get());
  return out;
}

}  // namespace mp
