// Iceberg's binary single-value serialization (spec Appendix D) of Firn values, used for the
// lower/upper bounds of manifests and for partition summaries:
//   boolean 1 byte (0 / 1); int, date 4 bytes LE; long, timestamp(tz) 8 bytes LE (µs);
//   float 4 bytes LE; double 8 bytes LE; string UTF-8 bytes without length;
//   decimal(p, s): unscaled value at scale s, big-endian two's complement, minimal bytes.
// Columns stored as Iceberg strings (unconstrained numeric, interval, text types) serialize
// their text form; callers computing min/max for them must compare those strings bytewise.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/iceberg/schema.h"
#include "types/type.h"
#include "types/value.h"

namespace firn::iceberg {

// Serializes a non-NULL value of column type `type` (not an array). nullopt when the value
// has no bound representation: NULL, float NaN, numeric NaN/infinity or a decimal that does
// not fit the column's precision.
std::optional<std::string> SerializeBound(const Type& type, const Value& v);

// The same for a value stored as Iceberg type `t` (partition values: a day ordinal as int).
std::optional<std::string> SerializePrimitive(const PrimitiveType& t, const Value& v);

// The value of column type `type` a bound holds; nullopt when the bytes are malformed for
// the type (wrong length, bad decimal, unparsable text).
std::optional<Value> DeserializeBound(const Type& type, std::string_view bytes);

// Decimal helpers shared with the manifest code: minimal big-endian two's complement bytes
// of an unscaled value, and the numeric (with `typmod`) such bytes hold at `scale`.
std::string MinimalBigEndian(__int128 unscaled);
std::optional<Value> DecimalFromBigEndian(std::string_view bytes, int32_t scale, int32_t typmod);

}  // namespace firn::iceberg
