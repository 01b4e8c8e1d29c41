#pragma once
// What the designer shows with no design open: new/open, the samples gallery, recent files.
#include <QWidget>

class QVBoxLayout;

namespace ms::studio {

class StartPage : public QWidget {
  Q_OBJECT
 public:
  explicit StartPage(QWidget* parent = nullptr);
  void setRecentFiles(const QStringList& files);

 signals:
  void openPath(const QString& path);
  void newDesign();
  void openDialog();
  void importDialog();

 private:
  QVBoxLayout* recent_;
};

}  // namespace ms::studio
