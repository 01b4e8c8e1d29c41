#pragma once
// YAML -> Snapshot. Every error names the path of the offending node
// (e.g. "clusters[1].endpoints[0].port: expected an integer 1..65535").
#include <string>

#include "common/result.h"
#include "config/config.h"

namespace mp {

Result<SnapshotPtr> parseConfig(const std::string& yamlText);
Result<SnapshotPtr> loadConfigFile(const std::string& path);

}  // namespace mp
