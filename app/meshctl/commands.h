#pragma once

#include <string>
#include <vector>

namespace ms::cli {

// Exit codes shared by every command.
enum ExitCode { kOk = 0, kFailed = 1, kUsage = 2, kFindings = 3 };

int validateCommand(const std::vector<std::string>& args);
int exportCommand(const std::vector<std::string>& args);
int graphCommand(const std::vector<std::string>& args);
int simulateCommand(const std::vector<std::string>& args);

}  // namespace ms::cli
