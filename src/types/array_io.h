// Text I/O for one-dimensional arrays: '{1,2,NULL}', '{"a b","x\"y",""}', and for the
// catalog vectors int2vector / oidvector: '1 2'.
// Internal to the types library (used by value_io.cc). Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "types/value.h"

namespace firn {

struct IoContext;

// REQUIRES: v is a non-NULL array.
void AppendArrayText(const Value& v, const IoContext& ctx, std::string* out);
// Parses array_in's syntax; `type` is the array type (its typmod applies to elements).
// 22P02 "malformed array literal" on bad syntax.
Value ParseArrayText(std::string_view text, Type type, const IoContext& ctx);

}  // namespace firn
