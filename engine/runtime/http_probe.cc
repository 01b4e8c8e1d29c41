#include "runtime/http_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ms::runtime {

namespace {

using Clock = std::chrono::steady_clock;

class Socket {
 public:
  Socket() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

enum class Wait { Ready, Timeout, Failed };

Wait waitFor(int fd, short events, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return Wait::Timeout;
  pollfd p{fd, events, 0};
  const int n = ::poll(&p, 1, static_cast<int>(left.count()));
  if (n == 0) return Wait::Timeout;
  // POLLHUP/POLLERR with data still readable is handled by recv itself.
  return n == 1 && !(p.revents & POLLNVAL) ? Wait::Ready : Wait::Failed;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Status line and headers of a response head (without the blank line).
void parseHead(const std::string& head, ProbeResult& result) {
  if (head.rfind("HTTP/1.", 0) != 0 || head.size() < 12) return;
  result.status = std::atoi(head.c_str() + 9);
  size_t at = head.find("\r\n");
  while (at != std::string::npos && at + 2 < head.size()) {
    const size_t end = head.find("\r\n", at + 2);
    const std::string line = head.substr(at + 2, end == std::string::npos ? std::string::npos : end - at - 2);
    if (const auto colon = line.find(':'); colon != std::string::npos) {
      std::string& value = result.headers[lower(trim(line.substr(0, colon)))];
      value += (value.empty() ? "" : ",") + trim(line.substr(colon + 1));
    }
    at = end;
  }
}

// Whether `body` holds the whole body the head announced (or everything until close).
bool bodyComplete(const ProbeResult& r, const std::string& method, const std::string& body) {
  if (method == "HEAD" || r.status / 100 == 1 || r.status == 204 || r.status == 304) return true;
  if (const auto it = r.headers.find("content-length"); it != r.headers.end())
    return body.size() >= static_cast<size_t>(std::atoll(it->second.c_str()));
  if (const auto it = r.headers.find("transfer-encoding"); it != r.headers.end() && lower(it->second) == "chunked")
    return body.size() >= 5 && body.compare(body.size() - 5, 5, "0\r\n\r\n") == 0;
  return false;  // delimited by close
}

}  // namespace

std::string ProbeResult::header(const std::string& name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? "" : it->second;
}

ProbeResult httpRequest(const HttpRequest& request) {
  const auto started = Clock::now();
  const auto deadline = started + request.timeout;
  ProbeResult result;
  auto finish = [&](bool timedOut) {
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    result.timedOut = timedOut;
    return result;
  };
  Socket s;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(request.port));
  if (s.fd() < 0 || ::inet_pton(AF_INET, request.address.c_str(), &to.sin_addr) != 1) return finish(false);
  if (::connect(s.fd(), reinterpret_cast<sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS) return finish(false);
  if (const Wait w = waitFor(s.fd(), POLLOUT, deadline); w != Wait::Ready) return finish(w == Wait::Timeout);
  int error = 0;
  socklen_t len = sizeof error;
  if (::getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0) return finish(false);
  std::string wire = request.method + " " + request.path + " HTTP/1.1\r\nHost: " +
                     (request.host.empty() ? request.address : request.host) + "\r\nConnection: close\r\n";
  for (const auto& [name, value] : request.headers) wire += name + ": " + value + "\r\n";
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT")
    wire += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  wire += "\r\n" + request.body;
  size_t sent = 0;
  while (sent < wire.size()) {
    if (const Wait w = waitFor(s.fd(), POLLOUT, deadline); w != Wait::Ready) return finish(w == Wait::Timeout);
    const ssize_t n = ::send(s.fd(), wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return finish(false);
    sent += static_cast<size_t>(n);
  }
  std::string response;
  size_t headEnd = std::string::npos;
  char buffer[4096];
  while (response.size() < (1 << 20)) {
    if (const Wait w = waitFor(s.fd(), POLLIN, deadline); w != Wait::Ready) {
      if (w == Wait::Timeout && headEnd == std::string::npos) result.status = 0;
      return finish(w == Wait::Timeout && headEnd == std::string::npos);
    }
    const ssize_t n = ::recv(s.fd(), buffer, sizeof buffer, 0);
    if (n <= 0) break;  // closed (or reset): what arrived is the answer
    response.append(buffer, static_cast<size_t>(n));
    if (headEnd == std::string::npos && (headEnd = response.find("\r\n\r\n")) != std::string::npos)
      parseHead(response.substr(0, headEnd), result);
    if (headEnd != std::string::npos && bodyComplete(result, request.method, response.substr(headEnd + 4))) break;
  }
  if (headEnd == std::string::npos) {
    result.status = 0;
    result.headers.clear();
    return finish(false);
  }
  result.body = response.substr(headEnd + 4);
  return finish(false);
}

ProbeResult httpRequest(const std::string& address, int port, const std::string& method, const std::string& path,
                        const std::string& body, std::chrono::milliseconds timeout) {
  HttpRequest r;
  r.address = address;
  r.port = port;
  r.method = method;
  r.path = path;
  r.body = body;
  r.timeout = timeout;
  return httpRequest(r);
}

}  // namespace ms::runtime
