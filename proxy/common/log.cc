#include "common/log.h"

#include <cstdio>
#include <string>

namespace mp::log {
namespace {
std::string g_role = "proxy";

void emit(FILE* f, std::string_view level, std::string_view msg) {
  std::fprintf(f, "[%s] %.*s %.*s\n", g_role.c_str(), int(level.size()), level.data(),
               int(msg.size()), msg.data());
  std::fflush(f);
}
}  // namespace

void setRole(std::string_view role) { g_role = std::string(role); }
void info(std::string_view msg) { emit(stderr, "info", msg); }
void warn(std::string_view msg) { emit(stderr, "warn", msg); }
void error(std::string_view msg) { emit(stderr, "error", msg); }
void access(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace mp::log
