#include "common/sql_error.h"

#include "common/status.h"

namespace firn {

const char* SqlStateOf(const Status& status) {
  switch (status.code()) {
    case Status::Code::kNoSpace:
      return sqlstate::kDiskFull;
    case Status::Code::kCorruption:
      return sqlstate::kDataCorrupted;
    case Status::Code::kNotFound:
      return sqlstate::kUndefinedFile;
    case Status::Code::kInvalidArgument:
      return sqlstate::kFeatureNotSupported;
    default:
      return sqlstate::kIoError;
  }
}

}  // namespace firn
