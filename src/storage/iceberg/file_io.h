// Local-filesystem I/O for Iceberg files: durable creation of new files, atomic replacement,
// directory sync, and mapping table locations ("/abs/dir" or "file:///abs/dir") to paths.
// Every error names the path; ENOSPC/EDQUOT are NoSpace.
// Thread-safety: pure functions over the filesystem.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace firn::iceberg {

// "file:///a/b" and "file:/a/b" -> "/a/b"; anything else is returned unchanged.
std::string LocalPath(const std::string& location);

// Creates `path` with `data`, fsyncs it. Fails (IoError) if the file already exists.
Status WriteNewFile(const std::string& path, std::string_view data);

// Writes `data` to a temporary sibling, fsyncs it and links it in as `path`; fails if `path`
// exists (so a concurrent writer's file is never replaced). Fsyncs the directory.
Status PublishNewFile(const std::string& path, std::string_view data);

// Writes `data` to a temporary sibling, fsyncs it, renames it over `path`, fsyncs the dir.
Status ReplaceFile(const std::string& path, std::string_view data);

Status SyncDir(const std::string& dir);
Status MakeDirs(const std::string& dir);  // mkdir -p
bool FileExists(const std::string& path);
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace firn::iceberg
