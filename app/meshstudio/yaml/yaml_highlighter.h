#pragma once
#include <QSyntaxHighlighter>

namespace ms::studio {

// Keys, scalars, comments, document markers and anchors, in colours that read on light and
// dark palettes alike.
class YamlHighlighter : public QSyntaxHighlighter {
  Q_OBJECT
 public:
  explicit YamlHighlighter(QTextDocument* document);
  void setDark(bool dark);

 protected:
  void highlightBlock(const QString& text) override;

 private:
  QTextCharFormat key_, string_, number_, comment_, marker_, keyword_;
};

}  // namespace ms::studio
