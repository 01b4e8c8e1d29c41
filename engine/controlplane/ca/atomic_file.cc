#include "controlplane/ca/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

namespace ms::ca {
namespace {

Error systemError(const std::string& what, const std::filesystem::path& path) {
  return Error{what + " " + path.string() + ": " + std::strerror(errno)};
}

bool writeAll(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    content.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

// Makes the rename durable; a failure here is not worth failing the write for (some file
// systems cannot fsync a folder), the new file is already in place.
void syncFolder(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Status writeFileAtomically(const std::filesystem::path& path, std::string_view content,
                           mode_t mode) {
  const std::filesystem::path folder =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  // A leading dot and a .tmp suffix keep watchers that match *.crt / *.key from picking it up.
  std::string temp = (folder / ("." + path.filename().string() + ".tmp.XXXXXX")).string();
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return systemError("cannot create a temporary file next to", path);

  Status status;
  if (::fchmod(fd, mode) != 0) {
    status = systemError("cannot set the mode of", temp);
  } else if (!writeAll(fd, content)) {
    status = systemError("cannot write", temp);
  } else if (::fsync(fd) != 0) {
    status = systemError("cannot flush", temp);
  }
  if (::close(fd) != 0 && status.ok()) status = systemError("cannot close", temp);
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status = systemError("cannot rename a temporary file onto", path);
  }
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  syncFolder(folder);
  return {};
}

Result<std::string> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return systemError("cannot open", path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return systemError("cannot read", path);
  return content;
}

}  // namespace ms::ca
