// Encoding of one result cell for a DataRow, in text (format 0) or binary (format 1),
// appended to the output buffer: PostgreSQL's typoutput/typsend via types/value_io.h,
// with allocation-free fast paths for integers, booleans, floats and strings.
// Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "exec/vector.h"
#include "types/value_io.h"

namespace firn::pgwire {

// REQUIRES: !column.IsNull(row).
void AppendCell(const Vector& column, size_t row, int16_t format, const IoContext& io,
                std::string* out);
// The same for a value of column type `type` (its physical type). REQUIRES: not NULL.
void AppendCell(const Value& value, const Type& type, int16_t format, const IoContext& io,
                std::string* out);

}  // namespace firn::pgwire
