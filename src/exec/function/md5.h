// MD5 digest as 32 lowercase hex characters, for the SQL md5() function.
// Internal to src/exec/function/. Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace firn::function_internal {

std::string Md5Hex(std::string_view data);

}  // namespace firn::function_internal
