// The histogram against exact nearest-rank percentiles of known data, within its stated
// precision (1/128 of the value).

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "runtime/load/latency_histogram.h"
#include "runtime/load/load_stats.h"

using ms::runtime::LatencyHistogram;

namespace {

std::uint64_t exactPercentile(std::vector<std::uint64_t> values, double p) {
  std::sort(values.begin(), values.end());
  const auto rank = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(p / 100.0 * double(values.size()) - 1e-9)));
  return values[rank - 1];
}

bool withinPrecision(std::uint64_t measured, std::uint64_t exact) {
  const double error = std::abs(double(measured) - double(exact));
  return error <= double(exact) / 128.0 + 1.0;
}

}  // namespace

class TstLatencyHistogram : public QObject {
  Q_OBJECT

 private slots:
  void bucketsCoverTheRangeWithoutGaps() {
    std::uint64_t expectedLow = 0;
    for (std::size_t b = 0;
         LatencyHistogram::lowestIn(b) <= LatencyHistogram::kMaxValue && b < 100000; ++b) {
      QCOMPARE(LatencyHistogram::lowestIn(b), expectedLow);
      QCOMPARE(LatencyHistogram::bucketOf(LatencyHistogram::lowestIn(b)), b);
      QCOMPARE(LatencyHistogram::bucketOf(LatencyHistogram::highestIn(b)), b);
      const auto low = LatencyHistogram::lowestIn(b);
      const auto width = LatencyHistogram::highestIn(b) - low + 1;
      QVERIFY2(low < 256 || width * 128 <= low, "bucket wider than 1/128 of its values");
      expectedLow = LatencyHistogram::highestIn(b) + 1;
      if (LatencyHistogram::highestIn(b) == LatencyHistogram::kMaxValue) break;
    }
    QCOMPARE(expectedLow, LatencyHistogram::kMaxValue + 1);
    QVERIFY(LatencyHistogram::kMaxValue >= 3600ull * 1000 * 1000);  // at least an hour
  }

  void smallValuesAreExact() {
    LatencyHistogram h;
    for (std::uint64_t v = 1; v <= 100; ++v) h.record(v);
    QCOMPARE(h.count(), 100u);
    QCOMPARE(h.percentile(50), 50u);
    QCOMPARE(h.percentile(95), 95u);
    QCOMPARE(h.percentile(99), 99u);
    QCOMPARE(h.percentile(100), 100u);
    QCOMPARE(h.min(), 1u);
    QCOMPARE(h.max(), 100u);
    QCOMPARE(h.mean(), 50.5);
  }

  void percentilesOfSpreadDataWithinPrecision() {
    // Log-uniform from 1 µs to 1 hour: every octave of the range gets data.
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> exponent(0, std::log(3600e6));
    std::vector<std::uint64_t> values;
    LatencyHistogram h;
    for (int i = 0; i < 100000; ++i) {
      const auto v = static_cast<std::uint64_t>(std::exp(exponent(random)));
      values.push_back(v);
      h.record(v);
    }
    for (double p : {1.0, 10.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0}) {
      const auto exact = exactPercentile(values, p);
      QVERIFY2(withinPrecision(h.percentile(p), exact),
               qPrintable(QString("p%1: %2 vs exact %3").arg(p).arg(h.percentile(p)).arg(exact)));
    }
    QCOMPARE(h.max(), *std::max_element(values.begin(), values.end()));
  }

  void percentileRankIsNearestRank() {
    // 999 values of 100 and one of 200: p99.9 is the 999th value, p100 the 1000th.
    LatencyHistogram h;
    for (int i = 0; i < 999; ++i) h.record(100);
    h.record(200);
    QCOMPARE(h.percentile(99.9), 100u);
    QCOMPARE(h.percentile(99.95), 200u);
    QCOMPARE(h.percentile(0), 100u);
  }

  void valuesBeyondAnHourAreClampedNotLost() {
    LatencyHistogram h;
    h.record(LatencyHistogram::kMaxValue * 4);
    h.record(0);
    QCOMPARE(h.count(), 2u);
    QCOMPARE(h.max(), LatencyHistogram::kMaxValue);
    QCOMPARE(h.percentile(100), LatencyHistogram::kMaxValue);
    QCOMPARE(h.percentile(50), 0u);
  }

  void mergeEqualsRecordingEverything() {
    LatencyHistogram a, b, all;
    std::mt19937_64 random(7);
    std::exponential_distribution<double> latency(1.0 / 5000);
    for (int i = 0; i < 20000; ++i) {
      const auto v = static_cast<std::uint64_t>(latency(random));
      (i % 3 ? a : b).record(v);
      all.record(v);
    }
    a.merge(b);
    QCOMPARE(a.count(), all.count());
    QCOMPARE(a.max(), all.max());
    QCOMPARE(a.min(), all.min());
    QCOMPARE(a.mean(), all.mean());
    for (double p : {50.0, 95.0, 99.0, 99.9}) QCOMPARE(a.percentile(p), all.percentile(p));
    LatencyHistogram empty;
    a.merge(empty);
    QCOMPARE(a.count(), all.count());
    empty.merge(all);
    QCOMPARE(empty.min(), all.min());
  }

  void resetEmpties() {
    LatencyHistogram h;
    h.record(1234);
    h.reset();
    QCOMPARE(h.count(), 0u);
    QCOMPARE(h.percentile(99), 0u);
    QCOMPARE(h.max(), 0u);
    h.record(7);
    QCOMPARE(h.min(), 7u);
  }

  void responseFlagsSplitOnCommasAndSpaces() {
    QStringList seen;
    ms::runtime::forEachFlag("UH,URX  UO, -", [&](std::string_view f) {
      seen << QString::fromUtf8(f.data(), qsizetype(f.size()));
    });
    QCOMPARE(seen, (QStringList{"UH", "URX", "UO"}));
  }

  // A rough figure for the hot path: the per-request cost of LoadStats::record (mutex,
  // two histograms, maps). Printed, and bounded loosely so that a regression shows.
  void recordCostIsSmall() {
    ms::runtime::LoadStats stats;
    ms::runtime::RequestResult result;
    result.status = 200;
    result.version = "v1";
    result.flags = "UO";
    result.latencyMicros = 1500;
    QElapsedTimer timer;
    timer.start();
    constexpr int kN = 200000;
    for (int i = 0; i < kN; ++i) {
      result.latencyMicros = 1000 + i % 5000;
      stats.record(result);
    }
    const double nsPerRecord = double(timer.nsecsElapsed()) / kN;
    qInfo("LoadStats::record: %.0f ns per completed request", nsPerRecord);
    QCOMPARE(stats.total().completed, std::uint64_t(kN));
    QVERIFY(nsPerRecord < 5000);
  }
};

QTEST_GUILESS_MAIN(TstLatencyHistogram)
#include "tst_latency_histogram.moc"
