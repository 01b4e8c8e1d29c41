// meshworkload's server in-process: a client that sends its next request and
// its FIN together on a connection already in use is answered, then closed
// (its reads wait for epoll after a short read, so only the hang-up watch
// sees that FIN).
#include <QtTest>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "workload/workload_server.h"

using namespace mp;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
const tcp::endpoint kAt{asio::ip::make_address("127.0.27.1"), 18081};

// Everything the client can read now, without waiting; eof tells whether
// the server closed.
std::string readNow(tcp::socket& client, bool& eof) {
  client.non_blocking(true);
  std::string got;
  char buf[1024];
  for (;;) {
    boost::system::error_code ec;
    const size_t n = client.read_some(asio::buffer(buf), ec);
    got.append(buf, n);
    if (ec == asio::error::eof) eof = true;
    if (ec) break;
  }
  client.non_blocking(false);
  return got;
}
}  // namespace

class TstWorkloadServer : public QObject {
  Q_OBJECT
 private slots:
  void clientThatHangsUpWithItsRequestIsAnsweredThenClosed() {
    asio::io_context io;
    WorkloadServer server(io, WorkloadIdentity{}, Behaviour{}, std::nullopt);
    QVERIFY(server.listen(kAt));
    tcp::socket client(io);
    client.connect(kAt);
    const std::string request = "GET / HTTP/1.1\r\nHost: w\r\n\r\n";
    asio::write(client, asio::buffer(request));
    io.run_for(std::chrono::milliseconds(100));
    bool eof = false;
    const std::string first = readNow(client, eof);
    QVERIFY2(first.rfind("HTTP/1.1 200 OK\r\n", 0) == 0, first.c_str());
    QVERIFY(!eof);

    asio::write(client, asio::buffer(request));
    client.shutdown(tcp::socket::shutdown_send);
    io.restart();
    io.run_for(std::chrono::milliseconds(300));
    const std::string second = readNow(client, eof);
    QVERIFY2(second.rfind("HTTP/1.1 200 OK\r\n", 0) == 0, second.c_str());
    QVERIFY2(eof, "the workload still holds the connection of a client that left");
    QCOMPARE(server.requests, uint64_t(2));
  }
};

QTEST_GUILESS_MAIN(TstWorkloadServer)
#include "tst_workload_server.moc"
