#pragma once

#include "model/istio_common.h"

namespace ms::model {

struct WorkloadEntry {
  OptString address, network, locality, serviceAccount;
  std::map<std::string, std::int64_t> ports;
  Labels labels;
  OptInt weight;
  template <class V> void fields(V& v) {
    v("address", address);
    v("ports", ports);
    v("labels", labels);
    v("network", network);
    v("locality", locality);
    v("weight", weight);
    v("serviceAccount", serviceAccount);
  }
  bool operator==(const WorkloadEntry&) const = default;
};

struct ServiceEntry {
  Strings hosts, addresses, exportTo, subjectAltNames;
  std::vector<Port> ports;
  OptString location, resolution;
  std::vector<WorkloadEntry> endpoints;
  std::optional<LabelSelector> workloadSelector;
  template <class V> void fields(V& v) {
    v("hosts", hosts, Required);
    v("addresses", addresses);
    v("ports", ports);
    v("location", location);
    v("resolution", resolution);
    v("endpoints", endpoints);
    v("workloadSelector", workloadSelector);
    v("exportTo", exportTo);
    v("subjectAltNames", subjectAltNames);
  }
  bool operator==(const ServiceEntry&) const = default;
};

}  // namespace ms::model
