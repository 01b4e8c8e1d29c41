#pragma once
// The one undoable edit of a design: a list of resource operations applied in order and
// undone in reverse. Each operation swaps its value with the model's, so redo and undo are
// the same code and a command costs only the resources it touches.
#include <QUndoCommand>

#include <optional>
#include <string>
#include <vector>

#include "model/mesh.h"

namespace ms::studio {

class DesignDocument;

struct ResourceOp {
  enum Type { Insert, Erase, Replace, ReplaceAll } type = Replace;
  int index = 0;
  model::Resource value;             // Insert, Erase, Replace
  std::vector<model::Resource> all;  // ReplaceAll
};

// Edits whose ids match merge into one undo step when they change the same single resource
// (dragging a weight slider is one step, not one per pixel).
enum MergeId { NoMerge = -1, FieldMerge = 1 };

class MeshEditCommand : public QUndoCommand {
 public:
  // `textAfter`: the text the edit leaves (a YAML edit); unset: written from the model.
  MeshEditCommand(DesignDocument* document, const QString& text, std::vector<ResourceOp> ops,
                  std::optional<std::string> textAfter = {}, int mergeId = NoMerge,
                  const std::string& mergeKey = {});
  void redo() override;
  void undo() override;
  int id() const override { return mergeId_; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  void apply(ResourceOp& op, bool forward);
  DesignDocument* document_;
  std::vector<ResourceOp> ops_;
  int mergeId_;
  std::string mergeKey_;  // e.g. the field path; merges need the same key
  // Undo brings back the exact text from before, comments and all.
  std::string textBefore_;
  std::optional<std::string> textAfter_;
};

}  // namespace ms::studio
