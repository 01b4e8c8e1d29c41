#include "model/duration.h"

#include <cctype>
#include <cstdlib>

namespace ms::model {

std::optional<double> parseDurationSeconds(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const char* p = text.c_str();
  double total = 0;
  while (*p) {
    char* end = nullptr;
    if (!std::isdigit(static_cast<unsigned char>(*p)) && *p != '.') return std::nullopt;
    const double number = std::strtod(p, &end);
    if (end == p) return std::nullopt;
    p = end;
    double unit = 0;
    if (p[0] == 'h') unit = 3600, p += 1;
    else if (p[0] == 'm' && p[1] == 's') unit = 1e-3, p += 2;
    else if (p[0] == 'm') unit = 60, p += 1;
    else if (p[0] == 's') unit = 1, p += 1;
    else if ((p[0] == 'u' || p[0] == 'n') && p[1] == 's') unit = p[0] == 'u' ? 1e-6 : 1e-9, p += 2;
    else return std::nullopt;
    total += number * unit;
  }
  return total;
}

}  // namespace ms::model
