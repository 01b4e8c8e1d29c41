#pragma once
// Export Istio YAML (and optionally Kubernetes manifests): shows exactly what will be written
// and warns when the design has errors.
#include <QDialog>

class QCheckBox;
class QLabel;
class QPlainTextEdit;

namespace ms::studio {

class DesignDocument;

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ExportDialog(DesignDocument* document, QWidget* parent = nullptr);
  QString exportText() const;
  QCheckBox* kubernetesOption() const { return kubernetes_; }
  bool writeTo(const QString& path, QString* error) const;  // atomic

 private:
  void refresh();
  void saveAs();
  DesignDocument* document_;
  QCheckBox* kubernetes_;
  QLabel* warning_;
  QPlainTextEdit* preview_;
};

}  // namespace ms::studio
