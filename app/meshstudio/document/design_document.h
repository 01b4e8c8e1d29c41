#pragma once
// One open design: the model (the single source of truth), its undo stack, its text, its
// file and its diagnostics. Every view observes it; every change goes through edit() as an
// undoable command. Parsing and analysis run on a worker thread.
#include <QFutureWatcher>
#include <QObject>
#include <QPointF>
#include <QUndoStack>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "document/design_text.h"
#include "document/mesh_edit_command.h"
#include "document/object_lines.h"
#include "model/mesh.h"

namespace ms::studio {

class DesignDocument : public QObject {
  Q_OBJECT
 public:
  explicit DesignDocument(QObject* parent = nullptr);
  ~DesignDocument() override;

  const model::Mesh& mesh() const { return mesh_; }
  const std::string& text() const { return text_; }
  // Text the user typed that does not read yet (shown and saved as is); empty when none.
  const std::string& draft() const { return draft_; }
  const model::Diagnostics& diagnostics() const { return diagnostics_; }
  QUndoStack* undoStack() { return &undo_; }
  // Kind/namespace/name of the resource at `index`, the key the views select by.
  static std::string refOf(const model::Resource& r);
  int indexOf(const std::string& ref) const;
  // The first line of the object `ref` (a resource's ref, or a design service's node id) in the
  // text the latest parse read, which is what the YAML pane shows; 0 when unknown.
  int lineOf(const std::string& ref) const;

  // Edits, each one undo step.
  void replaceResource(int index, model::Resource value, const QString& description,
                       int mergeId = NoMerge, const std::string& mergeKey = {});
  void addResource(model::Resource value, const QString& description);
  void removeResources(std::vector<int> indexes, const QString& description);
  void edit(const QString& description, std::vector<ResourceOp> ops, int mergeId = NoMerge,
            const std::string& mergeKey = {}, std::optional<std::string> textAfter = {});
  // The user's text, applied when it reads completely; otherwise only its diagnostics change.
  void setText(const std::string& text);
  void setNodePositions(const std::map<std::string, QPointF>& positions);
  std::map<std::string, QPointF> nodePositions() const;

  // Files. Reading replaces the document (not undoable); the text keeps the file's comments.
  bool open(const QStringList& paths, QString* error);
  bool saveAs(const QString& path, QString* error);  // atomic
  void clear();
  QString filePath() const { return filePath_; }
  QString displayName() const;
  bool isModified() const { return !undo_.isClean() || !draft_.empty(); }
  // Blocks until the diagnostics of the current text are in (tests, export).
  void waitForDiagnostics();

  // Used by MeshEditCommand.
  model::Mesh& mutableMesh() { return mesh_; }
  // After a command changed the model: `text` is the text that reads as it, if known.
  void commandApplied(const std::optional<std::string>& text);

 signals:
  void meshChanged();
  void documentReplaced();  // open() or clear(): a different design, not an edit (meshChanged follows)
  void textChanged();  // the text differs from what the YAML pane last set
  void diagnosticsChanged();
  void filePathChanged();
  void textRejected();  // setText() got text that does not read; the model is unchanged

 private:
  struct ParseRequest {
    std::string text;
    bool fromUser = false;
  };
  struct ParsedText {
    std::string text;
    model::Diagnostics diagnostics;
    ObjectLines lines;
  };
  void reset(model::Mesh mesh, std::string text, const std::string& draft);
  void requestParse(const std::string& text, bool fromUser);
  void startParse();
  void parseFinished();
  std::string diagnosticsFile() const;

  model::Mesh mesh_;
  std::string text_;   // reads as mesh_: the user's text (comments kept) or written from the model
  std::string draft_;
  model::Diagnostics diagnostics_;
  QUndoStack undo_;
  QString filePath_;
  // One parse runs at a time; of the texts that arrive meanwhile only the latest is kept.
  QFutureWatcher<ParsedDesign> parse_;
  ParseRequest running_;
  std::optional<ParseRequest> pending_;
  ParsedText lastParsed_;
};

}  // namespace ms::studio
