#include "common/file_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include "common/log.h"

namespace mp {

namespace {
std::string dirOf(const std::string& p) {
  auto s = p.rfind('/');
  return s == std::string::npos ? "." : (s == 0 ? "/" : p.substr(0, s));
}
}  // namespace

FileWatcher::FileWatcher(boost::asio::io_context& io, Callback cb) : fd_(io), cb_(std::move(cb)) {
  int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    log::error("inotify unavailable; config changes will not be seen");
    return;
  }
  fd_.assign(fd);
  read();
}

FileWatcher::~FileWatcher() {
  boost::system::error_code ec;
  fd_.close(ec);
}

bool FileWatcher::watch(const std::string& path) {
  if (!fd_.is_open() || path.empty()) return false;
  files_.insert(path);
  const std::string dir = dirOf(path);
  for (auto& [wd, d] : dirs_)
    if (d == dir) return true;
  int wd = ::inotify_add_watch(fd_.native_handle(), dir.c_str(), IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE);
  if (wd < 0) {
    log::warn("cannot watch " + dir);
    return false;
  }
  dirs_[wd] = dir;
  return true;
}

void FileWatcher::read() {
  fd_.async_read_some(boost::asio::buffer(buf_), [this](boost::system::error_code ec, size_t n) {
    if (ec) return;  // closed on shutdown
    std::set<std::string> changed;
    for (size_t off = 0; off + sizeof(inotify_event) <= n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf_.data() + off);
      auto d = dirs_.find(ev->wd);
      if (d != dirs_.end() && ev->len > 0) {
        std::string path = (d->second == "/" ? "" : d->second) + "/" + ev->name;
        if (files_.count(path)) changed.insert(path);
      }
      off += sizeof(inotify_event) + ev->len;
    }
    for (auto& p : changed) cb_(p);
    read();
  });
}

}  // namespace mp
