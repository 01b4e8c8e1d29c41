#include "command_line.h"

#include <iostream>

namespace ms::cli {

CommandLine::CommandLine(std::vector<std::string> args, std::set<std::string> knownFlags,
                         std::set<std::string> knownOptions) {
  knownFlags.insert("--help");
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "-h") a = "--help";
    if (a.size() < 2 || a[0] != '-') {
      positional_.push_back(a);
      continue;
    }
    std::string value;
    bool inlineValue = false;
    if (auto eq = a.find('='); eq != std::string::npos) {
      value = a.substr(eq + 1);
      a.resize(eq);
      inlineValue = true;
    }
    if (knownFlags.count(a) && !inlineValue) {
      flags_.insert(a);
    } else if (knownOptions.count(a)) {
      if (!inlineValue) {
        if (i + 1 >= args.size()) {
          error_ = a + " needs a value";
          return;
        }
        value = args[++i];
      }
      options_[a] = value;
    } else {
      error_ = "unknown option " + a;
      return;
    }
  }
}

std::string CommandLine::option(const std::string& name, const std::string& fallback) const {
  auto it = options_.find(name);
  return it == options_.end() ? fallback : it->second;
}

int usageError(const char* command, const CommandLine& cl, const std::string& noPaths,
               const std::string& otherwise, const char* help) {
  const std::string problem = !cl.ok() ? cl.error() : cl.positional().empty() ? noPaths : otherwise;
  std::cerr << "meshctl " << command << ": " << problem << "\n\n" << help;
  return 2;
}

}  // namespace ms::cli
