// ErrorText: what a call throws, as "SQLSTATE:message", for tests that pin error codes.
#pragma once

#include <functional>
#include <string>

#include "common/sql_error.h"

namespace firn {

// "sqlstate:message" of the SqlError `f` throws, or "no error".
inline std::string ErrorText(const std::function<void()>& f) {
  try {
    f();
  } catch (const SqlError& e) {
    return e.sqlstate() + ":" + e.what();
  }
  return "no error";
}

}  // namespace firn
