#include "inspector/form_context.h"

#include "document/design_document.h"

namespace ms::studio {

FormContext::FormContext(DesignDocument* document, std::string ref, std::string kind,
                         Interaction* interaction, FormState* state)
    : document_(document),
      ref_(std::move(ref)),
      kind_(std::move(kind)),
      interaction_(interaction),
      state_(state) {
  if (const model::Resource* r = current()) snapshot_ = *r;
}

const model::Resource* FormContext::current() const {
  const int index = document_->indexOf(ref_);
  return index < 0 ? nullptr : &document_->mesh().resources[static_cast<size_t>(index)];
}

bool FormContext::commit(const QString& description, const std::string& mergeKey,
                         const std::function<bool(model::Resource&)>& change) {
  if (!alive_) return false;
  const int index = document_->indexOf(ref_);
  if (index < 0) return false;
  model::Resource copy = document_->mesh().resources[static_cast<size_t>(index)];
  if (!change(copy)) return false;
  if (normalize_) normalize_(copy);
  if (mergeKey.empty()) {
    document_->replaceResource(index, std::move(copy), description);
  } else {
    document_->replaceResource(index, std::move(copy), description, FieldMerge,
                               mergeKey + "#" + std::to_string(interaction_->id));
  }
  return true;
}

void FormContext::refresh() {
  const model::Resource* r = current();
  if (!r || !alive_) return;
  snapshot_ = *r;
  for (const auto& refresher : refreshers_) refresher(snapshot_);
}

}  // namespace ms::studio
