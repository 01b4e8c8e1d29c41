#pragma once
// Every diagnostic of the design (IST and MS codes) with its level, filterable. Activating
// one asks the window to select its object and show its line.
#include <QWidget>

#include "model/diagnostic.h"

class QLineEdit;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace ms::studio {

class DesignDocument;

class ProblemsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ProblemsPanel(DesignDocument* document, QWidget* parent = nullptr);
  QTreeWidget* list() const { return list_; }
  int shownCount() const;
  // "Kind/ns/name" of the object a diagnostic is about, or empty.
  static QString refOf(const model::Diagnostic& d);
  static QIcon levelIcon(model::Level level);

 signals:
  void diagnosticActivated(const ms::model::Diagnostic& diagnostic);
  void countsChanged(int errors, int warnings, int infos);

 private:
  void rebuild();
  void applyFilter();
  DesignDocument* document_;
  QTreeWidget* list_;
  QToolButton *errors_, *warnings_, *infos_;
  QLineEdit* search_;
  model::Diagnostics shown_;
};

}  // namespace ms::studio
