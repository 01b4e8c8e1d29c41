// The document: model, text and undo stay in step, whichever side changes.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "document/design_document.h"

using namespace ms;
using namespace ms::studio;

namespace {

const char* kTwoObjects = R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
---
# a comment the user wrote
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
)";

QString bookinfo() { return QStringLiteral(MS_SOURCE_DIR "/samples/bookinfo/bookinfo.mesh.yaml"); }

}  // namespace

class TestDesignDocument : public QObject {
  Q_OBJECT
 private slots:
  void openKeepsTheFileText() {
    DesignDocument doc;
    QString error;
    QVERIFY2(doc.open({bookinfo()}, &error), qPrintable(error));
    QFile f(bookinfo());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromStdString(doc.text()), QString::fromUtf8(f.readAll()));
    QVERIFY(doc.mesh().design());
    QVERIFY(!doc.isModified());
    QVERIFY(!doc.undoStack()->canUndo());
  }

  void openRefusesAMissingPath() {
    DesignDocument doc;
    QString error;
    QVERIFY(!doc.open({"/nonexistent/folder"}, &error));
    QVERIFY2(error.contains("nonexistent"), qPrintable(error));
  }

  void validTextBecomesTheModelInOneUndoStep() {
    DesignDocument doc;
    QSignalSpy changed(&doc, &DesignDocument::meshChanged);
    doc.setText(kTwoObjects);
    doc.waitForDiagnostics();
    QCOMPARE(doc.mesh().resources.size(), size_t(2));
    QCOMPARE(doc.text(), std::string(kTwoObjects));  // the user's text, comment included
    QVERIFY(doc.draft().empty());
    QCOMPARE(doc.undoStack()->count(), 1);
    QVERIFY(changed.count() >= 1);
    doc.undoStack()->undo();
    QVERIFY(doc.mesh().resources.empty());
    QVERIFY(doc.text().empty());
    doc.undoStack()->redo();
    QCOMPARE(doc.text(), std::string(kTwoObjects));
  }

  void brokenTextKeepsTheModelAndTheUsersText() {
    DesignDocument doc;
    doc.setText(kTwoObjects);
    doc.waitForDiagnostics();
    QSignalSpy rejected(&doc, &DesignDocument::textRejected);
    const std::string broken = std::string(kTwoObjects) + "---\nkind: [unclosed\n";
    doc.setText(broken);
    doc.waitForDiagnostics();
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(doc.mesh().resources.size(), size_t(2));
    QCOMPARE(doc.draft(), broken);
    QVERIFY(doc.isModified());
    // The syntax error points into the user's text, past the two good documents.
    const auto& ds = doc.diagnostics();
    auto it = std::find_if(ds.begin(), ds.end(), [](const auto& d) { return d.code == "MS0101"; });
    QVERIFY(it != ds.end());
    QVERIFY2(it->where.line >= 18, std::to_string(it->where.line).c_str());
  }

  void resourceEditsRewriteTheTextAndUndo() {
    DesignDocument doc;
    doc.setText(kTwoObjects);
    doc.waitForDiagnostics();
    model::Resource vs = doc.mesh().resources[0];
    vs.as<model::VirtualService>()->http[0].route[0].destination->subset = "v2";
    doc.replaceResource(0, vs, "Route to v2");
    QVERIFY(doc.text().find("subset: v2") != std::string::npos);
    QCOMPARE(doc.undoStack()->undoText(), QString("Route to v2"));
    doc.undoStack()->undo();
    QCOMPARE(*doc.mesh().resources[0].as<model::VirtualService>()->http[0].route[0].destination->subset,
             std::string("v1"));
    QCOMPARE(doc.text(), std::string(kTwoObjects));  // undo brings back the text the user wrote
  }

  void mergedEditsAreOneUndoStep() {
    DesignDocument doc;
    doc.setText(kTwoObjects);
    doc.waitForDiagnostics();
    const int before = doc.undoStack()->count();
    for (const char* subset : {"v2", "v3", "v4"}) {
      model::Resource vs = doc.mesh().resources[0];
      vs.as<model::VirtualService>()->http[0].route[0].destination->subset = subset;
      doc.replaceResource(0, vs, "Subset", FieldMerge, "spec.http[0].route[0].destination.subset");
    }
    QCOMPARE(doc.undoStack()->count(), before + 1);
    doc.undoStack()->undo();
    QCOMPARE(*doc.mesh().resources[0].as<model::VirtualService>()->http[0].route[0].destination->subset,
             std::string("v1"));
  }

  void addAndRemoveUndo() {
    DesignDocument doc;
    doc.setText(kTwoObjects);
    doc.waitForDiagnostics();
    model::Resource copy = doc.mesh().resources[1];
    copy.meta.name = "ratings";
    doc.addResource(copy, "Add");
    QCOMPARE(doc.indexOf("DestinationRule/default/ratings"), 2);
    doc.removeResources({0, 2}, "Delete");
    QCOMPARE(doc.mesh().resources.size(), size_t(1));
    QCOMPARE(doc.indexOf("DestinationRule/default/reviews"), 0);
    doc.undoStack()->undo();
    QCOMPARE(doc.mesh().resources.size(), size_t(3));
    QCOMPARE(doc.indexOf("VirtualService/default/reviews"), 0);
    QCOMPARE(doc.indexOf("DestinationRule/default/ratings"), 2);
    doc.undoStack()->undo();
    QCOMPARE(doc.indexOf("DestinationRule/default/ratings"), -1);
  }

  void diagnosticsFollowTheModel() {
    DesignDocument doc;
    doc.setText(kTwoObjects);
    doc.waitForDiagnostics();
    auto mentionsNowhere = [](const auto& d) { return d.code == "IST0101" && d.message.find("nowhere") != std::string::npos; };
    QVERIFY(std::none_of(doc.diagnostics().begin(), doc.diagnostics().end(), mentionsNowhere));
    model::Resource vs = doc.mesh().resources[0];
    vs.as<model::VirtualService>()->http[0].route[0].destination->host = "nowhere";
    doc.replaceResource(0, vs, "Break the host");
    doc.waitForDiagnostics();
    const auto& ds = doc.diagnostics();
    auto it = std::find_if(ds.begin(), ds.end(), mentionsNowhere);
    QVERIFY(it != ds.end());
    // Lines refer to the text the pane shows: the host line in the rewritten text.
    const auto lines = QString::fromStdString(doc.text()).split('\n');
    QVERIFY(it->where.line >= 1 && it->where.line <= lines.size());
    QVERIFY2(lines[it->where.line - 1].contains("nowhere"), qPrintable(lines[it->where.line - 1]));
  }

  void positionsAreKeptInTheDesign() {
    DesignDocument doc;
    doc.setText(kTwoObjects);
    doc.waitForDiagnostics();
    doc.setNodePositions({{"Service/default/reviews", QPointF(10.4, 20.6)}});
    QCOMPARE(doc.mesh().resources.front().kind, model::Kind::MeshDesign);
    QCOMPARE(doc.nodePositions().at("Service/default/reviews"), QPointF(10, 21));
    doc.setNodePositions({{"Service/default/reviews", QPointF(50, 60)}});
    QCOMPARE(doc.nodePositions().at("Service/default/reviews"), QPointF(50, 60));
    doc.undoStack()->undo();
    QCOMPARE(doc.nodePositions().at("Service/default/reviews"), QPointF(10, 21));
    doc.undoStack()->undo();
    QVERIFY(doc.nodePositions().empty());
    QVERIFY(!doc.mesh().design());
  }

  void saveAndReopenRoundTrip() {
    QTemporaryDir dir;
    const QString path = dir.filePath("d.mesh.yaml");
    DesignDocument doc;
    QString error;
    QVERIFY(doc.open({bookinfo()}, &error));
    doc.setNodePositions({{"Service/default/reviews", QPointF(1, 2)}});
    QVERIFY(doc.isModified());
    QVERIFY2(doc.saveAs(path, &error), qPrintable(error));
    QVERIFY(!doc.isModified());
    DesignDocument again;
    QVERIFY(again.open({path}, &error));
    QCOMPARE(again.text(), doc.text());
    QCOMPARE(again.nodePositions().at("Service/default/reviews"), QPointF(1, 2));
    QCOMPARE(again.mesh().resources.size(), doc.mesh().resources.size());
  }

  void saveKeepsADraftThatDoesNotRead() {
    QTemporaryDir dir;
    DesignDocument doc;
    doc.setText("kind: [unclosed\n");
    doc.waitForDiagnostics();
    QString error;
    QVERIFY(doc.saveAs(dir.filePath("x.yaml"), &error));
    QFile f(dir.filePath("x.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("kind: [unclosed\n"));
  }
};

QTEST_MAIN(TestDesignDocument)
#include "tst_design_document.moc"
