#pragma once

// Message types shared by several Istio kinds.

#include "model/fields.h"

namespace ms::model {

struct StringMatch {
  OptString exact, prefix, regex;
  template <class V> void fields(V& v) {
    v("exact", exact);
    v("prefix", prefix);
    v("regex", regex);
  }
  bool operator==(const StringMatch&) const = default;
};

struct Percent {
  OptDouble value;
  template <class V> void fields(V& v) { v("value", value); }
  bool operator==(const Percent&) const = default;
};

struct PortSelector {
  OptInt number;
  template <class V> void fields(V& v) { v("number", number); }
  bool operator==(const PortSelector&) const = default;
};

struct Destination {
  OptString host, subset;
  std::optional<PortSelector> port;
  template <class V> void fields(V& v) {
    v("host", host, Required);
    v("subset", subset);
    v("port", port);
  }
  bool operator==(const Destination&) const = default;
};

struct WorkloadSelector {  // `matchLabels` form (PeerAuthentication, AuthorizationPolicy, ...)
  Labels matchLabels;
  template <class V> void fields(V& v) { v("matchLabels", matchLabels); }
  bool operator==(const WorkloadSelector&) const = default;
};

struct LabelSelector {  // `labels` form (ServiceEntry, Sidecar)
  Labels labels;
  template <class V> void fields(V& v) { v("labels", labels); }
  bool operator==(const LabelSelector&) const = default;
};

struct PolicyTargetReference {
  OptString group, kind, name, namespace_;
  template <class V> void fields(V& v) {
    v("group", group);
    v("kind", kind, Required);
    v("name", name, Required);
    v("namespace", namespace_);
  }
  bool operator==(const PolicyTargetReference&) const = default;
};

struct Port {  // Gateway server port, Sidecar listener port, ServiceEntry port
  OptInt number, targetPort;
  OptString protocol, name;
  template <class V> void fields(V& v) {
    v("number", number);
    v("protocol", protocol);
    v("name", name);
    v("targetPort", targetPort);
  }
  bool operator==(const Port&) const = default;
};

struct TcpKeepalive {
  OptInt probes;
  OptString time, interval;
  template <class V> void fields(V& v) {
    v("probes", probes);
    v("time", time);
    v("interval", interval);
  }
  bool operator==(const TcpKeepalive&) const = default;
};

struct TcpSettings {
  OptInt maxConnections;
  OptString connectTimeout, maxConnectionDuration, idleTimeout;
  std::optional<TcpKeepalive> tcpKeepalive;
  template <class V> void fields(V& v) {
    v("maxConnections", maxConnections);
    v("connectTimeout", connectTimeout);
    v("tcpKeepalive", tcpKeepalive);
    v("maxConnectionDuration", maxConnectionDuration);
    v("idleTimeout", idleTimeout);
  }
  bool operator==(const TcpSettings&) const = default;
};

struct Http2KeepAlive {
  OptString interval, timeout;
  template <class V> void fields(V& v) {
    v("interval", interval);
    v("timeout", timeout);
  }
  bool operator==(const Http2KeepAlive&) const = default;
};

struct HttpSettings {
  OptInt http1MaxPendingRequests, http2MaxRequests, maxRequestsPerConnection, maxRetries,
      maxConcurrentStreams;
  OptString idleTimeout, h2UpgradePolicy;
  OptBool useClientProtocol;
  std::optional<Http2KeepAlive> http2KeepAlive;
  template <class V> void fields(V& v) {
    v("http1MaxPendingRequests", http1MaxPendingRequests);
    v("http2MaxRequests", http2MaxRequests);
    v("maxRequestsPerConnection", maxRequestsPerConnection);
    v("maxRetries", maxRetries);
    v("idleTimeout", idleTimeout);
    v("h2UpgradePolicy", h2UpgradePolicy);
    v("useClientProtocol", useClientProtocol);
    v("maxConcurrentStreams", maxConcurrentStreams);
    v("http2KeepAlive", http2KeepAlive);
  }
  bool operator==(const HttpSettings&) const = default;
};

struct ConnectionPoolSettings {
  std::optional<TcpSettings> tcp;
  std::optional<HttpSettings> http;
  template <class V> void fields(V& v) {
    v("tcp", tcp);
    v("http", http);
  }
  bool operator==(const ConnectionPoolSettings&) const = default;
};

struct TlsCertificate {
  OptString serverCertificate, privateKey, caCertificates;
  template <class V> void fields(V& v) {
    v("serverCertificate", serverCertificate);
    v("privateKey", privateKey);
    v("caCertificates", caCertificates);
  }
  bool operator==(const TlsCertificate&) const = default;
};

struct ServerTlsSettings {  // Gateway server and Sidecar ingress TLS
  OptBool httpsRedirect, insecureSkipVerify;
  OptString mode, serverCertificate, privateKey, caCertificates, caCrl, credentialName,
      caCertCredentialName, minProtocolVersion, maxProtocolVersion;
  Strings credentialNames, subjectAltNames, verifyCertificateSpki, verifyCertificateHash,
      cipherSuites, ecdhCurves;
  std::vector<TlsCertificate> tlsCertificates;
  template <class V> void fields(V& v) {
    v("httpsRedirect", httpsRedirect);
    v("mode", mode);
    v("serverCertificate", serverCertificate);
    v("privateKey", privateKey);
    v("caCertificates", caCertificates);
    v("caCrl", caCrl);
    v("credentialName", credentialName);
    v("credentialNames", credentialNames);
    v("caCertCredentialName", caCertCredentialName);
    v("tlsCertificates", tlsCertificates);
    v("subjectAltNames", subjectAltNames);
    v("verifyCertificateSpki", verifyCertificateSpki);
    v("verifyCertificateHash", verifyCertificateHash);
    v("minProtocolVersion", minProtocolVersion);
    v("maxProtocolVersion", maxProtocolVersion);
    v("cipherSuites", cipherSuites);
    v("ecdhCurves", ecdhCurves);
    v("insecureSkipVerify", insecureSkipVerify);
  }
  bool operator==(const ServerTlsSettings&) const = default;
};

}  // namespace ms::model
