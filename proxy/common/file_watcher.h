#pragma once
// inotify on the folders holding watched files. Atomic replacement (write a
// temp file, rename over) shows up as IN_MOVED_TO; editors that rewrite in
// place show up as IN_CLOSE_WRITE. Both report the file's name.
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <array>
#include <functional>
#include <map>
#include <set>
#include <string>

namespace mp {

class FileWatcher {
 public:
  using Callback = std::function<void(const std::string& path)>;
  FileWatcher(boost::asio::io_context& io, Callback cb);
  ~FileWatcher();
  // Watches path's folder; the callback fires for path only.
  bool watch(const std::string& path);

 private:
  void read();
  boost::asio::posix::stream_descriptor fd_;
  Callback cb_;
  std::map<int, std::string> dirs_;  // watch descriptor -> folder
  std::set<std::string> files_;
  alignas(8) std::array<char, 8192> buf_{};
};

}  // namespace mp
