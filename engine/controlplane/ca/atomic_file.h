#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "controlplane/ca/result.h"

namespace ms::ca {

// Replaces `path` with `content` so that a reader (a proxy watching the folder) sees either the
// old file or the new one, never a half-written one: write a temporary file in the same folder
// (rename is atomic only within one file system), fsync it, rename it over `path`, fsync the
// folder so the rename survives a crash. The file gets `mode` before it becomes visible, so a
// key is never readable by others, not even briefly. The temporary is removed on any failure.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view content,
                           mode_t mode);

// The whole content of `path`, for the files written above.
Result<std::string> readFile(const std::filesystem::path& path);

}  // namespace ms::ca
