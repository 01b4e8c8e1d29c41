#include "yaml/yaml_pane.h"

#include <QLabel>
#include <QVBoxLayout>

#include "document/design_document.h"
#include "yaml/yaml_editor.h"

namespace ms::studio {

YamlPane::YamlPane(DesignDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), editor_(new YamlEditor(this)), status_(new QLabel(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(editor_);
  layout->addWidget(status_);
  status_->setContentsMargins(6, 0, 6, 2);
  debounce_.setSingleShot(true);
  debounce_.setInterval(400);
  connect(&debounce_, &QTimer::timeout, this, &YamlPane::flush);
  connect(editor_, &QPlainTextEdit::textChanged, this, &YamlPane::userTyped);
  connect(document_, &DesignDocument::textChanged, this, &YamlPane::showDocumentText);
  connect(document_, &DesignDocument::diagnosticsChanged, this, [this] {
    editor_->setDiagnostics(document_->diagnostics());
    showStatus();
  });
  showDocumentText();
}

void YamlPane::userTyped() {
  // Highlighting and other format-only changes also signal textChanged.
  if (updating_ || editor_->toPlainText() == shown_) return;
  debounce_.start();
  status_->setText(tr("Editing…"));
}

void YamlPane::flush() {
  debounce_.stop();
  if (editor_->toPlainText() == shown_) return;
  shown_ = editor_->toPlainText();
  document_->setText(shown_.toStdString());
}

void YamlPane::showDocumentText() {
  const QString text = QString::fromStdString(document_->draft().empty() ? document_->text() : document_->draft());
  // Typing not yet sent (or sent and being read) is newer than the document's text.
  if (debounce_.isActive()) return;
  if (text == editor_->toPlainText()) return void(shown_ = text);
  updating_ = true;
  editor_->replaceText(text);
  updating_ = false;
  shown_ = editor_->toPlainText();
}

void YamlPane::showStatus() {
  int errors = 0, warnings = 0;
  for (const auto& d : document_->diagnostics()) {
    if (d.level == model::Level::Error) ++errors;
    if (d.level == model::Level::Warning) ++warnings;
  }
  QString text = document_->draft().empty()
                     ? tr("In sync with the design")
                     : tr("Not applied: the text does not read yet; the design keeps its last good state");
  if (errors || warnings) text += tr(" · %n error(s)", nullptr, errors) + tr(", %n warning(s)", nullptr, warnings);
  status_->setText(text);
}

void YamlPane::goTo(int line, int column, bool focus) { editor_->goTo(line, column, focus); }

}  // namespace ms::studio
