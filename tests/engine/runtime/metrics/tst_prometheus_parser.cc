// The Prometheus text format as Prometheus' own parser reads it (cases after its
// text_parse_test.go), and the bounds that keep a broken endpoint from hurting us.
#include <QtTest>
#include <cmath>

#include "metrics/prometheus_parser.h"

using namespace ms::metrics;

namespace {

const Sample& only(const ParseResult& r, const char* family) {
  const MetricFamily* f = r.family(family);
  if (!f || f->samples.size() != 1) qFatal("expected one sample in %s", family);
  return f->samples[0];
}

bool failsAtLine(const std::string& text, int line) {
  ParseResult r = parsePrometheusText(text);
  return !r.errors.empty() && r.errors[0].line == line;
}

}  // namespace

class TestPrometheusParser : public QObject {
  Q_OBJECT

 private slots:
  void plainSampleWithoutLabels() {
    ParseResult r = parsePrometheusText("minimal_metric 1.234\nanother_metric -3e3 103948\n");
    QVERIFY(r.ok());
    QCOMPARE(r.families.size(), size_t(2));
    QCOMPARE(only(r, "minimal_metric").value, 1.234);
    QCOMPARE(only(r, "minimal_metric").timestampMs.has_value(), false);
    QCOMPARE(only(r, "another_metric").value, -3000.0);
    QCOMPARE(*only(r, "another_metric").timestampMs, std::int64_t(103948));
    QCOMPARE(r.families[0].type, MetricType::Untyped);
  }

