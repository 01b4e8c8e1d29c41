// HeaderFields and MessageParser: the proxy's own header container and the
// Beast parser hooks that fill it. What basic_fields did for us (names
// without case, field codes, Connection / Transfer-Encoding / Content-Length
// as message properties) must hold here too, plus arrival order.
#include <QtTest>

#include "http/message.h"
#include "http/wire_format.h"

using namespace mp;
namespace http = boost::beast::http;

namespace {
std::vector<std::string> names(const Fields& h) {
  std::vector<std::string> out;
  for (const auto& f : h) out.emplace_back(f.name_string());
  return out;
}

template <bool isRequest>
MessageParser<isRequest> parsed(std::string_view wire, boost::beast::error_code& ec) {
  MessageParser<isRequest> p;
  p.eager(true);
  size_t used = 0;
  while (used < wire.size() && !p.is_done()) {
    const size_t n = p.put(boost::asio::buffer(wire.data() + used, wire.size() - used), ec);
    if (ec) break;
    used += n;
  }
  return p;
}
}  // namespace

class TstHeaderFields : public QObject {
  Q_OBJECT

 private slots:
  void keepsArrivalOrderAndEveryCopy() {
    Fields h;
    h.insert("x-a", "1");
    h.insert("x-b", "2");
    h.insert("X-A", "3");
    QCOMPARE(names(h), (std::vector<std::string>{"x-a", "x-b", "X-A"}));
    QCOMPARE(h.count("x-a"), size_t(2));
    QCOMPARE(std::string(h["x-a"]), std::string("1"));  // the first copy
    QCOMPARE(*joinedHeader(h, "X-a"), std::string("1,3"));
    QVERIFY(!joinedHeader(h, "x-c"));
  }

