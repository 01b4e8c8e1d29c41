// A design's Behaviour in meshworkload's terms: milliseconds, and a lognormal that keeps the
// mean and deviation the design asked for.
#include <QtTest>

#include <yaml-cpp/yaml.h>

#include <cmath>

#include "runtime/workload_behaviour.h"

using namespace ms;

class WorkloadBehaviourTest : public QObject {
  Q_OBJECT

 private slots:
  void fixedLatencyInMilliseconds() {
    model::Behaviour b;
    b.latency = model::LatencyDistribution{"fixed", "1.5s", {}, {}, {}};
    const YAML::Node n = YAML::Load(runtime::workloadBehaviourYaml(b));
    QCOMPARE(n["latency"]["distribution"].as<std::string>(), std::string("fixed"));
    QCOMPARE(n["latency"]["ms"].as<double>(), 1500.0);
  }

  void lognormalKeepsMeanAndDeviation() {
    model::Behaviour b;
    b.latency = model::LatencyDistribution{"lognormal", "10ms", "5ms", {}, {}};
    const YAML::Node l = YAML::Load(runtime::workloadBehaviourYaml(b))["latency"];
    const double mu = l["mu"].as<double>(), sigma = l["sigma"].as<double>();
    const double mean = std::exp(mu + sigma * sigma / 2);
    const double deviation = mean * std::sqrt(std::exp(sigma * sigma) - 1);
    QVERIFY(std::abs(mean - 10) < 1e-3);
    QVERIFY(std::abs(deviation - 5) < 1e-3);
  }

  void errorsAndCalls() {
    model::Behaviour b;
    b.errors = model::ErrorBehaviour{0.25, 503};
    b.responseBytes = 512;
    model::DownstreamCall call;
    call.service = "reviews";
    call.port = 9080;
    call.path = "/reviews/0";
    call.timeout = "3s";
    call.retries = 1;
    b.calls = model::CallPlan{"parallel", {call}};
    const YAML::Node n = YAML::Load(runtime::workloadBehaviourYaml(b));
    QCOMPARE(n["errorRate"].as<double>(), 0.25);
    QCOMPARE(n["errorStatus"].as<int>(), 503);
    QCOMPARE(n["responseSize"].as<int>(), 512);
    QCOMPARE(n["mode"].as<std::string>(), std::string("parallel"));
    QCOMPARE(n["calls"][0]["service"].as<std::string>(), std::string("reviews:9080"));
    QCOMPARE(n["calls"][0]["path"].as<std::string>(), std::string("/reviews/0"));
    QCOMPARE(n["calls"][0]["timeoutMs"].as<double>(), 3000.0);
    QCOMPARE(n["calls"][0]["retries"].as<int>(), 1);
    QVERIFY(!n["calls"][0]["optional"]);  // unset: the workload's default (required)
    QVERIFY(!n["calls"][0]["method"]);
    QVERIFY(!n["propagateHeaders"]);
  }

  // Bookinfo's productpage: a POST-less GET to reviews whose failure only degrades the page,
  // and the end-user header carried along so that reviews' sidecar can route on it.
  void optionalCallsMethodAndPropagatedHeaders() {
    model::Behaviour b;
    model::DownstreamCall call;
    call.service = "reviews";
    call.method = "POST";
    call.optional = true;
    model::DownstreamCall required;
    required.service = "details";
    required.optional = false;
    b.calls = model::CallPlan{std::nullopt, {call, required}};
    b.propagateHeaders = {"end-user", "x-token"};
    const YAML::Node n = YAML::Load(runtime::workloadBehaviourYaml(b));
    QCOMPARE(n["calls"][0]["method"].as<std::string>(), std::string("POST"));
    QCOMPARE(n["calls"][0]["optional"].as<bool>(), true);
    QCOMPARE(n["calls"][1]["optional"].as<bool>(), false);
    QCOMPARE(n["propagateHeaders"].size(), size_t(2));
    QCOMPARE(n["propagateHeaders"][0].as<std::string>(), std::string("end-user"));
    QCOMPARE(n["propagateHeaders"][1].as<std::string>(), std::string("x-token"));
  }
};

QTEST_GUILESS_MAIN(WorkloadBehaviourTest)
#include "tst_workload_behaviour.moc"
