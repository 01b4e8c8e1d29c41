// Bad input never crashes or hangs: every prefix of every sample file, random byte flips and
// random garbage all import and analyze to diagnostics that point into the input.
// Runs under AddressSanitizer + UBSan in CI (label badinput).
#include <QtTest>

#include <random>

#include "analysis/analyzer.h"
#include "istio/importer.h"
#include "shared_data.h"

using namespace ms;

namespace {

// "" when every diagnostic about `text` is well formed and points into it, else why not.
std::string checkDiagnostics(const std::string& text, const model::Diagnostics& diagnostics) {
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const auto& d : diagnostics) {
    if (d.message.empty() || d.code.empty()) return "a diagnostic without code or message";
    if (d.where.file != "input.yaml") continue;  // e.g. about a design-level fact
    if (d.where.line < 1 || d.where.line > lines || d.where.column < 1)
      return "diagnostic points outside the input (" + std::to_string(d.where.line) + ":" +
             std::to_string(d.where.column) + "): " + d.message;
  }
  return {};
}

// Imports and analyzes `text`, then checks what it reported.
std::string importAndCheck(const std::string& text) {
  model::Mesh mesh;
  model::Diagnostics diagnostics;
  try {
    istio::importText(text, "input.yaml", mesh, diagnostics);
    const auto found = analysis::analyze(mesh);
    diagnostics.insert(diagnostics.end(), found.begin(), found.end());
  } catch (const std::exception& e) {
    return std::string("exception escaped: ") + e.what();
  }
  return checkDiagnostics(text, diagnostics);
}

QStringList inputFiles() {
  QStringList files;
  for (const char* folder : {"samples", "api-examples", "valid-per-kind", "testdata-config", "authz-policies"})
    files << test::yamlFilesUnder(folder);
  files.removeIf([](const QString& f) { return f.endsWith("outcomes.yaml"); });
  files << QStringLiteral(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml");
  return files;
}

}  // namespace

class BadInputTest : public QObject {
  Q_OBJECT

 private slots:
  void everyPrefix_data() {
    QTest::addColumn<QString>("file");
    for (const QString& f : inputFiles()) QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
  }

  // A truncated file (a save cut short, a paste gone wrong) at every byte. Under the
  // sanitizers (10x slower) MS_PREFIX_STRIDE thins this to every Nth byte plus every line end.
  void everyPrefix() {
    QFETCH(QString, file);
    const std::string text = test::readFile(file).toStdString();
    QVERIFY(!text.empty());
    const size_t stride = std::max(1, qEnvironmentVariableIntValue("MS_PREFIX_STRIDE"));
    for (size_t n = 0; n <= text.size(); ++n) {
      const bool lineEnd = n > 0 && text[n - 1] == '\n';
      if (n % stride != 0 && !lineEnd && n != text.size()) continue;
      const std::string problem = importAndCheck(text.substr(0, n));
      if (!problem.empty()) QFAIL(qPrintable(QString("prefix of %1 bytes: %2").arg(n).arg(problem.c_str())));
    }
  }

  void randomByteFlips() {
    std::mt19937 random(20261124);
    int checked = 0;
    for (const QString& f : inputFiles()) {
      const std::string text = test::readFile(f).toStdString();
      for (int i = 0; i < 40 && !text.empty(); ++i) {
        std::string flipped = text;
        for (int k = 0; k < 1 + i % 4; ++k)
          flipped[random() % flipped.size()] = static_cast<char>(random() % 256);
        const std::string problem = importAndCheck(flipped);
        if (!problem.empty()) QFAIL(qPrintable(f + ": " + QString::fromStdString(problem)));
        ++checked;
      }
    }
    QVERIFY(checked > 5000);
  }

  void randomGarbage() {
    std::mt19937 random(7);
    const std::string alphabet = "abc:-[]{}&*!|>'\"#%@`?, \n\t\r0123456789.~\\/";
    for (int i = 0; i < 2000; ++i) {
      std::string text(random() % 600, ' ');
      const bool binary = i % 2 == 0;
      for (char& c : text)
        c = binary ? static_cast<char>(random() % 256) : alphabet[random() % alphabet.size()];
      const std::string problem = importAndCheck(text);
      if (!problem.empty()) QFAIL(qPrintable(QString::fromStdString(problem)));
    }
  }

  // The checker itself must notice a diagnostic that points nowhere.
  void checkerIsNotBlind() {
    const std::string text = "apiVersion: v1\nkind: [\n";
    QVERIFY(importAndCheck(text).empty());  // a syntax error inside the input is fine
    const model::Diagnostic outside{"MS0101", model::Level::Error, "", "", "", {"input.yaml", 9, 1}, "x"};
    QVERIFY(!checkDiagnostics(text, {outside}).empty());
    const model::Diagnostic silent{"MS0101", model::Level::Error, "", "", "", {"input.yaml", 1, 1}, ""};
    QVERIFY(!checkDiagnostics(text, {silent}).empty());
  }
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "tst_bad_input.moc"
