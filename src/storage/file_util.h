// POSIX file helpers for storage code: whole writes, durable creation and atomic
// replacement of files, fsync of directories, and errno mapped to Status (messages name the
// path; ENOSPC/EDQUOT become Status::NoSpace).
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace firn {

// Status for the current errno, message "<what>: <strerror>".
Status ErrnoStatus(const std::string& what);

// Writes all of `bytes` to `fd`, retrying short writes and EINTR; `what` names the file.
Status WriteFully(int fd, std::string_view bytes, const std::string& what);
// The same for `parts` in order, gathered by writev (no copy into one buffer).
Status WriteFully(int fd, const std::vector<std::string_view>& parts, const std::string& what);

// The whole file; NotFound when it does not exist.
Result<std::string> ReadWholeFile(const std::string& path);

// fsync on the directory, so created, renamed and removed names are durable.
Status SyncDir(const std::string& dir);
Status MakeDirs(const std::string& dir);  // mkdir -p
bool FileExists(const std::string& path);

// Creates `path` with `data` and fsyncs it; fails if the file already exists.
Status WriteNewFile(const std::string& path, std::string_view data);
// Writes `data` to a temporary sibling, fsyncs it and links it in as `path`; fails if `path`
// exists (a concurrent writer's file is never replaced). Fsyncs the directory.
Status PublishNewFile(const std::string& path, std::string_view data);
// Writes `data` to a temporary sibling, fsyncs it, renames it over `path`, fsyncs the
// directory: readers see the old file or the whole new one.
Status ReplaceFile(const std::string& path, std::string_view data);

}  // namespace firn
