#include "window/theme.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace ms::studio {

namespace {

QPalette darkPalette() {
  QPalette p;
  const QColor window(0x26, 0x29, 0x2e), base(0x1d, 0x1f, 0x23), text(0xe6, 0xe8, 0xeb);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2d, 0x33));
  p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x37, 0x3d));
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x90, 0x98));
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, QColor(0x31, 0x35, 0x3b));
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
  p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd8));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
  p.setColor(QPalette::Mid, QColor(0x45, 0x49, 0x50));
  p.setColor(QPalette::Midlight, QColor(0x3a, 0x3e, 0x45));
  p.setColor(QPalette::Dark, QColor(0x17, 0x19, 0x1c));
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, QColor(0x7a, 0x80, 0x88));
  return p;
}

QPalette lightPalette() {
  QPalette p = QApplication::style()->standardPalette();
  p.setColor(QPalette::Window, QColor(0xf3, 0xf4, 0xf6));
  p.setColor(QPalette::Base, Qt::white);
  p.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf7, 0xf9));
  p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd0));
  p.setColor(QPalette::PlaceholderText, QColor(0x80, 0x86, 0x8e));
  return p;
}

}  // namespace

void applyTheme(Theme theme) {
  QApplication::setStyle(QStyleFactory::create("Fusion"));
  if (theme == Theme::Dark) QApplication::setPalette(darkPalette());
  else if (theme == Theme::Light) QApplication::setPalette(lightPalette());
  else QApplication::setPalette(QApplication::style()->standardPalette());
}

Theme savedTheme() { return static_cast<Theme>(QSettings().value("theme", static_cast<int>(Theme::System)).toInt()); }

void saveTheme(Theme theme) { QSettings().setValue("theme", static_cast<int>(theme)); }

bool isDarkPalette() { return QApplication::palette().color(QPalette::Window).lightness() < 128; }

}  // namespace ms::studio
