#include "common/status.h"

namespace firn {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kCorruption:
      return "corruption: " + message_;
    case Code::kIoError:
      return "I/O error: " + message_;
    case Code::kNoSpace:
      return "no space: " + message_;
    case Code::kInvalidArgument:
      return "invalid argument: " + message_;
    case Code::kNotFound:
      return "not found: " + message_;
    case Code::kNotSupported:
      return "not supported: " + message_;
  }
  return message_;
}

}  // namespace firn
