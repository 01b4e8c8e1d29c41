// Hostile and malformed downstream input against a real meshproxy: limits
// (431, 413), timeouts (408, slowloris), request smuggling defences (400),
// pipelining, and isolation (one bad connection never harms another).
// Addresses 127.0.23.x. Also built and run under ASan/UBSan (asan preset).
#include <QtTest>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <random>
#include <thread>

#include "mesh_fixture.h"

using namespace mpt;

namespace {
const std::string P = "127.0.23.1";
const uint16_t kOut = 15001, kAdmin = 15000;

const char* kConfig = R"(version: "1"
accessLog: false
node: {workload: client, namespace: test}
admin: {address: 127.0.23.1, port: 15000}
limits: {maxHeaderBytes: 4096, maxBodyBytes: 1024, headerTimeout: 400ms, idleTimeout: 2s}
listeners:
  - {name: outbound, kind: outbound, address: 127.0.23.1, port: 15001, routeTable: out}
routeTables:
  - name: out
    virtualHosts:
      - {name: echo, domains: [echo], routes: [{route: [{cluster: echo}]}]}
clusters:
  - name: echo
    endpoints: [{address: 127.0.23.2, port: 8080}]
)";

int statusOf(const std::string& raw) {
  if (raw.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::atoi(raw.c_str() + 9);
}
// Sends a request and leaves without reading the answer, after `delayUs`; `reset` closes
// with RST (SO_LINGER 0) instead of FIN.
void sendAndLeave(const std::string& addr, uint16_t port, const std::string& request, int delayUs, bool reset) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  ::inet_pton(AF_INET, addr.c_str(), &to.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) {
    (void)!::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
    if (reset) {
      linger l{1, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
  }
  ::close(fd);
}

int countResponses(const std::string& raw) {
  int n = 0;
  for (size_t p = raw.find("HTTP/1.1 "); p != std::string::npos; p = raw.find("HTTP/1.1 ", p + 1)) ++n;
  return n;
}
}  // namespace

class TstBadInput : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Processes procs_;

  std::string send(const std::string& bytes, int timeoutMs = 2000) { return rawExchange(P, kOut, bytes, timeoutMs); }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    procs_.setLogDir(dir_.path().toStdString());
    const std::string cfg = dir_.path().toStdString() + "/proxy.yaml";
    writeAtomically(cfg, kConfig);
    procs_.start("meshworkload", {"--listen", "127.0.23.2:8080", "--service", "echo"}, "echo");
    procs_.start("meshproxy", {"--config", QString::fromStdString(cfg)}, "proxy");
    QVERIFY(waitForPort("127.0.23.2", 8080));
    QVERIFY(waitForPort(P, kOut));
  }
  void cleanupTestCase() { procs_.killAll(); }

  void wellFormedRequestWorks() {
    QCOMPARE(statusOf(send("GET / HTTP/1.1\r\nHost: echo\r\nConnection: close\r\n\r\n")), 200);
  }

  void oversizedHeaderIs431() {
    std::string big = "GET / HTTP/1.1\r\nHost: echo\r\nX-Big: " + std::string(6000, 'a') + "\r\n\r\n";
    QCOMPARE(statusOf(send(big)), 431);
    // Many small headers adding up count too.
    std::string many = "GET / HTTP/1.1\r\nHost: echo\r\n";
    for (int i = 0; i < 300; ++i) many += "X-H" + std::to_string(i) + ": 0123456789\r\n";
    QCOMPARE(statusOf(send(many + "\r\n")), 431);
  }

  void oversizedBodyIs413() {
    QCOMPARE(statusOf(send("POST / HTTP/1.1\r\nHost: echo\r\nContent-Length: 2048\r\n\r\n" + std::string(2048, 'b'))), 413);
    std::string chunked = "POST / HTTP/1.1\r\nHost: echo\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 5; ++i) chunked += "200\r\n" + std::string(512, 'c') + "\r\n";
    QCOMPARE(statusOf(send(chunked + "0\r\n\r\n")), 413);
    // Within the limit is fine.
    QCOMPARE(statusOf(send("POST / HTTP/1.1\r\nHost: echo\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello")), 200);
  }

  void expectContinueIsAnswered() {
    // The client waits for 100 Continue before sending the body.
    auto raw = rawExchange(P, kOut, "POST / HTTP/1.1\r\nHost: echo\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", 600);
    QVERIFY2(raw.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0, raw.c_str());
  }

  void incompleteHeaderIs408() {
    auto t0 = std::chrono::steady_clock::now();
    auto raw = send("GET / HTTP/1.1\r\nHost: echo\r\n", 3000);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    QCOMPARE(statusOf(raw), 408);
    QVERIFY2(ms >= 350 && ms < 1500, qPrintable(QString::number(ms)));
  }

  void smugglingAttemptsAre400_data() {
    QTest::addColumn<QString>("request");
    QTest::newRow("CL and TE") << "POST / HTTP/1.1\r\nHost: echo\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    QTest::newRow("bad chunk size") << "POST / HTTP/1.1\r\nHost: echo\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n";
    QTest::newRow("obs-fold") << "GET / HTTP/1.1\r\nHost: echo\r\nX-Folded: a\r\n b\r\n\r\n";
    QTest::newRow("TE not chunked") << "POST / HTTP/1.1\r\nHost: echo\r\nTransfer-Encoding: gzip\r\n\r\n";
    QTest::newRow("TE chunked twice") << "POST / HTTP/1.1\r\nHost: echo\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n";
    QTest::newRow("two content lengths") << "POST / HTTP/1.1\r\nHost: echo\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab";
    QTest::newRow("negative content length") << "POST / HTTP/1.1\r\nHost: echo\r\nContent-Length: -1\r\n\r\n";
    QTest::newRow("space before colon") << "GET / HTTP/1.1\r\nHost: echo\r\nContent-Length : 0\r\n\r\n";
    QTest::newRow("missing host") << "GET / HTTP/1.1\r\n\r\n";
    QTest::newRow("bad version") << "GET / HTTP/9.9\r\nHost: echo\r\n\r\n";
    QTest::newRow("bare LF") << "GET / HTTP/1.1\nHost: echo\n\n\r\n\r\n";
    QTest::newRow("garbage") << "\x16\x03\x01 not http at all\r\n\r\n";
  }
  void smugglingAttemptsAre400() {
    QFETCH(QString, request);
    auto raw = send(request.toStdString());
    QCOMPARE(statusOf(raw), 400);
    QCOMPARE(countResponses(raw), 1);  // and the connection is closed after it
  }

  void pipelinedRequestsAnsweredInOrder() {
    auto raw = send("GET /1 HTTP/1.1\r\nHost: echo\r\n\r\nGET /2 HTTP/1.1\r\nHost: echo\r\n\r\n"
                    "GET /3 HTTP/1.1\r\nHost: echo\r\nConnection: close\r\n\r\n");
    QCOMPARE(countResponses(raw), 3);
    QVERIFY(raw.find("x-ms-path: /1") < raw.find("x-ms-path: /2"));
    QVERIFY(raw.find("x-ms-path: /2") < raw.find("x-ms-path: /3"));
  }

  void pipelinedGarbageStopsAfterGoodRequest() {
    auto raw = send("GET / HTTP/1.1\r\nHost: echo\r\n\r\n\x01\x02garbage\x7f\r\n\r\nGET / HTTP/1.1\r\nHost: echo\r\n\r\n");
    QCOMPARE(countResponses(raw), 2);
    QCOMPARE(statusOf(raw), 200);
    QVERIFY(raw.find("HTTP/1.1 400") != std::string::npos);
  }

  // Slowloris and garbage on other connections while a normal client works.
  // Clients that leave while their answer is on its way (wrk stopping, a browser tab closed):
  // the proxy cancels those requests (DC) even when the upstream response has just arrived,
  // and keeps serving. A response completing after its request was cancelled once aborted
  // the proxy (bad_function_call).
  void clientsLeavingMidRequestDoNotTakeTheProxyDown() {
    std::vector<std::thread> clients;
    for (int t = 0; t < 16; ++t)
      clients.emplace_back([t] {
        std::mt19937 rng(t);
        for (int i = 0; i < 400; ++i)
          sendAndLeave(P, kOut, "GET / HTTP/1.1\r\nHost: echo\r\n\r\n", int(rng() % 400), i % 2 == 0);
      });
    for (auto& c : clients) c.join();
    QCOMPARE(statusOf(send("GET / HTTP/1.1\r\nHost: echo\r\nConnection: close\r\n\r\n")), 200);
    QVERIFY(metric(adminGet(P, kAdmin, "/stats/prometheus"), "istio_requests_total", {"response_flags=\"DC\""}) > 0);
  }

  void badConnectionsDoNotHarmOthers() {
    std::atomic<bool> stop{false};
    std::vector<std::thread> attackers;
    std::atomic<int> slowStatus{-1};
    attackers.emplace_back([&] {  // one byte every 50 ms: never finishes the header in 400 ms
      slowStatus = statusOf(rawExchange(P, kOut, "GET / HTTP/1.1\r\nHost: echo\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n", 3000, 50));
    });
    for (int i = 0; i < 3; ++i)
      attackers.emplace_back([&] {
        while (!stop) rawExchange(P, kOut, std::string("GET / HTTP/1.1\r\nHost: echo\r\nX: \x01\r\n bad\r\n\r\n"), 500);
      });
    HttpClient good(P, kOut);
    int ok = 0;
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
    int worstMs = 0;
    while (std::chrono::steady_clock::now() < until) {
      auto t0 = std::chrono::steady_clock::now();
      ok += good.get("echo").status == 200;
      worstMs = std::max<int>(worstMs, int(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count()));
    }
    stop = true;
    for (auto& t : attackers) t.join();
    QCOMPARE(slowStatus.load(), 408);
    QVERIFY(ok > 50);
    QVERIFY2(worstMs < 200, qPrintable(QString::number(worstMs)));
    // The proxy is still healthy afterwards.
    QCOMPARE(adminGet(P, kAdmin, "/ready"), std::string("LIVE\n"));
  }
};

QTEST_GUILESS_MAIN(TstBadInput)
#include "tst_bad_input.moc"
