#include "window/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QTimer>

#include "canvas/canvas_pane.h"
#include "canvas/canvas_view.h"
#include "canvas/live_stats.h"
#include "canvas/mesh_scene.h"
#include "canvas/problem_refs.h"
#include "document/autosave.h"
#include "inspector/inspector_panel.h"
#include "document/design_document.h"
#include "problems/problems_panel.h"
#include "run/run_controller.h"
#include "run/run_panel.h"
#include "window/export_dialog.h"
#include "window/samples.h"
#include "window/start_page.h"
#include "window/theme.h"
#include "yaml/yaml_editor.h"
#include "yaml/yaml_pane.h"

namespace ms::studio {

namespace {

constexpr int kMaxRecent = 8;
const char* kDesignFilter = "MeshStudio designs (*.mesh.yaml);;Istio / Kubernetes YAML (*.yaml *.yml);;All files (*)";

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      document_(new DesignDocument(this)),
      autosave_(new Autosave(document_, Autosave::defaultFolder(), 30000, this)),
      centre_(new QStackedWidget(this)),
      start_(new StartPage(this)),
      canvas_(new CanvasPane(document_, this)),
      run_(new RunController(this)) {
  setObjectName("MainWindow");
  resize(1440, 900);
  centre_->addWidget(start_);
  centre_->addWidget(canvas_);
  setCentralWidget(centre_);
  createDocks();
  createActions();
  start_->setRecentFiles(recentFiles());
  connect(start_, &StartPage::openPath, this, [this](const QString& p) { openPaths({p}); });
  connect(start_, &StartPage::newDesign, this, &MainWindow::newDesign);
  connect(start_, &StartPage::openDialog, this, &MainWindow::openDialog);
  connect(start_, &StartPage::importDialog, this, &MainWindow::importDialog);
  connect(document_, &DesignDocument::filePathChanged, this, &MainWindow::updateTitle);
  connect(document_->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
  connect(document_, &DesignDocument::textRejected, this,
          [this] { statusBar()->showMessage(tr("The YAML does not read yet; the design keeps its last good state"), 4000); });
  updateTitle();
  restoreState(QSettings().value("window/state").toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks() {
  yaml_ = new YamlPane(document_, this);
  yaml_->editor()->setDark(isDarkPalette());
  problems_ = new ProblemsPanel(document_, this);
  auto dock = [this](const QString& title, const QString& name, QWidget* w, Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    d->setWidget(w);
    addDockWidget(area, d);
    return d;
  };
  inspector_ = new InspectorPanel(document_, this);
  inspectorDock_ = dock(tr("Inspector"), "inspectorDock", inspector_, Qt::LeftDockWidgetArea);
  connect(canvas_->view(), &CanvasView::selectionChanged, inspector_, &InspectorPanel::setSelection);
  connect(canvas_->view(), &CanvasView::selectionChanged, this, &MainWindow::showSelectionInYaml);
  yamlDock_ = dock(tr("YAML"), "yamlDock", yaml_, Qt::RightDockWidgetArea);
  problemsDock_ = dock(tr("Problems"), "problemsDock", problems_, Qt::BottomDockWidgetArea);
  runPanel_ = new RunPanel(document_, run_, this);
  runDock_ = dock(tr("Run"), "runDock", runPanel_, Qt::BottomDockWidgetArea);
  tabifyDockWidget(problemsDock_, runDock_);
  problemsDock_->raise();
  resizeDocks({inspectorDock_, yamlDock_}, {380, 520}, Qt::Horizontal);
  resizeDocks({problemsDock_}, {260}, Qt::Vertical);
  connect(runPanel_, &RunPanel::runningChanged, this, [this](bool running) {
    if (running) {
      // The Run dock takes half the height; a canvas that showed the whole design keeps
      // showing it (once the docks are laid out), so no node hides below the charts.
      const bool whole = canvas_->view()->showsEverything();
      runDock_->raise();
      resizeDocks({runDock_}, {height() / 2}, Qt::Vertical);
      if (whole) QTimer::singleShot(0, canvas_->view(), &CanvasView::fitAll);
    }
    statusBar()->showMessage(running ? tr("Running the design: edits are pushed to the running proxies")
                                     : tr("Run ended"), 5000);
  });
  connect(problems_, &ProblemsPanel::diagnosticActivated, this, &MainWindow::showProblem);
  connect(document_, &DesignDocument::diagnosticsChanged, this, &MainWindow::markProblems);
  connect(run_, &RunController::tick, this, [this](double, const std::vector<runtime::EdgeRow>& rows, const runtime::RunEvents&) {
    showLive(rows);
  });
  connect(run_, &RunController::stopped, canvas_->view(), &CanvasView::clearLive);
  connect(run_, &RunController::podsDownChanged, canvas_->view(), &CanvasView::setKilledPods);
  connect(run_, &RunController::ejectionsChanged, canvas_->view(), &CanvasView::setEjections);

  problemCounts_ = new QLabel(this);
  statusBar()->addPermanentWidget(problemCounts_);
  connect(problems_, &ProblemsPanel::countsChanged, this, [this](int errors, int warnings, int) {
    problemCounts_->setText(tr("%n error(s)", nullptr, errors) + "  " + tr("%n warning(s)", nullptr, warnings));
  });
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName("mainToolBar");
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  auto action = [this](QMenu* menu, const QString& text, QKeySequence key, auto slot, QStyle::StandardPixmap icon = QStyle::SP_CustomBase) {
    QAction* a = menu->addAction(text);
    if (!key.isEmpty()) a->setShortcut(key);
    if (icon != QStyle::SP_CustomBase) a->setIcon(style()->standardIcon(icon));
    connect(a, &QAction::triggered, this, slot);
    return a;
  };
  bar->addAction(action(file, tr("&New"), QKeySequence::New, &MainWindow::newDesign, QStyle::SP_FileIcon));
  bar->addAction(action(file, tr("&Open…"), QKeySequence::Open, &MainWindow::openDialog, QStyle::SP_DialogOpenButton));
  action(file, tr("&Import Istio YAML Folder…"), QKeySequence(tr("Ctrl+I")), &MainWindow::importDialog);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  connect(recentMenu_, &QMenu::aboutToShow, this, [this] {
    recentMenu_->clear();
    for (const QString& f : recentFiles()) connect(recentMenu_->addAction(f), &QAction::triggered, this, [this, f] { openPaths({f}); });
    if (recentMenu_->isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
  });
  file->addSeparator();
  bar->addAction(action(file, tr("&Save"), QKeySequence::Save, &MainWindow::save, QStyle::SP_DialogSaveButton));
  action(file, tr("Save &As…"), QKeySequence::SaveAs, &MainWindow::saveAsDialog);
  action(file, tr("&Export Istio YAML…"), QKeySequence(tr("Ctrl+E")), &MainWindow::exportDialog);
  file->addSeparator();
  action(file, tr("&Quit"), QKeySequence::Quit, &QWidget::close);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = document_->undoStack()->createUndoAction(this, tr("&Undo"));
  QAction* redo = document_->undoStack()->createRedoAction(this, tr("&Redo"));
  undo->setShortcut(QKeySequence::Undo);
  redo->setShortcut(QKeySequence::Redo);
  undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
  redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
  edit->addAction(undo);
  edit->addAction(redo);
  bar->addSeparator();
  bar->addAction(undo);
  bar->addAction(redo);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  createCanvasActions(edit, view);
  QMenu* runMenu = menuBar()->addMenu(tr("&Run"));
  QAction* runAction = action(runMenu, tr("&Run"), QKeySequence(Qt::Key_F5), &MainWindow::startRun, QStyle::SP_MediaPlay);
  QAction* stopAction = action(runMenu, tr("&Stop"), QKeySequence(Qt::SHIFT | Qt::Key_F5), &MainWindow::stopRun, QStyle::SP_MediaStop);
  stopAction->setEnabled(false);
  connect(runPanel_, &RunPanel::runningChanged, this, [runAction, stopAction](bool running) {
    runAction->setEnabled(!running);
    stopAction->setEnabled(running);
  });
  bar->addSeparator();
  bar->addAction(runAction);
  bar->addAction(stopAction);

  view->addSeparator();
  for (QDockWidget* d : {inspectorDock_, yamlDock_, problemsDock_, runDock_}) view->addAction(d->toggleViewAction());
  view->addSeparator();
  QMenu* theme = view->addMenu(tr("&Theme"));
  auto* themes = new QActionGroup(this);
  const QStringList names = {tr("System"), tr("Light"), tr("Dark")};
  for (int i = 0; i < names.size(); ++i) {
    QAction* a = theme->addAction(names[i]);
    a->setCheckable(true);
    a->setChecked(static_cast<int>(savedTheme()) == i);
    themes->addAction(a);
    connect(a, &QAction::triggered, this, [this, i] { setTheme(i); });
  }
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  connect(help->addAction(tr("&About MeshStudio")), &QAction::triggered, this, [this] {
    QMessageBox::about(this, tr("About MeshStudio"),
                       tr("<b>MeshStudio</b> %1<br>Design a service mesh, run it with real sidecars on this machine, "
                          "export Istio YAML.").arg(QCoreApplication::applicationVersion()));
  });
}

void MainWindow::createCanvasActions(QMenu* edit, QMenu* view) {
  CanvasView* v = canvas_->view();
  // Shortcuts act on the canvas only, so the YAML editor keeps its own copy, paste and select.
  auto canvasAction = [this](QMenu* menu, const QString& text, QKeySequence key, auto slot, CanvasView* target) {
    QAction* a = menu->addAction(text);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    canvas_->addAction(a);
    connect(a, &QAction::triggered, target, slot);
    return a;
  };
  edit->addSeparator();
  canvasAction(edit, tr("&Copy"), QKeySequence::Copy, &CanvasView::copySelection, v);
  canvasAction(edit, tr("&Paste"), QKeySequence::Paste, &CanvasView::paste, v);
  canvasAction(edit, tr("&Delete"), QKeySequence::Delete, &CanvasView::deleteSelection, v);
  canvasAction(edit, tr("Select &All"), QKeySequence::SelectAll, &CanvasView::selectAll, v);
  canvasAction(view, tr("Zoom &In"), QKeySequence::ZoomIn, &CanvasView::zoomIn, v);
  canvasAction(view, tr("Zoom &Out"), QKeySequence::ZoomOut, &CanvasView::zoomOut, v);
  canvasAction(view, tr("&Fit"), QKeySequence(tr("Ctrl+9")), &CanvasView::fitAll, v);
  canvasAction(view, tr("Auto &Layout"), QKeySequence(tr("Ctrl+L")), &CanvasView::autoLayout, v);
}

std::vector<std::string> MainWindow::problemRefs(const model::Diagnostic& d) const {
  std::vector<std::string> refs = designEntryRefs(document_->mesh(), canvas_->view()->meshScene()->graph(), d);
  if (const QString ref = ProblemsPanel::refOf(d); !ref.isEmpty()) refs.insert(refs.begin(), ref.toStdString());
  return refs;
}

void MainWindow::markProblems() {
  std::map<std::string, model::Level> refs;
  for (const auto& d : document_->diagnostics())
    for (const std::string& ref : problemRefs(d)) {
      auto [it, fresh] = refs.emplace(ref, d.level);
      if (!fresh && d.level < it->second) it->second = d.level;
    }
  canvas_->view()->setProblemRefs(refs);
}

void MainWindow::showLive(const std::vector<runtime::EdgeRow>& rows) {
  LiveEdges live;
  for (const auto& r : rows)
    live[{r.source, r.destination}] = LiveEdgeStats{r.rps, 100 - r.successPercent, r.p99, false};
  canvas_->view()->setLiveEdges(live);
}

void MainWindow::startRun() {
  showDesign();
  runPanel_->run();
}

void MainWindow::stopRun() { runPanel_->stop(); }

void MainWindow::setTheme(int theme) {
  saveTheme(static_cast<Theme>(theme));
  applyTheme(static_cast<Theme>(theme));
  yaml_->editor()->setDark(isDarkPalette());
}

void MainWindow::updateTitle() {
  setWindowTitle(QStringLiteral("%1[*] — MeshStudio").arg(document_->displayName()));
  setWindowModified(document_->isModified());
}

void MainWindow::showDesign() { centre_->setCurrentWidget(canvas_); }

bool MainWindow::openPaths(const QStringList& paths) {
  if (!confirmDiscard()) return false;
  QString error;
  if (!document_->open(paths, &error)) {
    QMessageBox::critical(this, tr("Cannot open"), error);
    return false;
  }
  if (paths.size() == 1 && QFileInfo(paths.front()).isFile()) addRecent(QFileInfo(paths.front()).absoluteFilePath());
  statusBar()->showMessage(tr("Opened %1").arg(paths.join(", ")), 4000);
  showDesign();
  return true;
}

void MainWindow::newDesign() {
  if (!confirmDiscard()) return;
  document_->clear();
  showDesign();
}

void MainWindow::openDialog() {
  const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open design or Istio YAML"), samplesFolder(), tr(kDesignFilter));
  if (!files.isEmpty()) openPaths(files);
}

void MainWindow::importDialog() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Import a folder of Istio / Kubernetes YAML"));
  if (!folder.isEmpty()) openPaths({folder});
}

bool MainWindow::saveTo(const QString& path) {
  yaml_->flush();
  QString error;
  if (!document_->saveAs(path, &error)) {
    QMessageBox::critical(this, tr("Save failed"), error);
    return false;
  }
  autosave_->discard();
  addRecent(document_->filePath());
  statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
  return true;
}

bool MainWindow::save() {
  // Imported files are not overwritten as a design: only a .mesh.yaml is saved in place.
  if (document_->filePath().endsWith(".mesh.yaml")) return saveTo(document_->filePath());
  return saveAsDialog();
}

bool MainWindow::saveAsDialog() {
  QString path = QFileDialog::getSaveFileName(this, tr("Save design"), document_->filePath(), tr(kDesignFilter));
  if (path.isEmpty()) return false;
  if (!path.endsWith(".yaml") && !path.endsWith(".yml")) path += ".mesh.yaml";
  return saveTo(path);
}

void MainWindow::exportDialog() {
  yaml_->flush();
  document_->waitForDiagnostics();
  ExportDialog(document_, this).exec();
}

// The YAML pane follows the canvas: its cursor goes to the selected object's first line, the
// way a problem's line is shown, but the keyboard stays on the canvas.
void MainWindow::showSelectionInYaml(const QStringList& refs) {
  if (refs.isEmpty()) return;
  if (const int line = document_->lineOf(refs.front().toStdString()); line > 0) yaml_->goTo(line, 1, false);
}

void MainWindow::showProblem(const model::Diagnostic& d) {
  // The most specific: a design entry's node or edge rather than the whole MeshDesign.
  if (const auto refs = problemRefs(d); !refs.empty()) canvas_->view()->selectRef(QString::fromStdString(refs.back()));
  if (d.where.line > 0) {
    yamlDock_->show();
    yamlDock_->raise();
    yaml_->goTo(d.where.line, d.where.column);
  }
  statusBar()->showMessage(QString::fromStdString(d.code + ": " + d.message), 6000);
}

QStringList MainWindow::recentFiles() const { return QSettings().value("recentFiles").toStringList(); }

void MainWindow::addRecent(const QString& path) {
  QStringList files = recentFiles();
  files.removeAll(path);
  files.prepend(path);
  while (files.size() > kMaxRecent) files.removeLast();
  QSettings().setValue("recentFiles", files);
  start_->setRecentFiles(files);
}

bool MainWindow::confirmDiscard() {
  yaml_->flush();
  if (!document_->isModified()) return true;
  const auto answer = QMessageBox::question(this, tr("Unsaved changes"),
                                            tr("Save the changes to %1?").arg(document_->displayName()),
                                            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
  if (answer == QMessageBox::Save) return save();
  return answer == QMessageBox::Discard;
}

void MainWindow::offerRecovery() {
  const auto found = Autosave::findRecoverable(Autosave::defaultFolder());
  for (const auto& r : found) {
    const QString what = r.originalPath.isEmpty() ? tr("an untitled design") : r.originalPath;
    const auto answer = QMessageBox::question(
        this, tr("Recover unsaved work?"),
        tr("MeshStudio closed without saving %1. A copy from %2 was kept. Recover it?")
            .arg(what, QLocale().toString(r.savedAt.toLocalTime(), QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::Discard);
    if (answer != QMessageBox::Yes) {
      Autosave::remove(r);
      continue;
    }
    QString error;
    if (Autosave::recover(r, document_, &error)) return showDesign();
    QMessageBox::warning(this, tr("Recovery failed"), error);
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!confirmDiscard()) return event->ignore();
  autosave_->discard();
  QSettings().setValue("window/state", saveState());
  event->accept();
}

}  // namespace ms::studio
