#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ms::cli {

// A small argument parser: positional arguments plus --flag, --option VALUE, --option=VALUE,
// -o VALUE. Unknown options are errors, so typos never pass silently.
class CommandLine {
 public:
  CommandLine(std::vector<std::string> args, std::set<std::string> flags,
              std::set<std::string> options);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::vector<std::string>& positional() const { return positional_; }
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  std::string option(const std::string& name, const std::string& fallback = {}) const;

 private:
  std::vector<std::string> positional_;
  std::set<std::string> flags_;
  std::map<std::string, std::string> options_;
  std::string error_;
};

// Prints what is wrong with a command's arguments (the parser's complaint, else `noPaths`
// when no path was given, else `otherwise`) and the command's help; returns exit code 2.
int usageError(const char* command, const CommandLine& cl, const std::string& noPaths,
               const std::string& otherwise, const char* help);

}  // namespace ms::cli
