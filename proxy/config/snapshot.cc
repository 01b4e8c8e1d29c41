#include "config/config.h"

namespace mp {
namespace {
template <class T>
const T* byName(const std::vector<T>& v, const std::string& name) {
  for (const auto& x : v)
    if (x.name == name) return &x;
  return nullptr;
}
}  // namespace

const RouteTable* Snapshot::routeTable(const std::string& n) const { return byName(routeTables, n); }
const Cluster* Snapshot::cluster(const std::string& n) const { return byName(clusters, n); }
const Listener* Snapshot::listener(const std::string& n) const { return byName(listeners, n); }

}  // namespace mp
