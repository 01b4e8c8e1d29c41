#include "mesh_fixture.h"

#include <QThread>
#include <sys/prctl.h>

#include <csignal>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace mpt {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string binDir() { return std::string(MS_BINARY_DIR) + "/proxy"; }

QProcess* Processes::start(const std::string& program, const QStringList& args, const std::string& name) {
  auto p = std::make_unique<QProcess>();
  p->setProcessChannelMode(QProcess::MergedChannels);
  p->setStandardOutputFile(QString::fromStdString(logDir_ + "/" + name + ".log"));
  // A test that dies (crash, std::terminate) must not leave servers holding
  // its addresses: the kernel kills them with it.
  p->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
  p->start(QString::fromStdString(binDir() + "/" + program), args);
  p->waitForStarted(5000);
  procs_.push_back(std::move(p));
  return procs_.back().get();
}

void Processes::kill(QProcess* p) {
  if (p->state() != QProcess::NotRunning) {
    p->kill();
    p->waitForFinished(3000);
  }
}

void Processes::killAll() {
  for (auto& p : procs_) kill(p.get());
  procs_.clear();
}

std::string Processes::log(const std::string& name) const {
  std::ifstream in(logDir_ + "/" + name + ".log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool waitForPort(const std::string& addr, uint16_t port, int timeoutMs) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < until) {
    asio::io_context io;
    tcp::socket s(io);
    beast::error_code ec;
    s.connect(tcp::endpoint(asio::ip::make_address(addr), port), ec);
    if (!ec) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void writeAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
  }
  std::rename(tmp.c_str(), path.c_str());
}

struct HttpClient::Impl {
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buf;
  tcp::endpoint ep;
};

HttpClient::HttpClient(std::string addr, uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->ep = tcp::endpoint(asio::ip::make_address(addr), port);
}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

HttpResult HttpClient::request(const std::string& method, const std::string& host, const std::string& target,
                               const std::map<std::string, std::string>& headers, const std::string& body,
                               int timeoutMs) {
  HttpResult out;
  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code ec;
    const bool reused = impl_->stream.has_value();
    if (!impl_->stream) {
      impl_->stream.emplace(impl_->io);
      impl_->buf.clear();
      impl_->stream->socket().connect(impl_->ep, ec);
      if (ec) {
        impl_->stream.reset();
        return out;
      }
    }
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, host);
    for (auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    req.keep_alive(true);
    // Blocking I/O with a socket-level timeout keeps the client trivial.
    struct timeval tv {timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    ::setsockopt(impl_->stream->socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    http::write(impl_->stream->socket(), req, ec);
    http::response<http::string_body> res;
    if (!ec) http::read(impl_->stream->socket(), impl_->buf, res, ec);
    if (ec) {
      impl_->stream.reset();
      if (reused && attempt == 0 && ec != beast::error::timeout && ec != asio::error::would_block) continue;  // stale keep-alive
      return out;
    }
    out.status = res.result_int();
    for (auto& f : res) {
      std::string name(f.name_string());
      for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(f.value());
    }
    out.body = res.body();
    if (!res.keep_alive()) impl_->stream.reset();
    return out;
  }
  return out;
}

std::string rawExchange(const std::string& addr, uint16_t port, const std::string& bytes, int timeoutMs,
                        int sendDelayMs) {
  asio::io_context io;
  tcp::socket s(io);
  beast::error_code ec;
  s.connect(tcp::endpoint(asio::ip::make_address(addr), port), ec);
  if (ec) return "<connect failed>";
  if (sendDelayMs == 0) asio::write(s, asio::buffer(bytes), ec);
  else
    for (char c : bytes) {  // slowloris: one byte at a time
      asio::write(s, asio::buffer(&c, 1), ec);
      if (ec) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(sendDelayMs));
    }
  struct timeval tv {timeoutMs / 1000, (timeoutMs % 1000) * 1000};
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  char buf[4096];
  for (;;) {
    size_t n = s.read_some(asio::buffer(buf), ec);
    if (ec) break;
    out.append(buf, n);
  }
  return out;
}

double metric(const std::string& prom, const std::string& name, const std::vector<std::string>& filters) {
  double sum = 0;
  std::istringstream in(prom);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + "{", 0) != 0 && line.rfind(name + " ", 0) != 0) continue;
    bool ok = true;
    for (auto& f : filters) ok = ok && line.find(f) != std::string::npos;
    if (!ok) continue;
    sum += std::atof(line.substr(line.rfind(' ') + 1).c_str());
  }
  return sum;
}

std::string adminGet(const std::string& addr, uint16_t port, const std::string& path) {
  HttpClient c(addr, port);
  return c.get(addr, path).body;
}

namespace {
int sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }
}  // namespace

bool Pki::makeCa(const std::string& name) {
  return sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /O=" + name +
            " -keyout " + path(name + ".key") + " -out " + path(name + ".crt")) == 0;
}

bool Pki::makeLeaf(const std::string& caName, const std::string& name, const std::string& spiffeUri) {
  const std::string ext = path(name + ".ext");
  {
    std::ofstream e(ext);
    e << "subjectAltName=URI:" << spiffeUri << "\nkeyUsage=digitalSignature,keyEncipherment\n"
      << "extendedKeyUsage=serverAuth,clientAuth\n";
  }
  return sh("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /O=mesh -keyout " +
            path(name + ".key.tmp") + " -out " + path(name + ".csr")) == 0 &&
         sh("openssl x509 -req -in " + path(name + ".csr") + " -CA " + path(caName + ".crt") + " -CAkey " +
            path(caName + ".key") + " -CAcreateserial -days 1 -extfile " + ext + " -out " + path(name + ".crt.tmp")) == 0 &&
         std::rename(path(name + ".key.tmp").c_str(), path(name + ".key").c_str()) == 0 &&
         std::rename(path(name + ".crt.tmp").c_str(), path(name + ".crt").c_str()) == 0;
}

}  // namespace mpt
