#pragma once
// One form's link to the document: which resource it edits, how an edit becomes an undo step,
// and how its editors follow the model when it changes from elsewhere.
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/resource.h"

namespace ms::studio {

class DesignDocument;

// Counts the user's interactions with the inspector (a field gaining focus, a slider press).
// Commits to the same field within one interaction merge into one undo step.
struct Interaction {
  int id = 0;
};

// State that outlives a rebuild of the forms: which sections are expanded, where to put the
// focus next.
struct FormState {
  std::map<std::string, bool> expanded;  // key: ref + "|" + path
  std::string focusPath;                 // a field to focus once the forms are rebuilt
};

class FormContext {
 public:
  FormContext(DesignDocument* document, std::string ref, std::string kind, Interaction* interaction,
              FormState* state);

  DesignDocument* document() const { return document_; }
  const std::string& ref() const { return ref_; }
  // The kind whose field docs apply ("VirtualService", "MeshDesign").
  const std::string& kind() const { return kind_; }
  FormState* state() const { return state_; }
  Interaction* interaction() const { return interaction_; }

  // The resource as it was when the form was built; builders read initial values from it.
  model::Resource& snapshot() { return snapshot_; }

  // Copies the resource, lets `change` edit the copy (it returns false when it changed
  // nothing) and commits the copy as one undo step named `description`. Commits with the same
  // `mergeKey` in the same interaction merge into one step; an empty key never merges.
  bool commit(const QString& description, const std::string& mergeKey,
              const std::function<bool(model::Resource&)>& change);

  // Run on the copy before every commit (e.g. keeping scenario steps in time order).
  void setNormalizer(std::function<void(model::Resource&)> normalize) {
    normalize_ = std::move(normalize);
  }

  // Editors register how to show the model's current value; refresh() runs them all.
  void addRefresher(std::function<void(model::Resource&)> refresher) {
    refreshers_.push_back(std::move(refresher));
  }
  void refresh();

  // A form that was replaced by a rebuild commits nothing any more.
  void kill() { alive_ = false; }
  bool alive() const { return alive_; }

  std::string expandKey(const std::string& path) const { return ref_ + "|" + path; }

 private:
  const model::Resource* current() const;

  DesignDocument* document_;
  std::string ref_, kind_;
  Interaction* interaction_;
  FormState* state_;
  model::Resource snapshot_;
  std::function<void(model::Resource&)> normalize_;
  std::vector<std::function<void(model::Resource&)>> refreshers_;
  bool alive_ = true;
};

}  // namespace ms::studio
