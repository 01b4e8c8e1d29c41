// Every exported object passes its CRD's OpenAPI v3 schema, checked by an independent
// JSON-schema validator (ajv, run by node).
#include <QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include "istio/exporter.h"
#include "istio/importer.h"
#include "shared_data.h"

using namespace ms;

class SchemaConformanceTest : public QObject {
  Q_OBJECT

  QString checker_ = QStringLiteral(MS_SOURCE_DIR "/tests/tools/schema-check/check.mjs");
  QString crds_ = test::sharedIstioDir() + "/crds/crd-all.gen.yaml";

  // Runs ajv over the files; returns its output lines.
  QStringList runChecker(const QStringList& files, int& exitCode) {
    QProcess node;
    node.start("node", QStringList{checker_, crds_} + files);
    if (!node.waitForFinished(120000)) {
      exitCode = -1;
      return {};
    }
    exitCode = node.exitCode();
    const QString err = QString::fromUtf8(node.readAllStandardError());
    if (!err.isEmpty()) qWarning().noquote() << err;
    return QString::fromUtf8(node.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
  }

 private slots:
  void initTestCase() {
    QVERIFY2(QFile::exists(MS_SOURCE_DIR "/tests/tools/schema-check/node_modules/ajv/package.json"),
             "ajv is not installed: run ./meshstudio.sh test, which installs it with npm");
  }

  void exportedObjectsPassTheirSchema() {
    QTemporaryDir dir;
    QStringList exported;
    int index = 0;
    for (const char* folder : {"samples", "api-examples", "valid-per-kind", "testdata-config",
                                  "authz-policies"}) {
      for (const QString& file : test::yamlFilesUnder(folder)) {
        if (file.endsWith("tasks/outcomes.yaml")) continue;
        model::Mesh mesh;
        model::Diagnostics diagnostics;
        istio::importText(test::readFile(file).toStdString(), file.toStdString(), mesh, diagnostics);
        const QString out = dir.filePath(QString("export-%1.yaml").arg(index++));
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(istio::exportYaml(mesh)));
        exported << out;
      }
    }
    int exitCode = 0;
    const QStringList lines = runChecker(exported, exitCode);
    int ok = 0;
    for (const QString& line : lines) {
      if (line.startsWith("ok ")) ++ok;
      else if (!line.startsWith("skip ")) qWarning().noquote() << line;
    }
    QCOMPARE(exitCode, 0);
    QVERIFY2(ok > 250, qPrintable(QString("only %1 objects were checked").arg(ok)));
  }

  // The checker must reject what the schema rejects, or the test above proves nothing.
  void checkerRejectsABadObject() {
    QTemporaryDir dir;
    QFile f(dir.filePath("bad.yaml"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a}\n"
            "spec:\n  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n"
            "      weight: \"ten\"\n");
    f.close();
    int exitCode = 0;
    const QStringList lines = runChecker({f.fileName()}, exitCode);
    QCOMPARE(exitCode, 1);
    QVERIFY(!lines.isEmpty() && lines.first().startsWith("FAIL VirtualService default/a"));
  }
};

QTEST_GUILESS_MAIN(SchemaConformanceTest)
#include "tst_schema_conformance.moc"
