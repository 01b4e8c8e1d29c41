#include "yaml/yaml_editor.h"

#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolTip>

#include "yaml/yaml_highlighter.h"

namespace ms::studio {

namespace {

class LineNumberArea : public QWidget {
 public:
  explicit LineNumberArea(YamlEditor* editor) : QWidget(editor), editor_(editor) {}
  QSize sizeHint() const override { return {editor_->lineNumberAreaWidth(), 0}; }

 protected:
  void paintEvent(QPaintEvent* event) override { editor_->paintLineNumbers(event); }

 private:
  YamlEditor* editor_;
};

QColor levelColour(model::Level level) {
  switch (level) {
    case model::Level::Error: return QColor(0xe5, 0x39, 0x35);
    case model::Level::Warning: return QColor(0xf9, 0xa8, 0x25);
    case model::Level::Info: return QColor(0x42, 0x8b, 0xe0);
  }
  return Qt::gray;
}

}  // namespace

YamlEditor::YamlEditor(QWidget* parent)
    : QPlainTextEdit(parent), lineNumbers_(new LineNumberArea(this)), highlighter_(new YamlHighlighter(document())) {
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  mono.setPointSizeF(std::max(9.0, mono.pointSizeF()));
  setFont(mono);
  setLineWrapMode(QPlainTextEdit::NoWrap);
  setTabChangesFocus(false);
  setTabStopDistance(fontMetrics().horizontalAdvance(' ') * 2);
  setMouseTracking(true);
  connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
  connect(this, &QPlainTextEdit::updateRequest, this, &YamlEditor::updateLineNumberArea);
  setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void YamlEditor::setDark(bool dark) { highlighter_->setDark(dark); }

int YamlEditor::lineNumberAreaWidth() const {
  const int digits = QString::number(std::max(1, blockCount())).size();
  return 14 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(3, digits);
}

void YamlEditor::updateLineNumberArea(const QRect& rect, int dy) {
  if (dy) lineNumbers_->scroll(0, dy);
  else lineNumbers_->update(0, rect.y(), lineNumbers_->width(), rect.height());
}

void YamlEditor::resizeEvent(QResizeEvent* event) {
  QPlainTextEdit::resizeEvent(event);
  const QRect cr = contentsRect();
  lineNumbers_->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void YamlEditor::paintLineNumbers(QPaintEvent* event) {
  QPainter p(lineNumbers_);
  p.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
  // The worst level per line, as a marker beside its number.
  std::map<int, model::Level> marks;
  for (const auto& d : diagnostics_)
    if (d.where.line > 0) {
      auto [it, fresh] = marks.emplace(d.where.line, d.level);
      if (!fresh && d.level < it->second) it->second = d.level;
    }
  QTextBlock block = firstVisibleBlock();
  int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
  const int h = fontMetrics().height();
  while (block.isValid() && top <= event->rect().bottom()) {
    if (block.isVisible()) {
      const int line = block.blockNumber() + 1;
      if (auto it = marks.find(line); it != marks.end()) {
        p.setPen(Qt::NoPen);
        p.setBrush(levelColour(it->second));
        p.drawEllipse(QRectF(3, top + h / 2.0 - 3, 6, 6));
      }
      p.setPen(palette().color(line == textCursor().blockNumber() + 1 ? QPalette::Text : QPalette::PlaceholderText));
      p.drawText(0, top, lineNumbers_->width() - 5, h, Qt::AlignRight, QString::number(line));
    }
    block = block.next();
    top += qRound(blockBoundingRect(block).height());
  }
}

QTextCursor YamlEditor::rangeAt(int line, int column) const {
  QTextBlock block = document()->findBlockByNumber(line - 1);
  if (!block.isValid()) return {};
  const QString text = block.text();
  int start = std::clamp(column - 1, 0, static_cast<int>(text.size()));
  while (start < text.size() && text[start].isSpace()) ++start;
  int end = start;
  while (end < text.size() && !text[end].isSpace() && text[end] != ':' && text[end] != ',') ++end;
  if (end == start) start = 0, end = static_cast<int>(text.size());  // nothing to point at: the whole line
  QTextCursor c(block);
  c.setPosition(block.position() + start);
  c.setPosition(block.position() + std::max(end, start + 1), QTextCursor::KeepAnchor);
  return c;
}

void YamlEditor::setDiagnostics(const model::Diagnostics& diagnostics) {
  diagnostics_ = diagnostics;
  QList<QTextEdit::ExtraSelection> marks;
  for (const auto& d : diagnostics_) {
    if (d.where.line <= 0) continue;
    QTextEdit::ExtraSelection s;
    s.cursor = rangeAt(d.where.line, d.where.column);
    if (s.cursor.isNull()) continue;
    s.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    s.format.setUnderlineColor(levelColour(d.level));
    marks << s;
  }
  setExtraSelections(marks);
  lineNumbers_->update();
}

void YamlEditor::goTo(int line, int column, bool focus) {
  QTextCursor c = rangeAt(std::max(1, line), std::max(1, column));
  if (c.isNull()) return;
  setTextCursor(c);
  centerCursor();
  if (focus) setFocus();
}

void YamlEditor::replaceText(const QString& text) {
  const int line = textCursor().blockNumber();
  const int scroll = verticalScrollBar()->value();
  setPlainText(text);  // not undoable here: the document's undo stack owns history
  QTextCursor c(document()->findBlockByNumber(std::min(line, blockCount() - 1)));
  setTextCursor(c);
  verticalScrollBar()->setValue(scroll);
}

bool YamlEditor::viewportEvent(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QTextCursor at = cursorForPosition(help->pos());
    const int line = at.blockNumber() + 1;
    QStringList lines;
    for (const auto& d : diagnostics_)
      if (d.where.line == line)
        lines << QStringLiteral("%1 %2: %3").arg(model::levelName(d.level), QString::fromStdString(d.code),
                                                  QString::fromStdString(d.message).toHtmlEscaped());
    if (lines.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(help->globalPos(), lines.join("<br>"), viewport());
    return true;
  }
  return QPlainTextEdit::viewportEvent(event);
}

}  // namespace ms::studio
