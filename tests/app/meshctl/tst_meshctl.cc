// meshctl as its users run it: the binary, its output and exit codes.
#include <QtTest>

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>

namespace {

struct Run {
  int exitCode = -1;
  QString out, err;
};

Run meshctl(const QStringList& args) {
  QProcess p;
  p.start(MS_BINARY_DIR "/app/meshctl/meshctl", args);
  Run r;
  if (!p.waitForFinished(60000)) return r;
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

const QString kBookinfo = MS_SOURCE_DIR "/samples/bookinfo";

// Runs a sample for `duration`; it must pass its assertions. Returns its summary.json.
QJsonObject simulateSample(const QString& sample, const QString& duration) {
  QTemporaryDir dir;
  const Run r = meshctl({"simulate", MS_SOURCE_DIR "/samples/" + sample, "--duration", duration, "--report", dir.path()});
  QStringList verdicts;
  for (const QString& line : r.out.split('\n'))
    if (line.startsWith("PASS ") || line.startsWith("FAIL ")) verdicts << line;
  if (r.exitCode != 0) qWarning().noquote() << sample << "exited" << r.exitCode << r.err << verdicts.join('\n');
  QFile f(dir.filePath("summary.json"));
  if (r.exitCode != 0 || !f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

QString write(QTemporaryDir& dir, const QString& name, const QByteArray& text) {
  QFile f(dir.filePath(name));
  f.open(QIODevice::WriteOnly);
  f.write(text);
  return f.fileName();
}

const QByteArray kBadWeights =
    "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n"
    "  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n"
    "      weight: 80\n    - destination: {host: reviews, subset: v2}\n      weight: 30\n";

}  // namespace

class MeshctlTest : public QObject {
  Q_OBJECT

 private slots:
  void validateBookinfoHasNoErrors() {
    const Run r = meshctl({"validate", kBookinfo});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(!r.out.contains("Error ["), qPrintable(r.out));
  }

  void validatePrintsIstioctlLines() {
    QTemporaryDir dir;
    const QString file = write(dir, "bad.yaml", kBadWeights);
    const Run r = meshctl({"validate", file});
    QCOMPARE(r.exitCode, 3);
    const QString expected = "Error [IST0106] (VirtualService default/reviews " + file +
                             ":8:5) Schema validation error: total destination weight 110 != 100";
    QVERIFY2(r.out.contains(expected), qPrintable(r.out));
  }

  void validateJson() {
    QTemporaryDir dir;
    const Run r = meshctl({"validate", write(dir, "bad.yaml", kBadWeights), "--output", "json"});
    QCOMPARE(r.exitCode, 3);
    const QJsonArray all = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QVERIFY(!all.isEmpty());
    bool found = false;
    for (const auto& item : all) {
      const QJsonObject d = item.toObject();
      for (const char* key : {"code", "level", "kind", "namespace", "name", "file", "line", "column", "message"})
        QVERIFY2(d.contains(key), key);
      found = found || (d["code"].toString() == "IST0106" && d["line"].toInt() == 8 && d["name"].toString() == "reviews");
    }
    QVERIFY(found);
  }

  void failOnWarning() {
    QCOMPARE(meshctl({"validate", kBookinfo, "--fail-on", "warning"}).exitCode, 3);  // MS0002 is a warning
  }

  void usageAndIoErrors() {
    const Run missing = meshctl({"validate", "/no/such/file.yaml"});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.out.contains("/no/such/file.yaml") && missing.out.contains("no such file"));
    const Run typo = meshctl({"validate", kBookinfo, "--ouput", "json"});
    QCOMPARE(typo.exitCode, 2);
    QVERIFY(typo.err.contains("unknown option --ouput"));
    QCOMPARE(meshctl({}).exitCode, 2);
    QCOMPARE(meshctl({"frobnicate"}).exitCode, 2);
  }

  void helpOnEveryCommand() {
    for (const char* command : {"validate", "export", "graph", "simulate"}) {
      const Run r = meshctl({command, "--help"});
      QCOMPARE(r.exitCode, 0);
      QVERIFY(r.out.startsWith(QString("Usage: meshctl ") + command));
    }
    QCOMPARE(meshctl({"--help"}).exitCode, 0);
  }

  void exportWritesValidIstioYaml() {
    QTemporaryDir dir;
    const QString out = dir.filePath("out.yaml");
    QCOMPARE(meshctl({"export", kBookinfo, "-o", out}).exitCode, 0);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains("kind: VirtualService") && !text.contains("MeshDesign") && !text.contains("kind: Deployment"));
    // Istio YAML alone names services it does not define, as istioctl would point out ...
    QCOMPARE(meshctl({"validate", out}).exitCode, 3);
    // ... while the export with its Kubernetes manifests stands on its own.
    const QString full = dir.filePath("full.yaml");
    QCOMPARE(meshctl({"export", kBookinfo, "-o", full, "--kubernetes"}).exitCode, 0);
    const Run check = meshctl({"validate", full});
    QCOMPARE(check.exitCode, 0);
    QVERIFY2(check.out.contains("No validation issues found"), qPrintable(check.out));
  }

  void exportKubernetesManifests() {
    const Run r = meshctl({"export", kBookinfo, "-o", "-", "--kubernetes"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("kind: Deployment") && r.out.contains("name: reviews-v2") &&
            r.out.contains("kind: ServiceAccount") && r.out.contains("name: bookinfo-reviews"));
  }

  void exportRefusesErrorsUnlessForced() {
    QTemporaryDir dir;
    const QString bad = write(dir, "bad.yaml", kBadWeights);
    const QString out = dir.filePath("out.yaml");
    const Run refused = meshctl({"export", bad, "-o", out});
    QCOMPARE(refused.exitCode, 3);
    QVERIFY(!QFile::exists(out));
    QVERIFY(refused.err.contains("--force"));
    QCOMPARE(meshctl({"export", bad, "-o", out, "--force"}).exitCode, 0);
    QVERIFY(QFile::exists(out));
  }

  void simulateBookinfoPassesItsAssertions() {
    QTemporaryDir dir;
    // 2,400 requests: the 10% share's standard error is 0.6%, so 8..12% holds at 3 sigma.
    const Run r = meshctl({"simulate", kBookinfo, "--duration", "8s", "--qps", "300", "--report", dir.path()});
    QStringList verdicts;  // the assertion lines, for a readable failure
    for (const QString& line : r.out.split('\n'))
      if (line.startsWith("PASS ") || line.startsWith("FAIL ")) verdicts << line;
    QVERIFY2(r.exitCode == 0 || r.exitCode == 4, qPrintable(r.err));
    QVERIFY(r.out.contains("starting pods: 7/7 ready"));
    // The split and success rate are the design's; its p99 bound also depends on how loaded
    // this machine is, so it is not judged here.
    for (const char* verdict : {"PASS page success rate", "PASS reviews v1 share", "PASS reviews v2 share"})
      QVERIFY2(r.out.contains(verdict), qPrintable(verdicts.join('\n')));
    QFile f(dir.filePath("summary.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject summary = QJsonDocument::fromJson(f.readAll()).object();
    for (const char* key : {"requests", "by_status", "by_flag", "by_destination", "latency_ms", "edges", "events",
                            "assertions", "push_latency_ms"})
      QVERIFY2(summary.contains(key), key);
    QVERIFY(summary["requests"].toDouble() >= 2000);
    QCOMPARE(summary["by_status"].toObject()["200"].toDouble(), summary["requests"].toDouble());
    const QJsonObject reviews = summary["by_destination"].toObject()["reviews"].toObject();
    QVERIFY(reviews["v1"].toDouble() > reviews["v2"].toDouble() * 4);
    QVERIFY(QFile::exists(dir.filePath("timeseries.csv")));

    // The charts, rendered offscreen (this test's environment has no display) and shown by
    // report.html.
    const QStringList pngs = QDir(dir.path()).entryList({"*.png"}, QDir::Files, QDir::Name);
    for (const char* png : {"split-reviews.png", "latency-istio-ingressgateway-to-productpage.png", "success.png",
                            "trips.png", "retries.png"})
      QVERIFY2(pngs.contains(png), qPrintable(pngs.join(' ')));
    QFile page(dir.filePath("report.html"));
    QVERIFY(page.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(page.readAll());
    for (const QString& png : pngs) {
      const QImage image(dir.filePath(png));
      QCOMPARE(image.size(), QSize(900, 420));
      QVERIFY2(html.contains("<img src=\"" + png + "\""), qPrintable(png));
    }
    // reviews v2 (orange) fills part of the split chart: the measured canary, not a blank image.
    const QImage split(dir.filePath("split-reviews.png"));
    int orange = 0;
    for (int y = 0; y < split.height(); ++y)
      for (int x = 0; x < split.width(); ++x) orange += split.pixel(x, y) == qRgb(0xff, 0x7f, 0x0e) ? 1 : 0;
    QVERIFY2(orange > 2000, qPrintable(QString::number(orange)));
    QVERIFY(html.contains("Run report: bookinfo"));
    QVERIFY(html.contains("<th>Requests</th><td>" + QString::number(summary["requests"].toInteger()) + "</td>"));
    QVERIFY(html.contains("<td>reviews v1 share</td><td class=\"pass\">PASS</td>"));
    QVERIFY(r.out.contains("report written to"));
  }

  // Istio's circuit-breaking task: a third of requests pass, the rest are 503 UO.
  void simulateCircuitBreakingSample() {
    const Run r = meshctl({"simulate", MS_SOURCE_DIR "/samples/circuit-breaking", "--duration", "4s"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains("PASS breaker trips"));
  }

  // Every sample passes its own assertions under `meshctl simulate`, with a short run, and its
  // report shows the figure the sample is about.
  void simulateOutlierDetectionSample() {
    const QJsonObject summary = simulateSample("outlier-detection", "9s");
    QVERIFY2(!summary.isEmpty(), "the sample failed its own assertions (see the warning above)");
    // The pod turned bad at 3 s; its sidecar-side ejection shows within two scrapes or so.
    double bad = -1, ejected = -1;
    for (const auto& e : summary["events"].toArray()) {
      const QJsonObject event = e.toObject();
      if (event["kind"].toString() == "behaviour-changed") bad = event["at_seconds"].toDouble();
      if (event["kind"].toString() == "endpoint ejected" && ejected < 0) ejected = event["at_seconds"].toDouble();
    }
    QVERIFY2(bad >= 3 && ejected > bad && ejected < bad + 2, qPrintable(QString("bad at %1 s, ejected at %2 s").arg(bad).arg(ejected)));
    QVERIFY(summary["by_status"].toObject()["502"].toDouble() >= 1);
    qInfo() << "ejected" << ejected - bad << "s after the pod turned bad;" << summary["by_status"].toObject()["502"].toDouble()
            << "pages failed";
  }

  void simulateFaultInjectionSample() {
    const QJsonObject summary = simulateSample("fault-injection", "6s");
    QVERIFY2(!summary.isEmpty(), "the sample failed its own assertions (see the warning above)");
    const double requests = summary["requests"].toDouble();
    const double aborted = summary["by_flag"].toObject()["FI"].toDouble();
    QVERIFY2(aborted > 0.1 * requests && aborted < 0.3 * requests, qPrintable(QString("%1 of %2").arg(aborted).arg(requests)));
    QVERIFY(summary["latency_ms"].toObject()["p50"].toDouble() >= 1000);  // the 1 s delay on details
    qInfo() << aborted << "of" << requests << "pages aborted (FI); p50" << summary["latency_ms"].toObject()["p50"].toDouble() << "ms";
  }

  void simulateRequestTimeoutsSample() {
    const QJsonObject summary = simulateSample("request-timeouts", "6s");
    QVERIFY2(!summary.isEmpty(), "the sample failed its own assertions (see the warning above)");
    const double p99 = summary["latency_ms"].toObject()["p99"].toDouble();
    QVERIFY2(p99 < 1900, qPrintable(QString::number(p99)));  // never the 2 s ratings delay
    QVERIFY(summary["by_destination"].toObject()["ratings"].toObject()["v1"].toDouble() > 0);
    qInfo() << "page p50" << summary["latency_ms"].toObject()["p50"].toDouble() << "ms, p99" << p99 << "ms";
  }

  void simulateMirroringSample() {
    const QJsonObject summary = simulateSample("mirroring", "6s");
    QVERIFY2(!summary.isEmpty(), "the sample failed its own assertions (see the warning above)");
    const QJsonObject httpbin = summary["by_destination"].toObject()["httpbin"].toObject();
    const double v1 = httpbin["v1"].toDouble(), v2 = httpbin["v2"].toDouble();
    QVERIFY2(v1 > 100 && std::abs(v1 - v2) <= 0.02 * v1, qPrintable(QString("v1 %1, v2 %2").arg(v1).arg(v2)));
    QCOMPARE(summary["by_status"].toObject()["200"].toDouble(), summary["requests"].toDouble());
    qInfo() << "v1 served" << v1 << "v2 got" << v2 << "mirrored copies";
  }

  void simulateMtlsMigrationSample() {
    const QJsonObject summary = simulateSample("mtls-migration", "8s");
    QVERIFY2(!summary.isEmpty(), "the sample failed its own assertions (see the warning above)");
    const QJsonObject byStatus = summary["by_status"].toObject();
    QVERIFY(byStatus["200"].toDouble() >= 100);  // plaintext accepted while PERMISSIVE
    QVERIFY(byStatus["0"].toDouble() >= 40);     // refused at the connection once STRICT
    qInfo() << byStatus["200"].toDouble() << "plaintext requests served before the switch," << byStatus["0"].toDouble()
            << "refused after";
  }

  void simulateAuthorizationSample() {
    const QJsonObject summary = simulateSample("authorization", "6s");
    QVERIFY2(!summary.isEmpty(), "the sample failed its own assertions (see the warning above)");
    QCOMPARE(summary["by_status"].toObject()["200"].toDouble(), summary["requests"].toDouble());
    QString denied;
    for (const auto& a : summary["assertions"].toArray())
      if (a.toObject()["name"].toString().startsWith("ratings answers 403")) denied = a.toObject()["detail"].toString();
    QVERIFY2(denied.contains("responses 403 from ratings = "), qPrintable(denied));
    QVERIFY(!denied.contains("= 0,"));
    qInfo() << denied;
  }

  void simulateFailsWhenAnAssertionFails() {
    QTemporaryDir dir;
    QFile sample(kBookinfo + "/bookinfo.mesh.yaml");
    QVERIFY(sample.open(QIODevice::ReadOnly));
    QByteArray text = sample.readAll();
    text.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50");  // the assertions expect 90/10
    const Run r = meshctl({"simulate", write(dir, "half.yaml", text), "--duration", "3s", "--qps", "60"});
    QCOMPARE(r.exitCode, 4);
    QVERIFY(r.out.contains("FAIL reviews v1 share"));
  }

  void simulateRefusesAnInvalidDesign() {
    QTemporaryDir dir;
    const Run r = meshctl({"simulate", write(dir, "bad.yaml", kBadWeights)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("IST0106") && r.err.contains("fix them first"));
  }

  void graphDotAndSvg() {
    const Run dot = meshctl({"graph", kBookinfo});
    QCOMPARE(dot.exitCode, 0);
    QVERIFY2(dot.out.contains("[label=\"v1 90% / v2 10%\"]"), qPrintable(dot.out));
    QVERIFY(dot.out.contains("reviews\\nv1 v2 v3"));
    const Run svg = meshctl({"graph", kBookinfo, "--format", "svg"});
    QCOMPARE(svg.exitCode, 0);
    QVERIFY(svg.out.startsWith("<svg") && svg.out.contains(">ratings</text>"));
    QCOMPARE(meshctl({"graph", kBookinfo, "--format", "png"}).exitCode, 2);
  }
};

QTEST_GUILESS_MAIN(MeshctlTest)
#include "tst_meshctl.moc"
