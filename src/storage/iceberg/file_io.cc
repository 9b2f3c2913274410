#include "storage/iceberg/file_io.h"

namespace firn::iceberg {

std::string LocalPath(const std::string& location) {
  if (location.rfind("file://", 0) == 0) return location.substr(7);
  if (location.rfind("file:/", 0) == 0) return location.substr(5);
  return location;
}

}  // namespace firn::iceberg
