#include "yaml/yaml_highlighter.h"

#include <QRegularExpression>

namespace ms::studio {

namespace {

QTextCharFormat charFormat(const QColor& colour, bool bold = false, bool italic = false) {
  QTextCharFormat f;
  f.setForeground(colour);
  if (bold) f.setFontWeight(QFont::DemiBold);
  f.setFontItalic(italic);
  return f;
}

}  // namespace

YamlHighlighter::YamlHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) { setDark(false); }

void YamlHighlighter::setDark(bool dark) {
  key_ = charFormat(dark ? QColor(0x7c, 0xb7, 0xff) : QColor(0x1f, 0x4e, 0x9d), true);
  string_ = charFormat(dark ? QColor(0xa5, 0xd6, 0x8a) : QColor(0x2e, 0x7d, 0x32));
  number_ = charFormat(dark ? QColor(0xf4, 0xb8, 0x6a) : QColor(0xb2, 0x5e, 0x00));
  keyword_ = charFormat(dark ? QColor(0xd6, 0x9e, 0xf5) : QColor(0x7b, 0x1f, 0xa2));
  comment_ = charFormat(dark ? QColor(0x8a, 0x94, 0x9e) : QColor(0x75, 0x75, 0x75), false, true);
  marker_ = charFormat(dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28), true);
  rehighlight();
}

void YamlHighlighter::highlightBlock(const QString& text) {
  static const QRegularExpression keyRe(R"(^(\s*(?:-\s+)*)([^\s#'"{}\[\],][^#:]*?|"[^"]*"|'[^']*')\s*:(?=\s|$))");
  static const QRegularExpression flowKeyRe(R"([{,]\s*([A-Za-z_][\w.-]*)\s*:)");
  static const QRegularExpression stringRe(R"("(?:[^"\\]|\\.)*"|'[^']*')");
  static const QRegularExpression numberRe(R"((?<=[:\s\[,-])(-?\d+(?:\.\d+)?(?:ms|s|m|h|us)?)(?=\s*(?:[,\]}#]|$)))");
  static const QRegularExpression keywordRe(R"((?<=[:\s\[,])(true|false|null|~)(?=\s*(?:[,\]}#]|$)))");
  if (text.startsWith("---") || text.startsWith("...")) return setFormat(0, text.size(), marker_);
  auto paint = [&](const QRegularExpression& re, const QTextCharFormat& f, int group) {
    for (auto it = re.globalMatch(text); it.hasNext();) {
      const auto m = it.next();
      setFormat(static_cast<int>(m.capturedStart(group)), static_cast<int>(m.capturedLength(group)), f);
    }
  };
  paint(numberRe, number_, 1);
  paint(keywordRe, keyword_, 1);
  paint(stringRe, string_, 0);
  paint(keyRe, key_, 2);
  paint(flowKeyRe, key_, 1);
  // A comment starts at a '#' outside quotes, at the line start or after a space.
  bool single = false, dbl = false;
  for (int i = 0; i < text.size(); ++i) {
    const QChar c = text[i];
    if (c == '\'' && !dbl) single = !single;
    else if (c == '"' && !single) dbl = !dbl;
    else if (c == '#' && !single && !dbl && (i == 0 || text[i - 1].isSpace()))
      return setFormat(i, static_cast<int>(text.size()) - i, comment_);
  }
}

}  // namespace ms::studio
