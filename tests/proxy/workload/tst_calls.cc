// meshworkload's downstream calls as an application makes them: which
// headers travel, what a call's attempts amount to, and how the workload
// answers after them (502 / 504 for a required call, x-mesh-degraded for an
// optional one).
#include <QtTest>

#include "workload/call_verdict.h"
#include "workload/header_propagation.h"

using namespace mp;
using Kind = SidecarClient::Result::Kind;

namespace {
CallOutcome outcome(std::initializer_list<SidecarClient::Result> attempts) { return CallOutcome{attempts}; }
const SidecarClient::Result ok{Kind::Response, 200}, e503{Kind::Response, 503}, e404{Kind::Response, 404},
    timeout{Kind::Timeout, 0}, error{Kind::Failed, 0};

DownstreamCall call(const std::string& service, bool optional = false) {
  DownstreamCall c;
  c.service = service;
  c.optional = optional;
  return c;
}
}  // namespace

class TstCalls : public QObject {
  Q_OBJECT
 private slots:
  void tracingAndListedHeadersTravel() {
    mp::Fields in;  // the incoming request, as meshworkload parses it
    in.set("x-request-id", "rid-1");
    in.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    in.set("x-b3-traceid", "463ac35c9f6413ad");
    in.set("b3", "80f198ee56343ba8-e457b5a2e4d86bd1-1");
    in.set("End-User", "jason");
    in.insert("x-tenant", "a");
    in.set("cookie", "secret=1");  // arrives between the two x-tenant fields
    in.insert("x-tenant", "b");
    in.set("content-length", "12");
    mp::Fields out;
    propagateHeaders(in, {"end-user", "x-tenant", "x-request-id"}, out);
    QCOMPARE(std::string(out["x-request-id"]), std::string("rid-1"));
    QCOMPARE(std::string(out["traceparent"]), std::string(in["traceparent"]));
    QCOMPARE(std::string(out["x-b3-traceid"]), std::string("463ac35c9f6413ad"));
    QCOMPARE(std::string(out["b3"]), std::string(in["b3"]));
    QCOMPARE(std::string(out["end-user"]), std::string("jason"));  // names match case-insensitively
    QCOMPARE(out.count("x-tenant"), size_t(2));                      // every value
    QCOMPARE(std::string(out.find("x-tenant")->value()), std::string("a"));  // in arrival order
    for (const auto& f : out) QVERIFY2(f.value() != "secret=1", "a field between two x-tenant copies went along");
    QCOMPARE(out.count("x-request-id"), size_t(1));                  // listed twice, copied once
    QCOMPARE(out.count("cookie"), size_t(0));                        // not listed: stays behind
    QCOMPARE(out.count("content-length"), size_t(0));
  }

  void unlistedHeadersStay() {
    mp::Fields in;  // the incoming request, as meshworkload parses it
    in.set("end-user", "jason");
    mp::Fields out;
    propagateHeaders(in, {}, out);
    QCOMPARE(out.count("end-user"), size_t(0));
  }

  void attemptsDescribeAndDecide() {
    QVERIFY(!outcome({ok}).failed());
    QVERIFY(!outcome({e404}).failed());  // 4xx is an answer, not a failure
    QVERIFY(outcome({e503}).failed());
    QVERIFY(!outcome({e503, ok}).failed());  // the last attempt counts
    QVERIFY(outcome({ok, timeout}).timedOut());
    QVERIFY(!outcome({timeout, error}).timedOut());
    QCOMPARE(outcome({e503, timeout, error, ok}).describe(), std::string("503,timeout,error,200"));
  }

  void requiredFailureIs502() {
    auto v = judgeCalls(200, {call("a"), call("b")}, {outcome({ok}), outcome({e503})});
    QCOMPARE(v.status, 502u);
    QCOMPARE(v.trail, std::string("a=200;b=503;"));
    QVERIFY(v.degraded.empty());
    QCOMPARE(judgeCalls(200, {call("a")}, {outcome({error})}).status, 502u);
  }

  void requiredTimeoutIs504() {
    auto v = judgeCalls(200, {call("reviews")}, {outcome({timeout, timeout})});
    QCOMPARE(v.status, 504u);
    QCOMPARE(v.trail, std::string("reviews=timeout,timeout;"));
  }

  void firstFailedRequiredCallDecides() {
    QCOMPARE(judgeCalls(200, {call("a"), call("b")}, {outcome({e503}), outcome({timeout})}).status, 502u);
    QCOMPARE(judgeCalls(200, {call("a"), call("b")}, {outcome({timeout}), outcome({e503})}).status, 504u);
    // An optional timeout does not decide anything.
    QCOMPARE(judgeCalls(200, {call("a", true), call("b")}, {outcome({timeout}), outcome({e503})}).status, 502u);
  }

  void optionalFailureDegrades() {
    auto v = judgeCalls(200, {call("details"), call("reviews", true)}, {outcome({ok}), outcome({timeout, timeout})});
    QCOMPARE(v.status, 200u);
    QCOMPARE(v.degraded, std::string("reviews"));
    v = judgeCalls(200, {call("a", true), call("b", true), call("a", true)},
                   {outcome({e503}), outcome({error}), outcome({e503})});
    QCOMPARE(v.status, 200u);
    QCOMPARE(v.degraded, std::string("a, b"));  // each service once, in call order
    v = judgeCalls(200, {call("a", true)}, {outcome({e503, ok})});
    QVERIFY(v.degraded.empty());  // recovered by its retry
  }

  void ownErrorIsKept() {
    // An injected error stands; calls never made leave no trail.
    auto v = judgeCalls(503, {call("a"), call("b")}, {std::nullopt, std::nullopt});
    QCOMPARE(v.status, 503u);
    QVERIFY(v.trail.empty());
    QCOMPARE(judgeCalls(500, {call("a")}, {outcome({timeout})}).status, 500u);
  }

  void callsNotMadeLeaveNoTrail() {
    auto v = judgeCalls(200, {call("a"), call("b")}, {outcome({e503}), std::nullopt});
    QCOMPARE(v.trail, std::string("a=503;"));
  }
};

QTEST_GUILESS_MAIN(TstCalls)
#include "tst_calls.moc"
