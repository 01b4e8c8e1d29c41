#pragma once
// Minimal line logger: one line per event on stderr, prefixed with a level
// and the process' role, so supervisor logs stay greppable.
#include <string_view>

namespace mp::log {

void setRole(std::string_view role);
void info(std::string_view msg);
void warn(std::string_view msg);
void error(std::string_view msg);
// Access log lines go to stdout, everything else to stderr.
void access(std::string_view line);

}  // namespace mp::log
