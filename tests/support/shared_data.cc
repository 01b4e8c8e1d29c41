#include "shared_data.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

namespace ms::test {

QString sharedIstioDir() { return QDir(QStringLiteral(MS_SHARED_DIR "/istio")).absolutePath(); }

QStringList yamlFilesUnder(const QString& relativeFolder) {
  QStringList files;
  QDirIterator it(sharedIstioDir() + "/" + relativeFolder, {"*.yaml", "*.yml"}, QDir::Files,
                  QDirIterator::Subdirectories);
  while (it.hasNext()) files << it.next();
  files.sort();
  return files;
}

QString readFile(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll());
}

}  // namespace ms::test
