#pragma once

// Access to ../shared/istio (Istio's reference data) for tests.

#include <QString>
#include <QStringList>

namespace ms::test {

QString sharedIstioDir();
// Every *.yaml below a folder of shared/istio, sorted.
QStringList yamlFilesUnder(const QString& relativeFolder);
QString readFile(const QString& path);

}  // namespace ms::test
