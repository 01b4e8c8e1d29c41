#pragma once
// The design as YAML, editable. Typing is sent to the document after a short pause; text
// that does not read stays as typed (the model keeps its last good state) with its errors
// underlined. Changes made elsewhere (canvas, inspector, undo) rewrite the text.
#include <QTimer>
#include <QWidget>

class QLabel;

namespace ms::studio {

class DesignDocument;
class YamlEditor;

class YamlPane : public QWidget {
  Q_OBJECT
 public:
  explicit YamlPane(DesignDocument* document, QWidget* parent = nullptr);
  YamlEditor* editor() const { return editor_; }
  void goTo(int line, int column, bool focus = true);
  void flush();  // sends pending typing now

 private:
  void showDocumentText();
  void userTyped();
  void showStatus();
  DesignDocument* document_;
  YamlEditor* editor_;
  QLabel* status_;
  QTimer debounce_;
  bool updating_ = false;  // the pane itself is setting the editor's text
  QString shown_;          // the text last shown or sent: typing is what differs from it
};

}  // namespace ms::studio
