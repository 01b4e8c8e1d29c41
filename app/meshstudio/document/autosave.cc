#include "document/autosave.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

#include <signal.h>

#include "document/design_document.h"

namespace ms::studio {

namespace {

bool processAlive(qint64 pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

bool writeAtomically(const QString& path, const QByteArray& data) {
  QSaveFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.commit();
}

}  // namespace

Autosave::Autosave(DesignDocument* document, const QString& folder, int intervalMs, QObject* parent)
    : QObject(parent),
      document_(document),
      folder_(folder),
      base_(QStringLiteral("%1-%2").arg(QCoreApplication::applicationPid()).arg(QUuid::createUuid().toString(QUuid::Id128).left(8))) {
  QDir().mkpath(folder_);
  timer_.setInterval(intervalMs);
  connect(&timer_, &QTimer::timeout, this, &Autosave::saveNow);
  timer_.start();
}

Autosave::~Autosave() { discard(); }

QString Autosave::defaultFolder() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/autosave";
}

void Autosave::saveNow() {
  if (!document_->isModified()) return discard();
  const std::string& text = document_->draft().empty() ? document_->text() : document_->draft();
  QJsonObject meta{{"originalPath", document_->filePath()},
                   {"pid", static_cast<qint64>(QCoreApplication::applicationPid())},
                   {"savedAt", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
  const QString stem = folder_ + "/" + base_;
  // The text first: metadata without its text is never left behind.
  if (writeAtomically(stem + ".mesh.yaml", QByteArray::fromStdString(text)))
    writeAtomically(stem + ".json", QJsonDocument(meta).toJson());
}

void Autosave::discard() {
  QFile::remove(folder_ + "/" + base_ + ".json");
  QFile::remove(folder_ + "/" + base_ + ".mesh.yaml");
}

QList<RecoverableDesign> Autosave::findRecoverable(const QString& folder) {
  QList<RecoverableDesign> out;
  for (const QFileInfo& info : QDir(folder).entryInfoList({"*.json"}, QDir::Files, QDir::Time)) {
    QFile f(info.filePath());
    if (!f.open(QIODevice::ReadOnly)) continue;
    const QJsonObject meta = QJsonDocument::fromJson(f.readAll()).object();
    const QString text = info.path() + "/" + info.completeBaseName() + ".mesh.yaml";
    if (!QFile::exists(text) || processAlive(meta.value("pid").toInteger())) continue;
    out.push_back({text, meta.value("originalPath").toString(),
                   QDateTime::fromString(meta.value("savedAt").toString(), Qt::ISODate)});
  }
  return out;
}

bool Autosave::recover(const RecoverableDesign& design, DesignDocument* document, QString* error) {
  QFile f(design.autosaveFile);
  if (!f.open(QIODevice::ReadOnly)) return *error = f.errorString(), false;
  const QByteArray text = f.readAll();
  if (design.originalPath.isEmpty() || !document->open({design.originalPath}, error)) document->clear();
  document->setText(text.toStdString());
  document->waitForDiagnostics();
  remove(design);
  return true;
}

void Autosave::remove(const RecoverableDesign& design) {
  QFile::remove(design.autosaveFile);
  QFile::remove(design.autosaveFile.chopped(QStringLiteral(".mesh.yaml").size()) + ".json");
}

}  // namespace ms::studio
