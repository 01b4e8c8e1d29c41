#include "analysis/diagnostic_format.h"

#include <cstdio>

namespace ms::analysis {

std::string formatText(const model::Diagnostic& d) {
  std::string where;
  if (!d.kind.empty() && !d.name.empty()) where = d.kind + " " + d.namespace_ + "/" + d.name;
  if (!d.where.file.empty()) {
    if (!where.empty()) where += " ";
    where += d.where.file;
    if (d.where.line > 0) where += ":" + std::to_string(d.where.line);
    if (d.where.column > 0) where += ":" + std::to_string(d.where.column);
  }
  std::string line = std::string(model::levelName(d.level)) + " [" + d.code + "]";
  if (!where.empty()) line += " (" + where + ")";
  return line + " " + d.message;
}

std::string jsonEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string formatJson(const model::Diagnostics& diagnostics) {
  std::string out = "[";
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    const model::Diagnostic& d = diagnostics[i];
    out += i ? ",\n  " : "\n  ";
    out += "{\"code\": \"" + jsonEscape(d.code) + "\", \"level\": \"" + model::levelName(d.level) +
           "\", \"kind\": \"" + jsonEscape(d.kind) + "\", \"namespace\": \"" +
           jsonEscape(d.namespace_) + "\", \"name\": \"" + jsonEscape(d.name) +
           "\", \"file\": \"" + jsonEscape(d.where.file) +
           "\", \"line\": " + std::to_string(d.where.line) +
           ", \"column\": " + std::to_string(d.where.column) + ", \"message\": \"" +
           jsonEscape(d.message) + "\"}";
  }
  out += diagnostics.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace ms::analysis
