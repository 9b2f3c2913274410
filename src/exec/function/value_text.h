// Text output of one vector row through its type's output function (types/value_io.h),
// for concat(), concat_ws(), anynonarray || text and array_to_string().
// Internal to src/exec/function/. Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <string>

#include "exec/function/function.h"

namespace firn::function_internal {

// Appends the text form of row `row` of `v` to *out. REQUIRES: the row is not NULL.
void AppendValueText(const Vector& v, size_t row, const EvalContext& ctx, std::string* out);
// Appends the text form of a non-NULL value to *out.
void AppendValueText(const Value& v, const EvalContext& ctx, std::string* out);

}  // namespace firn::function_internal
