#pragma once
// The designer's window: start page or canvas in the middle, inspector, YAML and problems
// around it, menus and toolbars for files, editing, view and run.
#include <QMainWindow>
#include <QStringList>

#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "runtime/simulation_result.h"

class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;

namespace ms::studio {

class Autosave;
class CanvasPane;
class InspectorPanel;
class DesignDocument;
class ProblemsPanel;
class RunController;
class RunPanel;
class StartPage;
class YamlPane;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  DesignDocument* document() const { return document_; }
  YamlPane* yamlPane() const { return yaml_; }
  ProblemsPanel* problemsPanel() const { return problems_; }
  RunPanel* runPanel() const { return runPanel_; }
  RunController* runController() const { return run_; }
  CanvasPane* canvas() const { return canvas_; }
  InspectorPanel* inspector() const { return inspector_; }
  bool openPaths(const QStringList& paths);
  bool saveTo(const QString& path);
  void showDesign();  // leaves the start page
  void offerRecovery();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createActions();
  void createDocks();
  void updateTitle();
  void addRecent(const QString& path);
  QStringList recentFiles() const;
  bool confirmDiscard();
  void newDesign();
  void openDialog();
  void importDialog();
  bool save();
  bool saveAsDialog();
  void exportDialog();
  void showProblem(const model::Diagnostic& d);
  void showSelectionInYaml(const QStringList& refs);
  // What a diagnostic marks on the canvas: its resource, and a design entry's node or edge.
  std::vector<std::string> problemRefs(const model::Diagnostic& d) const;
  void setTheme(int theme);
  void startRun();
  void stopRun();
  void createCanvasActions(QMenu* edit, QMenu* view);
  void markProblems();
  void showLive(const std::vector<runtime::EdgeRow>& rows);

  DesignDocument* document_;
  Autosave* autosave_;
  QStackedWidget* centre_;
  StartPage* start_;
  CanvasPane* canvas_;
  InspectorPanel* inspector_;
  YamlPane* yaml_;
  ProblemsPanel* problems_;
  RunController* run_;
  RunPanel* runPanel_;
  QDockWidget *yamlDock_, *problemsDock_, *inspectorDock_, *runDock_;
  QLabel* problemCounts_;
  QMenu* recentMenu_;
};

}  // namespace ms::studio
