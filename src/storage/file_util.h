// Small POSIX file helpers for storage code: whole writes, fsync of files and directories,
// and errno mapped to Status (ENOSPC/EDQUOT become Status::NoSpace).
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace firn {

// Status for the current errno, message "<what>: <strerror>".
Status ErrnoStatus(const std::string& what);

// Writes all of `bytes` to `fd`, retrying short writes and EINTR; `what` names the file.
Status WriteFully(int fd, std::string_view bytes, const std::string& what);

Result<std::string> ReadWholeFile(const std::string& path);

// fsync on the directory, so created, renamed and removed names are durable.
Status SyncDirectory(const std::string& dir);

// Writes `bytes` to path + ".tmp", fsyncs it, renames it over `path` and fsyncs the
// directory: readers see the old file or the whole new one.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace firn
