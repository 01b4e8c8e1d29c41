#pragma once
// Helpers for the proxy integration suites: real meshproxy / meshworkload
// processes on 127.0.0.0/8 addresses (always killed), a small blocking HTTP
// client, atomic config writes and Prometheus scraping.
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mpt {

std::string binDir();  // where meshproxy and meshworkload were built

class Processes {
 public:
  ~Processes() { killAll(); }
  // Starts a program from binDir(); its output goes to logDir/name.log.
  QProcess* start(const std::string& program, const QStringList& args, const std::string& name);
  void killAll();
  void kill(QProcess* p);
  void setLogDir(const std::string& d) { logDir_ = d; }
  std::string log(const std::string& name) const;

 private:
  std::vector<std::unique_ptr<QProcess>> procs_;
  std::string logDir_ = "/tmp";
};

bool waitForPort(const std::string& addr, uint16_t port, int timeoutMs = 5000);
void writeAtomically(const std::string& path, const std::string& content);

struct HttpResult {
  int status = 0;  // 0: no response (connection failed / closed)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// A keep-alive HTTP/1.1 client to one address; reconnects when needed.
class HttpClient {
 public:
  HttpClient(std::string addr, uint16_t port);
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  HttpResult request(const std::string& method, const std::string& host, const std::string& target,
                     const std::map<std::string, std::string>& headers = {}, const std::string& body = {},
                     int timeoutMs = 10000);
  HttpResult get(const std::string& host, const std::string& target = "/",
                 const std::map<std::string, std::string>& headers = {}) {
    return request("GET", host, target, headers);
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Raw bytes in, whatever comes back until the peer closes or timeoutMs.
std::string rawExchange(const std::string& addr, uint16_t port, const std::string& bytes, int timeoutMs = 3000,
                        int sendDelayMs = 0);

// Sum of a Prometheus metric's samples whose label text contains every filter.
double metric(const std::string& prom, const std::string& name, const std::vector<std::string>& filters = {});
std::string adminGet(const std::string& addr, uint16_t port, const std::string& path);

// A throwaway CA and SPIFFE leaf certificates, made with the openssl CLI.
struct Pki {
  std::string dir;
  bool makeCa(const std::string& name);
  // Writes name.crt / name.key signed by caName with URI SAN spiffeUri.
  bool makeLeaf(const std::string& caName, const std::string& name, const std::string& spiffeUri);
  std::string path(const std::string& file) const { return dir + "/" + file; }
};

}  // namespace mpt
