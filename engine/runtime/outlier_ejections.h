#pragma once

// Which pods the proxies hold ejected by outlier detection right now, and by whom. The scraped
// gauge outlier_detection_ejections_active says that a proxy ejects something, not what; each
// proxy's /clusters admin page (Envoy's text form, `cluster::ADDRESS:PORT::health_flags::
// failed_outlier_check`) names the endpoints. Only proxies whose gauge is above zero are asked,
// so a healthy run sends no extra requests.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "controlplane/placement.h"
#include "metrics/metrics_store.h"

namespace ms::runtime {

// pod -> the pods whose proxies eject it (its callers), sorted; absent when nobody does.
using EjectedPods = std::map<std::string, std::vector<std::string>>;

// The endpoints ("address:port") a /clusters text marks failed_outlier_check, in any cluster.
std::set<std::string> ejectedEndpoints(const std::string& clustersText);

// Admin instances ("address:port", the scrape target) whose ejections_active is above zero in
// the store's latest scrape.
std::set<std::string> instancesEjecting(const metrics::MetricsStore& store);

// Asks every instance that ejects something for its /clusters (blocking, a short timeout each:
// call it off the GUI thread) and names ejected endpoints and callers by the placement's pod
// addresses. A proxy that does not answer is left out.
EjectedPods findEjectedPods(const metrics::MetricsStore& store, const controlplane::Placement& placement);

}  // namespace ms::runtime
