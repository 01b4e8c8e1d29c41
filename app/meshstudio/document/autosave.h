#pragma once
// Periodic copies of an unsaved design, so a crash loses at most one interval of work. Each
// running designer writes its own files, tagged with its process id; the next start offers
// the copies whose process is gone.
#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace ms::studio {

class DesignDocument;

struct RecoverableDesign {
  QString autosaveFile;  // the saved text
  QString originalPath;  // the file it belonged to; empty for an untitled design
  QDateTime savedAt;
};

class Autosave : public QObject {
  Q_OBJECT
 public:
  Autosave(DesignDocument* document, const QString& folder, int intervalMs = 30000, QObject* parent = nullptr);
  ~Autosave() override;
  void saveNow();  // when modified; otherwise removes the copy
  void discard();  // after a save or a clean close

  static QString defaultFolder();
  static QList<RecoverableDesign> findRecoverable(const QString& folder);
  // Opens the copy in `document` as an unsaved change to its original file, then deletes it.
  static bool recover(const RecoverableDesign& design, DesignDocument* document, QString* error);
  static void remove(const RecoverableDesign& design);

 private:
  DesignDocument* document_;
  QString folder_, base_;
  QTimer timer_;
};

}  // namespace ms::studio
