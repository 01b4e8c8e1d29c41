// Certificates from the local CA make a real mutual-TLS handshake over loopback work, and each
// side learns the other's SPIFFE ID; a certificate from another CA is refused.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "controlplane/ca/certificate_authority.h"
#include "controlplane/ca/keys.h"

using namespace ms::ca;
using namespace std::chrono_literals;

namespace {

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(Fd&& other) noexcept : fd(std::exchange(other.fd, -1)) {}
  Fd(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// A connected pair of TCP sockets on 127.0.0.1, with timeouts so a failed test cannot hang.
std::optional<std::pair<Fd, Fd>> loopbackPair() {
  Fd listener(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener.fd < 0 || ::bind(listener.fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listener.fd, 1) != 0 ||
      ::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return std::nullopt;
  }
  Fd client(::socket(AF_INET, SOCK_STREAM, 0));
  if (client.fd < 0 || ::connect(client.fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    return std::nullopt;
  }
  Fd server(::accept(listener.fd, nullptr, nullptr));
  if (server.fd < 0) return std::nullopt;
  const timeval timeout{5, 0};
  for (int fd : {client.fd, server.fd}) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  }
  return std::pair{std::move(client), std::move(server)};
}

// A context presenting `identity` and trusting only `trustedRootPem`, requiring a peer cert.
SslCtxPtr makeContext(bool server, const IssuedCert& identity, const std::string& trustedRootPem) {
  SslCtxPtr ctx(SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()));
  auto cert = certFromPem(identity.certPem);
  auto key = privateKeyFromPem(identity.keyPem);
  auto root = certFromPem(trustedRootPem);
  if (!ctx || !cert || !key || !root || SSL_CTX_use_certificate(ctx.get(), cert->get()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx.get(), key->get()) != 1 ||
      X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx.get()), root->get()) != 1) {
    return nullptr;
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  return ctx;
}

struct Outcome {
  bool ok = false;
  std::string peerId;  // the peer's URI SAN, when the handshake succeeded
};

std::string peerSpiffeId(SSL* ssl) {
  X509Ptr peer(SSL_get1_peer_certificate(ssl));
  auto uris = peer ? uriSans(peer.get()) : std::vector<std::string>{};
  return uris.size() == 1 ? uris.front() : std::string();
}

// Server: handshake, then one byte to tell the client it was accepted (in TLS 1.3 the client's
// handshake ends before the server has checked the client certificate).
Outcome serve(SSL_CTX* ctx, int fd) {
  SslPtr ssl(SSL_new(ctx));
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1 || SSL_accept(ssl.get()) != 1) return {};
  Outcome outcome{SSL_write(ssl.get(), "k", 1) == 1, peerSpiffeId(ssl.get())};
  SSL_shutdown(ssl.get());
  return outcome;
}

Outcome connectTo(SSL_CTX* ctx, int fd) {
  SslPtr ssl(SSL_new(ctx));
  char byte = 0;
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1 || SSL_connect(ssl.get()) != 1 ||
      SSL_read(ssl.get(), &byte, 1) != 1) {
    return {};
  }
  return {byte == 'k', peerSpiffeId(ssl.get())};
}

struct Handshake {
  Outcome client, server;
};

Handshake handshake(SSL_CTX* clientCtx, SSL_CTX* serverCtx) {
  auto sockets = loopbackPair();
  if (!sockets) return {};
  Handshake result;
  std::thread server([&] { result.server = serve(serverCtx, sockets->second.fd); });
  result.client = connectTo(clientCtx, sockets->first.fd);
  server.join();
  ERR_clear_error();
  return result;
}

}  // namespace

class TestCaMtls : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::optional<CertificateAuthority> mesh_, foreign_;

  IssuedCert issue(const CertificateAuthority& ca, const char* sa) {
    auto issued = ca.issueWorkload("default", sa, 60s);
    if (!issued) qFatal("issue failed: %s", issued.error().c_str());
    return std::move(issued).value();
  }

 private slots:
  void initTestCase() {
    std::signal(SIGPIPE, SIG_IGN);  // a peer that hung up must fail a write, not end the test
    auto mesh = CertificateAuthority::create(dir_.path().toStdString() + "/mesh");
    auto foreign = CertificateAuthority::create(dir_.path().toStdString() + "/foreign");
    QVERIFY(mesh && foreign);
    mesh_.emplace(std::move(mesh).value());
    foreign_.emplace(std::move(foreign).value());
  }

  void sameMeshIdentitiesSeeEachOther() {
    const IssuedCert productpage = issue(*mesh_, "productpage");
    const IssuedCert reviews = issue(*mesh_, "reviews");
    SslCtxPtr client = makeContext(false, productpage, mesh_->rootCertPem());
    SslCtxPtr server = makeContext(true, reviews, mesh_->rootCertPem());
    QVERIFY(client && server);
    const Handshake h = handshake(client.get(), server.get());
    QVERIFY(h.client.ok);
    QVERIFY(h.server.ok);
    QCOMPARE(h.client.peerId, std::string("spiffe://cluster.local/ns/default/sa/reviews"));
    QCOMPARE(h.server.peerId, std::string("spiffe://cluster.local/ns/default/sa/productpage"));
  }

  void clientFromForeignCaIsRefused() {
    SslCtxPtr client = makeContext(false, issue(*foreign_, "intruder"), mesh_->rootCertPem());
    SslCtxPtr server = makeContext(true, issue(*mesh_, "reviews"), mesh_->rootCertPem());
    QVERIFY(client && server);
    const Handshake h = handshake(client.get(), server.get());
    QVERIFY(!h.server.ok);
    QVERIFY(!h.client.ok);
  }

  void serverFromForeignCaIsRefused() {
    SslCtxPtr client = makeContext(false, issue(*mesh_, "productpage"), mesh_->rootCertPem());
    SslCtxPtr server = makeContext(true, issue(*foreign_, "impostor"), mesh_->rootCertPem());
    QVERIFY(client && server);
    const Handshake h = handshake(client.get(), server.get());
    QVERIFY(!h.client.ok);
    QVERIFY(!h.server.ok);
  }
};

QTEST_GUILESS_MAIN(TestCaMtls)
#include "tst_ca_mtls.moc"
