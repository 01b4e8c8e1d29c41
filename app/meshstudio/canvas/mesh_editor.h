#pragma once
// A scratch copy of the parts of a model one canvas gesture changes, turned into the resource
// operations of a single undo step (DesignDocument::edit).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "document/mesh_edit_command.h"
#include "model/mesh.h"

namespace ms::studio {

class MeshEditor {
 public:
  explicit MeshEditor(const model::Mesh& mesh) : mesh_(mesh) {}

  const model::Mesh& mesh() const { return mesh_; }
  // The resource at `index`, to change; the model's own copy stays as it is until the edit.
  model::Resource& modify(int index);
  // The MeshDesign to change, added (first, like DesignDocument does) when there is none.
  model::MeshDesign& design();
  void erase(int index);
  void erase(const std::string& ref);  // Kind/namespace/name; ignored when not found
  void add(model::Resource resource);
  const std::vector<model::Resource>& added() const { return added_; }

  // Whether `name` is free for `kindName` in `ns`, counting what this edit adds.
  bool nameFree(const std::string& kindName, const std::string& ns, const std::string& name) const;
  // `base`, or base-2, base-3, ... whichever is free first.
  std::string uniqueName(const std::string& kindName, const std::string& ns, const std::string& base) const;

  void setPosition(const std::string& ref, double x, double y);
  void removePosition(const std::string& ref);

  bool empty() const { return changed_.empty() && erased_.empty() && added_.empty() && !newDesign_; }
  // Replaces first, then erasures from the back, then insertions.
  std::vector<ResourceOp> ops() const;
  int indexOf(const std::string& ref) const;  // in the model; -1 when not found

 private:
  const model::Mesh& mesh_;
  std::map<int, model::Resource> changed_;
  std::set<int> erased_;
  std::vector<model::Resource> added_;
  std::optional<model::Resource> newDesign_;
};

// A new resource of a modeled kind, its spec still to set.
model::Resource newResource(model::Kind kind, const std::string& ns, const std::string& name);

// Renames a resource, in its raw document too (Kubernetes objects are exported from it).
void renameResource(model::Resource& r, const std::string& name);

}  // namespace ms::studio
