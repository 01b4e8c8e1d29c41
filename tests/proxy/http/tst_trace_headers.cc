// Trace header propagation at the proxy: x-request-id, W3C traceparent and
// B3 kept when the caller sent them, derived from each other, created when
// missing (as Envoy with Istio's tracing does).
#include <QtTest>
#include <regex>

#include "http/trace_headers.h"

using namespace mp;
namespace http = boost::beast::http;
using Fields = mp::Fields;

namespace {
std::string get(const Fields& h, const char* name) { return std::string(h[name]); }
bool matches(const std::string& v, const char* re) { return std::regex_match(v, std::regex(re)); }
}  // namespace

class TstTraceHeaders : public QObject {
  Q_OBJECT
  std::mt19937_64 rng_{42};

 private slots:
  void createsWhatIsMissing() {
    Fields h;
    ensureTraceHeaders(h, rng_);
    QVERIFY2(matches(get(h, "x-request-id"), "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
             get(h, "x-request-id").c_str());
    const std::string tp = get(h, "traceparent");
    QVERIFY2(matches(tp, "00-[0-9a-f]{32}-[0-9a-f]{16}-01"), tp.c_str());
    QCOMPARE(get(h, "x-b3-traceid"), tp.substr(3, 32));
    QCOMPARE(get(h, "x-b3-spanid"), tp.substr(36, 16));
    QCOMPARE(get(h, "x-b3-sampled"), std::string("1"));
    Fields other;
    ensureTraceHeaders(other, rng_);
    QVERIFY(get(other, "x-request-id") != get(h, "x-request-id"));
    QVERIFY(get(other, "traceparent") != tp);
  }

  void keepsWhatWasSent() {
    Fields h;
    h.set("x-request-id", "mine");
    h.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    h.set("x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124");
    h.set("x-b3-spanid", "a2fb4a1d1a96d312");
    ensureTraceHeaders(h, rng_);
    QCOMPARE(get(h, "x-request-id"), std::string("mine"));
    QCOMPARE(get(h, "traceparent"), std::string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    QCOMPARE(get(h, "x-b3-traceid"), std::string("463ac35c9f6413ad48485a3953bb6124"));
    QCOMPARE(h.count("x-request-id"), size_t(1));
  }

  void w3cFromB3() {
    Fields h;
    h.set("x-b3-traceid", "463ac35c9f6413ad");  // 64-bit B3 id widens to 128 bits
    h.set("x-b3-spanid", "a2fb4a1d1a96d312");
    ensureTraceHeaders(h, rng_);
    QCOMPARE(get(h, "traceparent"), std::string("00-0000000000000000463ac35c9f6413ad-a2fb4a1d1a96d312-01"));
    QCOMPARE(get(h, "x-b3-traceid"), std::string("463ac35c9f6413ad"));  // B3 left as sent
  }

  void b3FromW3c() {
    Fields h;
    h.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    ensureTraceHeaders(h, rng_);
    QCOMPARE(get(h, "x-b3-traceid"), std::string("4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(get(h, "x-b3-spanid"), std::string("00f067aa0ba902b7"));
    QCOMPARE(get(h, "x-b3-sampled"), std::string("1"));
  }

  void garbageIdsAreReplaced() {
    Fields h;
    h.set("traceparent", "00-not-hex-at-all-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-01");
    ensureTraceHeaders(h, rng_);
    QVERIFY(matches(get(h, "x-b3-traceid"), "[0-9a-f]{32}"));
    QVERIFY(matches(get(h, "x-b3-spanid"), "[0-9a-f]{16}"));
    Fields b;
    b.set("x-b3-traceid", "xyz");
    ensureTraceHeaders(b, rng_);
    QVERIFY2(matches(get(b, "traceparent"), "00-[0-9a-f]{32}-[0-9a-f]{16}-01"), get(b, "traceparent").c_str());
  }
};

QTEST_GUILESS_MAIN(TstTraceHeaders)
#include "tst_trace_headers.moc"
