// meshstudio [FILE...]: the designer. With files, opens them; otherwise the start page.
#include <QApplication>
#include <QIcon>
#include <QTimer>

#include "window/main_window.h"
#include "window/theme.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("MeshStudio");
  QApplication::setOrganizationName("MeshStudio");
  QApplication::setApplicationVersion(MS_VERSION);
  QApplication::setWindowIcon(QIcon(":/icons/meshstudio.svg"));
  QApplication::setDesktopFileName("meshstudio");
  ms::studio::applyTheme(ms::studio::savedTheme());
  ms::studio::MainWindow window;
  window.show();
  QStringList files = QApplication::arguments().mid(1);
  QTimer::singleShot(0, &window, [&window, files] {
    window.offerRecovery();
    if (!files.isEmpty()) window.openPaths(files);
  });
  return QApplication::exec();
}
