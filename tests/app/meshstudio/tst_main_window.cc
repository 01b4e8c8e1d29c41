// The window's panes stay in step with the document: YAML edits, problems navigation,
// autosave recovery and export.
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "canvas/canvas_pane.h"
#include "canvas/canvas_view.h"
#include "canvas/edge_item.h"
#include "canvas/mesh_scene.h"
#include "canvas/node_item.h"
#include "document/autosave.h"
#include "document/design_document.h"
#include "istio/importer.h"
#include "problems/problems_panel.h"
#include "run/run_panel.h"
#include "window/export_dialog.h"
#include "window/main_window.h"
#include "window/samples.h"
#include "yaml/yaml_editor.h"
#include "yaml/yaml_pane.h"

using namespace ms;
using namespace ms::studio;

namespace {

const QString kBookinfo = QStringLiteral(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml");

void typeInto(YamlPane* pane, const QString& text) {
  pane->editor()->setPlainText(text);  // what typing ends in; the pane sees textChanged
  pane->flush();
  QTest::qWait(1);
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void openingShowsTheTextAndItsProblems() {
    MainWindow w;
    QVERIFY(w.openPaths({kBookinfo}));
    w.document()->waitForDiagnostics();
    QCOMPARE(w.yamlPane()->editor()->toPlainText().toStdString(), w.document()->text());
    QCOMPARE(w.problemsPanel()->list()->topLevelItemCount(), static_cast<int>(w.document()->diagnostics().size()));
  }

  void yamlEditsReachTheModelAndUndoReachesTheText() {
    MainWindow w;
    QVERIFY(w.openPaths({kBookinfo}));
    w.document()->waitForDiagnostics();
    QString text = w.yamlPane()->editor()->toPlainText();
    QVERIFY(text.contains("weight: 90"));
    typeInto(w.yamlPane(), text.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50"));
    w.document()->waitForDiagnostics();
    QVERIFY(w.document()->text().find("weight: 50") != std::string::npos);
    const auto* vs = w.document()->mesh().find(model::Kind::VirtualService, "default", "reviews");
    QVERIFY(vs);
    QCOMPARE(*vs->as<model::VirtualService>()->http[0].route[0].weight, 50);
    w.document()->undoStack()->undo();
    QVERIFY(w.yamlPane()->editor()->toPlainText().contains("weight: 90"));
  }

  void brokenYamlStaysInThePaneUnderlined() {
    MainWindow w;
    QVERIFY(w.openPaths({kBookinfo}));
    w.document()->waitForDiagnostics();
    const size_t resources = w.document()->mesh().resources.size();
    const QString broken = w.yamlPane()->editor()->toPlainText() + "---\nkind: [oops\n";
    typeInto(w.yamlPane(), broken);
    w.document()->waitForDiagnostics();
    QCOMPARE(w.yamlPane()->editor()->toPlainText(), broken);  // the user's text is not lost
    QCOMPARE(w.document()->mesh().resources.size(), resources);
    QVERIFY(!w.yamlPane()->editor()->extraSelections().isEmpty());
  }

  void activatingAProblemShowsItsLine() {
    MainWindow w;
    QVERIFY(w.openPaths({kBookinfo}));
    w.document()->waitForDiagnostics();
    // Break a reference: route to a subset no DestinationRule defines.
    QString text = w.yamlPane()->editor()->toPlainText();
    typeInto(w.yamlPane(), text.replace("subset: v2", "subset: v9"));
    w.document()->waitForDiagnostics();
    QTreeWidget* list = w.problemsPanel()->list();
    QTreeWidgetItem* item = nullptr;
    for (int i = 0; i < list->topLevelItemCount() && !item; ++i)
      if (list->topLevelItem(i)->text(1) == "IST0101") item = list->topLevelItem(i);
    QVERIFY2(item, "no IST0101 for the missing subset");
    QSignalSpy activated(w.problemsPanel(), &ProblemsPanel::diagnosticActivated);
    emit list->itemActivated(item, 0);
    QCOMPARE(activated.count(), 1);
    const auto d = activated.front().front().value<model::Diagnostic>();
    QCOMPARE(w.yamlPane()->editor()->textCursor().blockNumber() + 1, d.where.line);
    QVERIFY(QString::fromStdString(d.message).contains("v9"));
    QVERIFY(w.yamlPane()->editor()->textCursor().block().next().text().contains("v9"));
  }

  // A finding about a MeshDesign entry (the design is one resource holding many services) marks
  // that entry's node, and a finding about a designed call its edge, like any other problem.
  void designEntryProblemsMarkTheirNodeAndEdge() {
    MainWindow w;
    QVERIFY(w.openPaths({kBookinfo}));
    w.document()->waitForDiagnostics();
    QString text = w.yamlPane()->editor()->toPlainText();
    // orphan: nothing calls it (MS0005 on spec.services[1]); details calls productpage back (MS0004).
    text.replace("  - name: details\n", "  - name: orphan\n    ports: [{name: http, port: 80}]\n    workloads:\n"
                                        "    - version: v1\n  - name: details\n");
    text.replace("        responseBytes: 180\n", "        responseBytes: 180\n        calls:\n          targets:\n"
                                                "          - {service: productpage, port: 9080, path: /}\n");
    typeInto(w.yamlPane(), text);
    w.document()->waitForDiagnostics();
    MeshScene* scene = w.canvas()->view()->meshScene();
    NodeItem* orphan = scene->nodeItem("Service/default/orphan");
    QVERIFY(orphan);
    QCOMPARE(orphan->problem(), std::optional<model::Level>(model::Level::Warning));
    QVERIFY(!scene->nodeItem("Service/default/ratings")->problem());
    EdgeItem* there = scene->edgeItem("call:Service/default/productpage>Service/default/details");
    EdgeItem* back = scene->edgeItem("call:Service/default/details>Service/default/productpage");
    QVERIFY(there && back);
    QVERIFY2(there->problem() || back->problem(), "the call cycle marks no edge");
    // Activating the problem selects the node, not the whole design.
    QTreeWidget* list = w.problemsPanel()->list();
    QTreeWidgetItem* item = nullptr;
    for (int i = 0; i < list->topLevelItemCount() && !item; ++i)
      if (list->topLevelItem(i)->text(1) == "MS0005") item = list->topLevelItem(i);
    QVERIFY2(item, "no MS0005 for the orphan");
    emit list->itemActivated(item, 0);
    QCOMPARE(scene->selectedRefs(), QStringList{"Service/default/orphan"});
  }

  // Selecting on the canvas moves the YAML cursor to the object's first line; the keyboard stays.
  // Starting a run gives the Run dock half the window; a canvas that showed the whole design
  // is fitted again, so no service hides below the charts.
  void startingARunKeepsTheWholeDesignInView() {
    MainWindow w;
    w.resize(1400, 900);
    QVERIFY(w.openPaths({kBookinfo}));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.canvas()->view()->fitAll();
    QVERIFY(w.canvas()->view()->showsEverything());
    const int height = w.canvas()->view()->viewport()->height();
    emit w.runPanel()->runningChanged(true);  // what Run does to the window, without processes
    QTRY_VERIFY(w.canvas()->view()->viewport()->height() < height * 3 / 4);
    QTRY_VERIFY(w.canvas()->view()->showsEverything());
  }

  void selectingOnTheCanvasShowsTheObjectInTheYaml() {
    MainWindow w;
    QVERIFY(w.openPaths({kBookinfo}));
    w.document()->waitForDiagnostics();
    w.show();
    const bool active = QTest::qWaitForWindowActive(&w);
    w.canvas()->view()->setFocus();
    MeshScene* scene = w.canvas()->view()->meshScene();
    YamlEditor* editor = w.yamlPane()->editor();
    auto cursorLine = [&] { return editor->textCursor().blockNumber() + 1; };
    auto lineText = [&](int line) { return editor->document()->findBlockByNumber(line - 1).text(); };
    scene->nodeItem("Service/default/reviews")->setSelected(true);  // a MeshDesign entry
    QTRY_VERIFY(lineText(cursorLine()).contains("- name: reviews"));
    QCOMPARE(cursorLine(), w.document()->lineOf("Service/default/reviews"));
    if (active) QVERIFY(!editor->hasFocus());
    scene->clearSelection();
    scene->edgeItem("call:Service/default/productpage>Service/default/reviews")->setSelected(true);  // its VirtualService
    const int vs = w.document()->lineOf("VirtualService/default/reviews");
    QVERIFY(vs > 0);
    QTRY_COMPARE(cursorLine(), vs);
    QVERIFY((lineText(vs) + lineText(vs + 1)).contains("kind: VirtualService"));
  }

  void problemsFilterByLevelAndText() {
    DesignDocument doc;
    ProblemsPanel panel(&doc);
    QString error;
    QVERIFY(doc.open({kBookinfo}, &error));
    doc.setText(doc.text() + "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x}\n"
                             "spec: {hosts: [nowhere], http: [{route: [{destination: {host: nowhere}}]}]}\n");
    doc.waitForDiagnostics();
    const int all = panel.shownCount();
    QVERIFY(all >= 2);
    panel.findChild<QLineEdit*>()->setText("IST0101");
    QVERIFY(panel.shownCount() >= 1);
    QVERIFY(panel.shownCount() < all);
  }

  void autosaveIsRecovered() {
    QTemporaryDir dir;
    {
      DesignDocument doc;
      QString error;
      QVERIFY(doc.open({kBookinfo}, &error));
      Autosave autosave(&doc, dir.path(), 60000);
      doc.setText(doc.text() + "# recovered line\n");
      doc.waitForDiagnostics();
      autosave.saveNow();
      QCOMPARE(QDir(dir.path()).entryList({"*.mesh.yaml"}).size(), 1);
      // Our own process is alive, so its copy is not offered yet.
      QVERIFY(Autosave::findRecoverable(dir.path()).isEmpty());
      // Pretend the writer crashed: the copy belongs to a process that is gone.
      QFile meta(QDir(dir.path()).entryInfoList({"*.json"}).front().filePath());
      QVERIFY(meta.open(QIODevice::ReadWrite));
      QByteArray json = meta.readAll();
      json.replace(QByteArray::number(QCoreApplication::applicationPid()), "999999999");
      meta.resize(0);
      meta.write(json);
      meta.close();
      const auto found = Autosave::findRecoverable(dir.path());
      QCOMPARE(found.size(), 1);
      DesignDocument recovered;
      QVERIFY(Autosave::recover(found.front(), &recovered, &error));
      QVERIFY(recovered.text().find("# recovered line") != std::string::npos);
      QCOMPARE(recovered.filePath(), QFileInfo(kBookinfo).absoluteFilePath());
      QVERIFY(recovered.isModified());
      QVERIFY(Autosave::findRecoverable(dir.path()).isEmpty());
    }
  }

  void exportIsValidIstioYaml() {
    DesignDocument doc;
    QString error;
    QVERIFY(doc.open({kBookinfo}, &error));
    doc.waitForDiagnostics();
    ExportDialog dialog(&doc);
    const std::string text = dialog.exportText().toStdString();
    QVERIFY(text.find("kind: VirtualService") != std::string::npos);
    QVERIFY(text.find("kind: MeshDesign") == std::string::npos);
    QTemporaryDir dir;
    QVERIFY(dialog.writeTo(dir.filePath("out.yaml"), &error));
    const auto imported = istio::importPaths({dir.filePath("out.yaml").toStdString()});
    QVERIFY(!model::hasErrors(imported.diagnostics));
    QVERIFY(imported.mesh.find(model::Kind::VirtualService, "default", "reviews"));
  }

  void samplesGalleryListsBookinfo() {
    const auto samples = listSamples(QStringLiteral(MS_SOURCE_DIR "/samples"));
    auto it = std::find_if(samples.begin(), samples.end(), [](const auto& s) { return s.name == "bookinfo"; });
    QVERIFY(it != samples.end());
    QVERIFY(it->title.contains("Bookinfo"));
    QVERIFY(QFile::exists(it->path));
  }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
