#pragma once
// A plain-text YAML editor: line numbers, highlighting, and diagnostics underlined at their
// line:column with the message as a tooltip.
#include <QPlainTextEdit>

#include "model/diagnostic.h"

namespace ms::studio {

class YamlHighlighter;

class YamlEditor : public QPlainTextEdit {
  Q_OBJECT
 public:
  explicit YamlEditor(QWidget* parent = nullptr);
  void setDiagnostics(const model::Diagnostics& diagnostics);
  // 1-based; selects the token there. Without `focus` the keyboard stays where it is (the
  // canvas, when its selection moves the cursor).
  void goTo(int line, int column, bool focus = true);
  // Replaces the text keeping the cursor line and the scroll position.
  void replaceText(const QString& text);
  void setDark(bool dark);
  int lineNumberAreaWidth() const;
  void paintLineNumbers(QPaintEvent* event);

 protected:
  void resizeEvent(QResizeEvent* event) override;
  bool viewportEvent(QEvent* event) override;

 private:
  QTextCursor rangeAt(int line, int column) const;
  void updateLineNumberArea(const QRect& rect, int dy);
  QWidget* lineNumbers_;
  YamlHighlighter* highlighter_;
  model::Diagnostics diagnostics_;
};

}  // namespace ms::studio
