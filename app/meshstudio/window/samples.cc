#include "window/samples.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>

namespace ms::studio {

QString samplesFolder() {
  const QString env = qEnvironmentVariable("MESHSTUDIO_SAMPLES");
  if (!env.isEmpty()) return env;
  const QString installed = QCoreApplication::applicationDirPath() + "/../share/meshstudio/samples";
  if (QDir(installed).exists()) return QDir(installed).absolutePath();
  return QStringLiteral(MS_SAMPLES_DIR);
}

QList<SampleDesign> listSamples(const QString& folder) {
  QList<SampleDesign> out;
  for (const QString& name : QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    const QStringList designs = QDir(folder + "/" + name).entryList({"*.mesh.yaml"}, QDir::Files, QDir::Name);
    if (designs.isEmpty()) continue;
    SampleDesign s{name, {}, {}, folder + "/" + name + "/" + designs.front()};
    QFile f(s.path);
    if (f.open(QIODevice::ReadOnly)) {
      QTextStream in(&f);
      QStringList comment;
      for (QString line = in.readLine(); !line.isNull() && line.startsWith('#'); line = in.readLine())
        comment << line.mid(1).trimmed();
      if (!comment.isEmpty()) s.title = comment.takeFirst();
      s.description = comment.join(' ');
    }
    if (s.title.isEmpty()) s.title = name;
    out.push_back(s);
  }
  return out;
}

}  // namespace ms::studio
