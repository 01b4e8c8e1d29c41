#include "window/export_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

#include "document/design_document.h"
#include "istio/exporter.h"
#include "yaml/yaml_highlighter.h"
#include "window/theme.h"

namespace ms::studio {

ExportDialog::ExportDialog(DesignDocument* document, QWidget* parent)
    : QDialog(parent),
      document_(document),
      kubernetes_(new QCheckBox(tr("Include Kubernetes manifests (Namespaces, ServiceAccounts, Services, Deployments)"))),
      warning_(new QLabel),
      preview_(new QPlainTextEdit) {
  setWindowTitle(tr("Export Istio YAML"));
  resize(760, 640);
  warning_->setWordWrap(true);
  warning_->setStyleSheet("QLabel { background: #fdecea; color: #8a1c1c; padding: 6px; border-radius: 4px; }");
  preview_->setReadOnly(true);
  preview_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  preview_->setLineWrapMode(QPlainTextEdit::NoWrap);
  (new YamlHighlighter(preview_->document()))->setDark(isDarkPalette());
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(warning_);
  layout->addWidget(kubernetes_);
  layout->addWidget(new QLabel(tr("This is what will be written:")));
  layout->addWidget(preview_, 1);
  layout->addWidget(buttons);
  // A design that draws its services exports them too, so that the file stands on its own
  // (an empty cluster, `meshctl validate`); without them its hosts must exist in the cluster.
  const model::MeshDesign* design = document_->mesh().design();
  kubernetes_->setChecked(design && !design->services.empty());
  kubernetes_->setToolTip(tr("Without them, the Services the routes name must already exist in the cluster."));
  connect(kubernetes_, &QCheckBox::toggled, this, &ExportDialog::refresh);
  connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::saveAs);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  refresh();
}

QString ExportDialog::exportText() const {
  istio::ExportOptions options;
  options.kubernetes = kubernetes_->isChecked();
  return QString::fromStdString(istio::exportYaml(document_->mesh(), options));
}

void ExportDialog::refresh() {
  preview_->setPlainText(exportText());
  int errors = 0;
  for (const auto& d : document_->diagnostics()) errors += d.level == model::Level::Error ? 1 : 0;
  warning_->setVisible(errors > 0 || !document_->draft().empty());
  QString text = tr("The design has %n error(s); a cluster may reject or misapply what is exported. "
                    "See the Problems panel.", nullptr, errors);
  if (!document_->draft().empty()) text = tr("The YAML pane holds text that does not read; the export is the last good design.");
  warning_->setText(text);
}

bool ExportDialog::writeTo(const QString& path, QString* error) const {
  const QByteArray data = exportText().toUtf8();
  QSaveFile f(path);
  if (f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.commit()) return true;
  *error = f.errorString();
  return false;
}

void ExportDialog::saveAs() {
  const QString suggested = document_->filePath().isEmpty()
                                ? QStringLiteral("istio.yaml")
                                : QString(document_->filePath()).replace(".mesh.yaml", ".istio.yaml");
  const QString path = QFileDialog::getSaveFileName(this, tr("Export Istio YAML"), suggested, tr("YAML (*.yaml *.yml)"));
  if (path.isEmpty()) return;
  QString error;
  if (!writeTo(path, &error)) return void(QMessageBox::critical(this, tr("Export failed"), tr("Cannot write %1: %2").arg(path, error)));
  accept();
}

}  // namespace ms::studio
