// Istio's request metrics as meshproxy renders them: a label left empty
// reads "unknown", and is the same series as one set to "unknown".
#include <QtTest>

#include "admin/mesh_stats.h"

using namespace mp;

namespace {
size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

class TstMeshStats : public QObject {
  Q_OBJECT
 private slots:
  void emptyLabelsReadUnknownInOneSeries() {
    MeshStats stats;
    RequestLabels l;
    l.sourceWorkload = "productpage";
    l.responseCode = 200;
    stats.record(l, 1.0, 0, 10);  // destination_version and the rest left empty
    l.destinationVersion = "unknown";
    stats.record(l, 2.0, 0, 10);
    const std::string text = stats.prometheus({});
    QCOMPARE(count(text, "istio_requests_total{"), size_t(1));
    QVERIFY2(text.find("source_workload=\"productpage\"") != std::string::npos, text.c_str());
    QVERIFY2(text.find("destination_version=\"unknown\"") != std::string::npos, text.c_str());
    QVERIFY2(text.find("connection_security_policy=\"unknown\"") != std::string::npos, text.c_str());
    QVERIFY2(text.find("destination_version=\"\"") == std::string::npos, text.c_str());
    QVERIFY2(text.find("} 2\n") != std::string::npos, text.c_str());  // both requests in that series
  }
};

QTEST_APPLESS_MAIN(TstMeshStats)
#include "tst_mesh_stats.moc"
