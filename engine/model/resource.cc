#include "model/resource.h"

namespace ms::model {

SourceLocation Resource::at(const std::string& path) const {
  std::string p = path;
  while (!p.empty()) {
    if (auto it = positions.find(p); it != positions.end()) return it->second;
    const auto cut = p.find_last_of(".[");
    if (cut == std::string::npos) break;
    p.resize(cut);
  }
  return where;
}

std::string Resource::ref() const { return kindName + " " + namespacedName(); }

}  // namespace ms::model
