#include "analysis/context.h"

namespace ms::analysis {

void Context::report(const char* code, model::Level level, const model::Resource& resource,
                     const std::string& path, std::string message) const {
  out_.push_back({code, level, resource.kindName, resource.meta.namespace_, resource.meta.name,
                  resource.at(path), std::move(message), path});
}

}  // namespace ms::analysis
