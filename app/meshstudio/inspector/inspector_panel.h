#pragma once
// The inspector: typed forms for what is selected. A ref is a resource's
// "Kind/namespace/name" (DesignDocument::refOf) or "Service/namespace/name" for a service
// drawn in the MeshDesign (spec.services). Forms follow the document: when the mesh changes
// from elsewhere (undo, the YAML pane) they refresh in place, or rebuild when the shape of
// the object changed, keeping focus, scroll position and open sections.
#include <QStringList>
#include <QWidget>

#include <memory>
#include <string>
#include <vector>

#include "inspector/form_context.h"

class QLabel;
class QScrollArea;
class QStackedWidget;
class QVBoxLayout;

namespace ms::studio {

class DesignDocument;
class FormBuilder;

class InspectorPanel : public QWidget {
  Q_OBJECT
 public:
  explicit InspectorPanel(DesignDocument* document, QWidget* parent = nullptr);
  ~InspectorPanel() override;

  QStringList selection() const { return selection_; }
  // What the header shows: "VirtualService", "reviews".
  QString headerKind() const;
  QString headerTitle() const;
  // True while the placeholder (nothing, several or an unknown object selected) is shown.
  bool showsPlaceholder() const;
  // The widget holding the current forms; editors in it are named by their YAML path.
  QWidget* formWidget() const;
  // How many times the forms were rebuilt (not refreshed in place); for tests.
  int rebuildCount() const { return rebuilds_; }

 public slots:
  void setSelection(const QStringList& refs);

 private:
  struct Target;
  Target resolve() const;
  void onMeshChanged();
  void updateProblems();
  void rebuild();
  void showPlaceholder(const QString& title, const QString& text);
  void setHeader(const QString& kind, const QString& title, const QString& subtitle);
  std::string focusedPath() const;
  void restoreFocus(QWidget* content, const std::string& path);

  // Forms for one kind of target; each adds its widgets to `layout`.
  void buildResource(QVBoxLayout* layout, const Target& t);
  void buildDesign(QVBoxLayout* layout, const Target& t);
  void buildDesignService(QVBoxLayout* layout, const Target& t);
  void buildKubernetesObject(QVBoxLayout* layout, const Target& t);
  std::shared_ptr<FormBuilder> newBuilder(const std::string& ref, const std::string& kind);

  DesignDocument* document_;
  QStringList selection_;
  Interaction interaction_;
  FormState state_;
  std::string signature_;  // the shape the current forms were built for
  std::string shownRef_;
  std::vector<std::shared_ptr<FormBuilder>> builders_;
  int rebuilds_ = 0;

  QWidget* header_;
  QLabel* kindLabel_;
  QLabel* titleLabel_;
  QLabel* subtitleLabel_;
  QLabel* problemsLabel_;
  QStackedWidget* stack_;
  QLabel* placeholder_;
  QScrollArea* scroll_;
};

}  // namespace ms::studio
