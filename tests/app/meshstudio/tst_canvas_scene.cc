#include <QtTest>
class TestCanvasScene : public QObject { Q_OBJECT private slots: void placeholder() { QVERIFY(true); } };
QTEST_MAIN(TestCanvasScene)
#include "tst_canvas_scene.moc"
