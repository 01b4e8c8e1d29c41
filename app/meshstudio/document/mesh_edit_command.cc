#include "document/mesh_edit_command.h"

#include "document/design_document.h"

namespace ms::studio {

MeshEditCommand::MeshEditCommand(DesignDocument* document, const QString& text, std::vector<ResourceOp> ops,
                                 std::optional<std::string> textAfter, int mergeId, const std::string& mergeKey)
    : QUndoCommand(text),
      document_(document),
      ops_(std::move(ops)),
      mergeId_(mergeId),
      mergeKey_(mergeKey),
      textAfter_(std::move(textAfter)) {}

void MeshEditCommand::redo() {
  textBefore_ = document_->text();
  for (auto& op : ops_) apply(op, true);
  document_->commandApplied(textAfter_);
  textAfter_ = document_->text();
}

void MeshEditCommand::undo() {
  for (auto it = ops_.rbegin(); it != ops_.rend(); ++it) apply(*it, false);
  document_->commandApplied(textBefore_);
}

void MeshEditCommand::apply(ResourceOp& op, bool forward) {
  auto& resources = document_->mutableMesh().resources;
  const bool inserting = (op.type == ResourceOp::Insert) == forward;
  switch (op.type) {
    case ResourceOp::Insert:
    case ResourceOp::Erase:
      if (inserting) {
        resources.insert(resources.begin() + op.index, op.value);
      } else {
        op.value = std::move(resources[static_cast<size_t>(op.index)]);
        resources.erase(resources.begin() + op.index);
      }
      break;
    case ResourceOp::Replace:
      std::swap(resources[static_cast<size_t>(op.index)], op.value);
      break;
    case ResourceOp::ReplaceAll:
      std::swap(resources, op.all);
      break;
  }
}

bool MeshEditCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = dynamic_cast<const MeshEditCommand*>(other);
  if (!o || mergeId_ == NoMerge || o->mergeKey_ != mergeKey_) return false;
  const bool single = ops_.size() == 1 && o->ops_.size() == 1 && ops_[0].type == ResourceOp::Replace &&
                      o->ops_[0].type == ResourceOp::Replace && ops_[0].index == o->ops_[0].index;
  // Our op already holds the value from before the first edit, and textBefore_ its text.
  if (single) textAfter_ = o->textAfter_;
  return single;
}

}  // namespace ms::studio
