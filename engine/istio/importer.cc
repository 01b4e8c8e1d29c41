#include "istio/importer.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "istio/document_reader.h"

namespace ms::istio {

namespace {

namespace fs = std::filesystem;
using model::Level;

struct DocumentText {
  std::string text;
  int firstLine = 0;  // 0-based line of the document's first line in the file
  int lines() const { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }
};

// Splits on "---" / "..." lines, so that one document's syntax error cannot hide the others
// and positions stay exact (a marker at column 0 cannot be inside a block scalar).
std::vector<DocumentText> splitDocuments(const std::string& text) {
  std::vector<DocumentText> docs(1);
  size_t pos = 0;
  int line = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view l(text.data() + pos, end - pos);
    const bool marker = (l.substr(0, 3) == "---" || l.substr(0, 3) == "...") &&
                        (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
    if (marker) {
      docs.push_back({{}, line + 1});
      // "--- {a: 1}" keeps content after the marker on the same line
      if (l.substr(0, 3) == "---" && l.size() > 4) {
        docs.back().text.assign(l.substr(4));
        docs.back().text.append(1, '\n');
        docs.back().firstLine = line;
      }
    } else {
      docs.back().text.append(l);
      docs.back().text.append(1, '\n');
    }
    pos = end + 1;
    ++line;
  }
  return docs;
}

// yaml-cpp recurses per nesting level; refuse absurd depth before it can exhaust the stack.
bool nestingTooDeep(const std::string& text, YAML::Mark& at) {
  int depth = 0, line = 0, column = 0;
  for (char c : text) {
    if (c == '[' || c == '{') {
      if (++depth > 100) return at = YAML::Mark(), at.line = line, at.column = column, true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    if (c == '\n') ++line, column = 0;
    else ++column;
  }
  return false;
}

bool isBinary(const std::string& text) {
  return text.find('\0') != std::string::npos;
}

void reportDuplicates(const model::Mesh& mesh, size_t from, model::Diagnostics& diagnostics) {
  std::map<std::tuple<std::string, std::string, std::string, std::string>, const model::Resource*>
      seen;
  for (size_t i = 0; i < mesh.resources.size(); ++i) {
    const model::Resource& r = mesh.resources[i];
    auto key = std::make_tuple(std::string(model::apiGroup(r.apiVersion)), r.kindName,
                               r.meta.namespace_, r.meta.name);
    auto [it, fresh] = seen.emplace(key, &r);
    if (fresh || i < from) continue;
    const model::SourceLocation& first = it->second->where;
    diagnostics.push_back({"MS0103", Level::Error, r.kindName, r.meta.namespace_, r.meta.name,
                           r.where,
                           "duplicate object: " + r.ref() + " is already defined at " +
                               first.file + ":" + std::to_string(first.line) +
                               "; rename or remove one of them"});
  }
}

}  // namespace

void importText(const std::string& text, const std::string& file, model::Mesh& mesh,
                model::Diagnostics& diagnostics, const ImportOptions& options) {
  if (isBinary(text)) {
    diagnostics.push_back({"MS0101", Level::Error, "", "", "", {file, 1, 1},
                           "file is not YAML text (it contains NUL bytes)"});
    return;
  }
  const size_t before = mesh.resources.size();
  for (const DocumentText& doc : splitDocuments(text)) {
    model::Resource resource;
    ReadContext ctx(file, doc.firstLine, doc.lines(), resource, diagnostics);
    YAML::Mark deep;
    if (nestingTooDeep(doc.text, deep)) {
      ctx.report("MS0101", Level::Error, deep, "YAML nests more than 100 levels deep");
      continue;
    }
    YAML::Node root;
    try {
      root = YAML::Load(doc.text);
    } catch (const YAML::Exception& e) {
      ctx.report("MS0101", Level::Error, e.mark, "YAML syntax error: " + e.msg);
      continue;
    }
    try {
      if (auto r = readDocument(root, ctx, options.defaultNamespace))
        mesh.resources.push_back(std::move(*r));
    } catch (const YAML::Exception& e) {  // yaml-cpp may throw on odd nodes (e.g. bad aliases)
      ctx.report("MS0101", Level::Error, e.mark, "YAML error: " + e.msg);
    }
  }
  reportDuplicates(mesh, before, diagnostics);
}

ImportResult importPaths(const std::vector<std::string>& paths, const ImportOptions& options) {
  ImportResult result;
  std::vector<fs::path> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        const auto ext = it->path().extension();
        if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) found.push_back(it->path());
      }
      std::sort(found.begin(), found.end());
      if (found.empty())
        result.diagnostics.push_back({"MS0100", Level::Warning, "", "", "", {p, 0, 0},
                                      "folder has no .yaml or .yml files"});
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.emplace_back(p);
    } else {
      result.ioError = true;
      result.diagnostics.push_back({"MS0100", Level::Error, "", "", "", {p, 0, 0},
                                    "no such file or folder; check the path"});
    }
  }
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    if (in.is_open()) text << in.rdbuf();
    if (!in.is_open() || in.bad()) {
      result.ioError = true;
      result.diagnostics.push_back({"MS0100", Level::Error, "", "", "", {f.string(), 0, 0},
                                    "cannot read the file; check its permissions"});
      continue;
    }
    importText(text.str(), f.string(), result.mesh, result.diagnostics, options);
  }
  return result;
}

}  // namespace ms::istio
