#pragma once

// Runs the istioctl analyze analyzers on YAML text and picks out their findings.

#include <QtTest>
#include <algorithm>
#include <string>
#include <vector>

#include "analysis/context.h"
#include "analysis/ist/istio_analyzers.h"
#include "istio/importer.h"

namespace ms::test {

// The import must succeed without errors, so that a test fails on a typo in its own input
// rather than passing for the wrong reason.
inline model::Diagnostics runIstioAnalyzers(const std::string& yaml,
                                            const std::string& file = "test.yaml") {
  model::Mesh mesh;
  model::Diagnostics importDiagnostics;
  istio::importText(yaml, file, mesh, importDiagnostics);
  for (const model::Diagnostic& d : importDiagnostics)
    if (d.level == model::Level::Error)
      qWarning("import error in test input: %s %s (line %d)", d.code.c_str(), d.message.c_str(),
               d.where.line);
  if (model::hasErrors(importDiagnostics)) {
    QTest::qFail("the test input does not import cleanly", __FILE__, __LINE__);
    return {{"IMPORT", model::Level::Error, "", "", "", {}, "import failed"}};
  }
  model::Diagnostics out;
  const model::ServiceRegistry registry(mesh);
  analysis::runIstioAnalyzers(analysis::Context(mesh, registry, out));
  return out;
}

inline std::vector<model::Diagnostic> withCode(const model::Diagnostics& all, const char* code) {
  std::vector<model::Diagnostic> out;
  for (const model::Diagnostic& d : all)
    if (d.code == code) out.push_back(d);
  return out;
}

// The 1-based line of the first line of `yaml` containing `marker` (0 if none).
inline int lineOf(const std::string& yaml, const std::string& marker) {
  const auto at = yaml.find(marker);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<int>(std::count(yaml.begin(), yaml.begin() + static_cast<long>(at), '\n'));
}

// `text` with the first `from` replaced by `to`; the test fails if `from` is absent.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) {
    QTest::qFail(("marker not found: " + from).c_str(), __FILE__, __LINE__);
    return text;
  }
  return text.replace(at, from.size(), to);
}

inline std::string describe(const model::Diagnostics& all) {
  std::string out;
  for (const model::Diagnostic& d : all)
    out += d.code + " " + d.kind + " " + d.namespace_ + "/" + d.name + ":" +
           std::to_string(d.where.line) + " " + d.message + "\n";
  return out;
}

}  // namespace ms::test

// Checks that exactly one `code` finding exists, with the level, resource and line given.
#define MS_EXPECT_ONE(all, code, lvl, kindName, nsName, expectedLine)                          \
  do {                                                                                         \
    const auto found_ = ms::test::withCode(all, code);                                         \
    QVERIFY2(                                                                                  \
        found_.size() == 1,                                                                    \
        (std::string("expected one ") + code + ", got:\n" + ms::test::describe(all)).c_str()); \
    QCOMPARE(int(found_[0].level), int(lvl));                                                  \
    QCOMPARE(QString::fromStdString(found_[0].kind), QString(kindName));                       \
    QCOMPARE(QString::fromStdString(found_[0].namespace_ + "/" + found_[0].name),              \
             QString(nsName));                                                                 \
    QCOMPARE(found_[0].where.line, expectedLine);                                              \
  } while (false)

#define MS_EXPECT_NONE(all, code)                 \
  QVERIFY2(ms::test::withCode(all, code).empty(), \
           (std::string("expected no ") + code + ", got:\n" + ms::test::describe(all)).c_str())
