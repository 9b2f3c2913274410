// Iceberg locations on the local filesystem: table locations and file paths are absolute
// paths or file:// URIs. The file operations themselves are storage/file_util.h.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "storage/file_util.h"

namespace firn::iceberg {

// "file:///a/b" and "file:/a/b" -> "/a/b"; anything else is returned unchanged.
std::string LocalPath(const std::string& location);

}  // namespace firn::iceberg