  void helpTypeAndEscapes() {
    const char* text =
        "# Some comment that is ignored\n"
        "# HELP name two-line\\n doc  str\\\\ing\n"
        "\n"
        " # TYPE name counter\n"
        "name{labelname=\"val1\",basename=\"basevalue\"} NaN\n"
        "name {labelname=\"val2\",basename=\"base\\\"v\\\\al\\nue\"} 0.23 1234567890\n";
    ParseResult r = parsePrometheusText(text);
    QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors[0].message.c_str());
    const MetricFamily* f = r.family("name");
    QVERIFY(f);
    QCOMPARE(f->help, std::string("two-line\n doc  str\\ing"));
    QCOMPARE(f->type, MetricType::Counter);
    QCOMPARE(f->samples.size(), size_t(2));
    QVERIFY(std::isnan(f->samples[0].value));
    QCOMPARE(labelValue(f->samples[1].labels, "basename"), std::string("base\"v\\al\nue"));
    QCOMPARE(*f->samples[1].timestampMs, std::int64_t(1234567890));
    // Sorted by name whatever the exposed order.
    QCOMPARE(f->samples[1].labels[0].name, std::string("basename"));
  }

  void specialValues() {
    ParseResult r = parsePrometheusText("a +Inf\nb -Inf\nc Inf\nd nan\ne 1e-3\nf -0\n");
    QVERIFY(r.ok());
    QVERIFY(std::isinf(only(r, "a").value) && only(r, "a").value > 0);
    QVERIFY(std::isinf(only(r, "b").value) && only(r, "b").value < 0);
    QVERIFY(std::isinf(only(r, "c").value));
    QVERIFY(std::isnan(only(r, "d").value));
    QCOMPARE(only(r, "e").value, 0.001);
  }

  void whitespaceTrailingCommaAndEmptyBraces() {
    ParseResult r = parsePrometheusText(
        "spaced { a = \"1\" , b=\"2\", } \t 7\n"
        "empty{} 3\n"
        "tabs\t5\t-42\r\n");
    QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors[0].message.c_str());
    QCOMPARE(only(r, "spaced").labels.size(), size_t(2));
    QCOMPARE(labelValue(only(r, "spaced").labels, "b"), std::string("2"));
    QCOMPARE(only(r, "empty").labels.size(), size_t(0));
    QCOMPARE(*only(r, "tabs").timestampMs, std::int64_t(-42));
  }

  void histogramGroupsSuffixes() {
    const char* text =
        "# TYPE request_duration histogram\n"
        "request_duration_bucket{le=\"0.5\",svc=\"a\"} 1\n"
        "request_duration_bucket{le=\"1\",svc=\"a\"} 3\n"
        "request_duration_bucket{le=\"+Inf\",svc=\"a\"} 4\n"
        "request_duration_sum{svc=\"a\"} 7.5\n"
        "request_duration_count{svc=\"a\"} 4\n"
        "# TYPE rpc summary\n"
        "rpc{quantile=\"0.5\"} 0.2\n"
        "rpc{quantile=\"0.99\"} 1.5\n"
        "rpc_sum 12\n"
        "rpc_count 30\n"
        "# an untyped _count stays its own family\n"
        "other_count 2\n";
    ParseResult r = parsePrometheusText(text);
    QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors[0].message.c_str());
    QCOMPARE(r.families.size(), size_t(3));
    QCOMPARE(r.family("request_duration")->type, MetricType::Histogram);
    QCOMPARE(r.family("request_duration")->samples.size(), size_t(5));
    QCOMPARE(r.family("request_duration")->samples[4].name, std::string("request_duration_count"));
    QCOMPARE(r.family("rpc")->samples.size(), size_t(4));
    QVERIFY(r.family("other_count"));
  }

  void errorsCarryLineNumbersAndSkipOnlyTheBadLine() {
    ParseResult r = parsePrometheusText("good 1\nbad{a=\"1\" 2\nalso_good 3\n");
    QCOMPARE(r.errors.size(), size_t(1));
    QCOMPARE(r.errors[0].line, 2);
    QVERIFY(r.family("good") && r.family("also_good"));
    QVERIFY(!r.family("bad") || r.family("bad")->samples.empty());
  }

  void rejectsWhatPrometheusRejects_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::newRow("no value") << "metric\n" << 1;
    QTest::newRow("value not a number") << "metric 1a\n" << 1;
    QTest::newRow("float timestamp") << "metric 1 1.5\n" << 1;
    QTest::newRow("extra token") << "metric 1 2 3\n" << 1;
    QTest::newRow("name starts with digit") << "\n1metric 1\n" << 2;
    QTest::newRow("bad char in name") << "metric-name 1\n" << 1;
    QTest::newRow("invalid escape") << "m{a=\"\\t\"} 1\n" << 1;
    QTest::newRow("unterminated value") << "m{a=\"x} 1\n" << 1;
    QTest::newRow("unquoted value") << "m{a=x} 1\n" << 1;
    QTest::newRow("label name digit") << "m{1a=\"x\"} 1\n" << 1;
    QTest::newRow("reserved __name__") << "m{__name__=\"x\"} 1\n" << 1;
    QTest::newRow("duplicate label") << "m{a=\"1\",a=\"2\"} 1\n" << 1;
    QTest::newRow("double comma") << "m{a=\"1\",,b=\"2\"} 1\n" << 1;
    QTest::newRow("unknown type") << "# TYPE m gauges\n" << 1;
    QTest::newRow("second TYPE") << "# TYPE m gauge\n# TYPE m counter\n" << 2;
    QTest::newRow("TYPE after samples") << "m 1\n# TYPE m gauge\n" << 2;
    QTest::newRow("second HELP") << "# HELP m a\n# HELP m b\n" << 2;
    QTest::newRow("bad HELP escape") << "# HELP m a\\tb\n" << 1;
    QTest::newRow("bucket without le") << "# TYPE h histogram\nh_bucket{a=\"1\"} 1\n" << 2;
    QTest::newRow("bucket with bad le") << "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n" << 2;
    QTest::newRow("histogram without suffix") << "# TYPE h histogram\nh 1\n" << 2;
    QTest::newRow("quantile missing") << "# TYPE s summary\ns 1\n" << 2;
    QTest::newRow("+-1") << "m +-1\n" << 1;
  }
  void rejectsWhatPrometheusRejects() {
    QFETCH(QString, text);
    QFETCH(int, line);
    QVERIFY(failsAtLine(text.toStdString(), line));
  }

  void acceptsCommentsThatLookLikeKeywords() {
    QVERIFY(parsePrometheusText("# HELP\n# TYPE\n#\n# HELPME x\n# random text\n").ok());
  }

  void boundsLineLengthLabelsAndSize() {
    ParserLimits limits;
    limits.maxLineLength = 100;
    limits.maxLabels = 3;
    limits.maxBytes = 1000;
    limits.maxErrors = 2;
    QVERIFY(failsAtLine("m{a=\"" + std::string(200, 'x') + "\"} 1\n", 1) ==
            false);  // default limits allow it
    ParseResult longLine =
        parsePrometheusText("m{a=\"" + std::string(200, 'x') + "\"} 1\nok 1\n", limits);
    QCOMPARE(longLine.errors.size(), size_t(1));
    QVERIFY(longLine.family("ok"));
    ParseResult manyLabels = parsePrometheusText("m{a=\"1\",b=\"2\",c=\"3\",d=\"4\"} 1\n", limits);
    QCOMPARE(manyLabels.errors.size(), size_t(1));
    ParseResult huge = parsePrometheusText(std::string(2000, '\n'), limits);
    QCOMPARE(huge.errors.size(), size_t(1));
    QVERIFY(huge.families.empty());
    ParseResult manyErrors = parsePrometheusText("x\ny\nz\nw\n", limits);
    QCOMPARE(manyErrors.errors.size(), size_t(3));  // two kept and "2 more errors not shown"
    QCOMPARE(manyErrors.errors[2].line, 0);
  }

  void readsWhatMeshproxyPrints() {
    // As proxy/admin/mesh_stats.cc renders it.
    const char* text =
        "# TYPE istio_requests_total counter\n"
        "istio_requests_total{reporter=\"destination\",source_workload=\"productpage-v1\","
        "destination_service="
        "\"reviews.default.svc.cluster.local\",destination_version=\"v2\",response_code=\"200\","
        "response_flags=\"-\",connection_security_policy=\"mutual_tls\"} 17\n"
        "# TYPE istio_request_duration_milliseconds histogram\n"
        "istio_request_duration_milliseconds_bucket{reporter=\"destination\",le=\"0.5\"} 0\n"
        "istio_request_duration_milliseconds_bucket{reporter=\"destination\",le=\"+Inf\"} 17\n"
        "istio_request_duration_milliseconds_sum{reporter=\"destination\"} 40.25\n"
        "istio_request_duration_milliseconds_count{reporter=\"destination\"} 17\n"
        "# TYPE envoy_cluster_outlier_detection_ejections_active gauge\n"
        "envoy_cluster_outlier_detection_ejections_active{cluster_name=\"outbound|9080||reviews\"} "
        "1\n";
    ParseResult r = parsePrometheusText(text);
    QVERIFY(r.ok());
    QCOMPARE(r.family("istio_request_duration_milliseconds")->samples.size(), size_t(4));
    QCOMPARE(labelValue(only(r, "istio_requests_total").labels, "destination_version"),
             std::string("v2"));
    QCOMPARE(r.family("envoy_cluster_outlier_detection_ejections_active")->type, MetricType::Gauge);
  }

  void survivesMutatedExpositions() {
    // Byte flips, cuts and duplications of a valid exposition: any result but a crash (run
    // under the asan preset to make "no crash" mean no memory error either).
    const std::string valid =
        "# HELP m help \\\\ text\n# TYPE m histogram\n"
        "m_bucket{a=\"x\\\"y\",le=\"1\"} 2 1000\nm_bucket{a=\"x\\\"y\",le=\"+Inf\"} 3\n"
        "m_sum{a=\"x\\\"y\"} 4.5\nm_count{a=\"x\\\"y\"} 3\n";
    QVERIFY(parsePrometheusText(valid).ok());
    std::uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
    for (int i = 0; i < 20000; ++i) {
      std::string text = valid;
      for (int edits = 1 + int(next() % 4); edits > 0; --edits) {
        std::size_t at = next() % text.size();
        switch (next() % 3) {
          case 0:
            text[at] = char(next() % 256);
            break;
          case 1:
            text.erase(at, next() % 8);
            break;
          default:
            text.insert(at, text.substr(at, next() % 16));
            break;
        }
        if (text.empty()) text = "x";
      }
      ParseResult r = parsePrometheusText(text);
      for (const auto& f : r.families)
        for (const auto& sample : f.samples) QVERIFY(!sample.name.empty());
    }
  }

  void neverThrowsOnGarbage() {
    std::string garbage;
    for (int i = 0; i < 5000; ++i) garbage += char((i * 7919) % 256);
    ParseResult r = parsePrometheusText(garbage);
    QVERIFY(!r.ok());
  }
};

QTEST_GUILESS_MAIN(TestPrometheusParser)
#include "tst_prometheus_parser.moc"
