#pragma once
// A file's identity for change detection: inode, modification time and size.
// Atomic replacement (rename) changes the inode, in-place rewrites the time
// or the size; a missing file has its own stamp.
#include <string>

namespace mp {

std::string fileStamp(const std::string& path);

}  // namespace mp