  void knownNamesGetTheirCodeWhateverTheirCase() {
    Fields h;
    h.insert("HOST", "reviews:9080");
    QVERIFY(h.find(http::field::host) != h.end());
    QCOMPARE(std::string(h.find(http::field::host)->name_string()), std::string("HOST"));  // as sent
    QCOMPARE(h.find(http::field::host)->name(), http::field::host);
    QCOMPARE(std::string(h[http::field::host]), std::string("reviews:9080"));
    QVERIFY(h.find(http::field::cookie) == h.end());
    QCOMPARE(std::string(h[http::field::cookie]), std::string());
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, h.at(http::field::cookie));
  }

  void setReplacesTheFirstCopyInPlaceAndDropsTheOthers() {
    Fields h;
    h.insert("x-id", "1");
    h.insert("x-other", "o");
    h.insert("x-id", "2");
    h.set("X-Id", "9");
    QCOMPARE(names(h), (std::vector<std::string>{"X-Id", "x-other"}));
    QCOMPARE(std::string(h["x-id"]), std::string("9"));
    setCustomField(h, "x-id", "9");  // the same value: nothing changes
    QCOMPARE(h.count("x-id"), size_t(1));
    h.set(http::field::server, "meshproxy");
    h.set(http::field::server, "meshproxy2");
    QCOMPARE(h.count(http::field::server), size_t(1));
    QCOMPARE(std::string(h["server"]), std::string("meshproxy2"));
  }

  void erasesByNameCodeAndPosition() {
    Fields h;
    h.insert("keep-alive", "timeout=5");
    h.insert("x-a", "1");
    h.insert(http::field::te, "trailers");
    h.insert("X-A", "2");
    QCOMPARE(h.erase("x-a"), size_t(2));
    QCOMPARE(h.erase(http::field::te), size_t(1));
    QCOMPARE(h.erase("x-a"), size_t(0));
    auto it = h.erase(h.begin());
    QVERIFY(it == h.end());
    QCOMPARE(h.size(), size_t(0));
  }

  // Copies are deep (a mirrored request is edited on its own), and many long
  // fields outgrow the first text block without losing any.
  void copiesAreIndependentAndGrowthKeepsEveryField() {
    Fields h;
    for (int i = 0; i < 100; ++i) h.insert("x-field-" + std::to_string(i), std::string(size_t(40 + i), char('a' + i % 26)));
    Fields copy = h;
    copy.set("x-field-0", "changed");
    QCOMPARE(std::string(h["x-field-0"]), std::string(40, 'a'));
    QCOMPARE(std::string(copy["x-field-0"]), std::string("changed"));
    for (int i = 0; i < 100; ++i)
      QCOMPARE(std::string(h["x-field-" + std::to_string(i)]), std::string(size_t(40 + i), char('a' + i % 26)));
    Fields moved = std::move(copy);
    QCOMPARE(moved.size(), size_t(100));
    QCOMPARE(std::string(moved["x-field-99"]), std::string(139, char('a' + 99 % 26)));
  }

  void connectionSaysWhetherTheMessageKeepsTheConnection() {
    Request r{http::verb::get, "/", 11};
    QVERIFY(r.keep_alive());
    r.set(http::field::connection, "close, x-hop");
    QVERIFY(!r.keep_alive());
    r.keep_alive(true);  // other tokens stay: they name hop-by-hop fields
    QCOMPARE(std::string(r[http::field::connection]), std::string("x-hop"));
    r.erase(http::field::connection);
    r.keep_alive(false);
    QCOMPARE(std::string(r[http::field::connection]), std::string("close"));
    Request old{http::verb::get, "/", 10};
    QVERIFY(!old.keep_alive());
    old.keep_alive(true);
    QCOMPARE(std::string(old[http::field::connection]), std::string("keep-alive"));
    QVERIFY(old.keep_alive());
  }

  void payloadFieldsFollowTheBody() {
    Response res{http::status::ok, 11};
    res.set(http::field::transfer_encoding, "gzip, chunked");
    QVERIFY(res.chunked());
    res.body() = "hello";
    res.prepare_payload();  // a known length replaces chunked, the other coding stays
    QVERIFY(!res.chunked());
    QCOMPARE(std::string(res[http::field::transfer_encoding]), std::string("gzip"));
    QCOMPARE(std::string(res[http::field::content_length]), std::string("5"));
    res.chunked(true);
    QCOMPARE(std::string(res[http::field::transfer_encoding]), std::string("gzip, chunked"));
    QCOMPARE(res.count(http::field::content_length), size_t(0));
  }

  void parsesARequestAsSentAndSerialisesItBack() {
    const std::string wire =
        "PURGE /a?b=1 HTTP/1.1\r\nHost: x\r\nx-r: 1\r\ncookie: c\r\nX-R: 2\r\n"
        "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    boost::beast::error_code ec;
    auto p = parsed<true>(wire, ec);
    QVERIFY2(!ec, ec.message().c_str());
    QVERIFY(p.is_done());
    Request r = p.release();
    QCOMPARE(std::string(r.method_string()), std::string("PURGE"));  // no verb for it in Beast
    QCOMPARE(std::string(r.target()), std::string("/a?b=1"));
    QCOMPARE(r.body(), std::string("hello"));
    QCOMPARE(*joinedHeader(r, "x-r"), std::string("1,2"));
    r.prepare_payload();
    std::string out;
    serializeRequest(r, out);
    QCOMPARE(out, std::string("PURGE /a?b=1 HTTP/1.1\r\nHost: x\r\nx-r: 1\r\ncookie: c\r\nX-R: 2\r\n"
                              "Content-Length: 5\r\n\r\nhello"));
  }

  void parsesAResponseAndKeepsItsLimits() {
    boost::beast::error_code ec;
    auto p = parsed<false>("HTTP/1.1 299 Fine\r\nContent-Length: 2\r\nx-a: 1\r\n\r\nok", ec);
    QVERIFY2(!ec, ec.message().c_str());
    QCOMPARE(p.get().result_int(), 299u);
    QCOMPARE(std::string(p.get().reason()), std::string("Fine"));
    QCOMPARE(p.get().body(), std::string("ok"));

    MessageParser<false> limited;
    limited.body_limit(3);
    const std::string big = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
    limited.put(boost::asio::buffer(big), ec);
    QCOMPARE(ec, boost::beast::error_code(http::error::body_limit));
  }
};

QTEST_APPLESS_MAIN(TstHeaderFields)
#include "tst_header_fields.moc"
