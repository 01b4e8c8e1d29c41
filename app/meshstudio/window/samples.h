#pragma once
#include <QList>
#include <QString>

namespace ms::studio {

struct SampleDesign {
  QString name, title, description, path;  // path: the .mesh.yaml
};

// The folder holding samples/: $MESHSTUDIO_SAMPLES, the installed share folder, or the source
// tree this build came from.
QString samplesFolder();
// One entry per samples/<name>/<name>.mesh.yaml; the description is its leading comment.
QList<SampleDesign> listSamples(const QString& folder);

}  // namespace ms::studio
