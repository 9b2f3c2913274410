// Firn type <-> Parquet schema mapping (one table shared with the Iceberg code):
//   bool -> BOOLEAN; int2/int4 -> INT32 INTEGER(16/32, signed); int8/oid -> INT64;
//   float4/float8 -> FLOAT/DOUBLE; date -> INT32 DATE;
//   timestamp/timestamptz -> INT64 TIMESTAMP(MICROS, isAdjustedToUTC = false/true);
//   numeric(p,s), 1 <= p <= 38, 0 <= s <= p -> FIXED_LEN_BYTE_ARRAY(DecimalBytes(p)) DECIMAL(p,s);
//   other numeric -> BYTE_ARRAY STRING holding Numeric::ToString();
//   text/varchar/bpchar/name/"char" -> BYTE_ARRAY STRING; interval -> BYTE_ARRAY STRING
//   holding its PostgreSQL text output; uuid -> FIXED_LEN_BYTE_ARRAY(16) UUID (its 16 bytes);
//   T[] -> <opt> group name (LIST) { repeated group list { optional T element; } }.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/parquet/column.h"
#include "storage/parquet/metadata.h"
#include "types/numeric.h"

namespace firn::parquet {

// How a leaf's Firn values become Parquet values.
enum class ValueKind : uint8_t {
  kBool,
  kInt32,
  kInt64,
  kFloat,
  kDouble,
  kBytes,         // strings, as they are
  kDecimal,       // Numeric -> unscaled big-endian FIXED_LEN_BYTE_ARRAY
  kNumericText,   // Numeric -> ToString()
  kIntervalText,  // Interval -> PostgreSQL text
  kUuid,          // Uuid -> its 16 bytes, FIXED_LEN_BYTE_ARRAY(16)
};

struct LeafLayout {
  Type type;  // the leaf's Firn type (element type for arrays, typmod kept)
  PhysType phys = PhysType::kInt32;
  int32_t type_length = 0;
  ValueKind kind = ValueKind::kInt32;
  int32_t precision = 0, scale = 0;  // kDecimal
  int16_t max_def = 0, max_rep = 0;
};

struct ColumnLayout {
  std::vector<SchemaElement> elements;  // depth first: 1 for scalars, 3 for arrays
  LeafLayout leaf;
};

// InvalidArgument for types that have no Parquet mapping (unknown, nested arrays).
Result<ColumnLayout> LayoutColumn(const ColumnDescriptor& column);

// Firn type for a Parquet leaf (best effort); TypeId::kUnknown when unsupported.
Type InferLeafType(const SchemaElement& leaf);

// Decimal helpers. DecimalBytes: the fewest bytes whose signed range holds 10^p - 1.
int DecimalBytes(int precision);
// The unscaled value of `n` rounded to `scale`; false for NaN, infinities or |v| >= 10^precision.
bool NumericToUnscaled(const Numeric& n, int precision, int scale, __int128* out);
Numeric UnscaledToNumeric(__int128 unscaled, int scale);
void AppendBigEndian(__int128 v, int nbytes, std::string* out);
// Sign-extends a big-endian two's complement integer; false if it does not fit 128 bits.
bool ReadBigEndian(const uint8_t* p, size_t n, __int128* out);

}  // namespace firn::parquet
