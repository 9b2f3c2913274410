// Iceberg partition transforms (spec "Partition Transforms", "Bucket Transform Details") of
// Firn column values, and the parser of the table option partition_by.
//
// partition_by := term ("," term)*       commas inside parentheses belong to the term
// term         := column                                  identity
//               | (year|years|month|months|day|days|hour|hours) "(" column ")"
//               | (bucket|truncate) "(" N "," column ")"    N > 0
//               | (bucket|truncate) "[" N "]" "(" column ")" Iceberg's spelling
//
// Values follow the spec: year/month/day/hour are ordinals since 1970-01-01 (floor
// division, so 1969-12-31 is day -1); day's result is a date, the others an int; bucket[N]
// is (murmur3_x86_32(value bytes, seed 0) & INT32_MAX) % N with ints and dates hashed as
// 8-byte longs; truncate[W] floors integers and unscaled decimals to a multiple of W and
// keeps the first W code points of strings. NULL maps to NULL. ±infinity dates and
// timestamps map to the result type's extremes (INT32_MAX / INT32_MIN).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/iceberg/schema.h"
#include "storage/iceberg/table_metadata.h"
#include "types/type.h"
#include "types/value.h"

namespace firn::iceberg {

enum class TransformKind : uint8_t { kIdentity, kYear, kMonth, kDay, kHour, kBucket, kTruncate };

struct PartitionTransform {
  TransformKind kind = TransformKind::kIdentity;
  int32_t param = 0;  // N of bucket[N], W of truncate[W]
  bool operator==(const PartitionTransform&) const = default;
};

// One term of partition_by: a transform of a source column (named as written).
struct PartitionTerm {
  std::string column;
  PartitionTransform transform;
  bool operator==(const PartitionTerm&) const = default;
};

// Parses partition_by. InvalidArgument (message says what is wrong) on bad syntax, an
// unknown transform or a non-positive N/W. Column names are not checked here.
Result<std::vector<PartitionTerm>> ParsePartitionBy(std::string_view text);

// The Iceberg transform string ("identity", "day", "bucket[16]", ...) and its parser.
std::string TransformToString(const PartitionTransform& t);
Result<PartitionTransform> ParseTransform(std::string_view iceberg_name);

// InvalidArgument when `t` cannot apply to a column of Firn type `source` (year(text),
// bucket on float/bool, hour(date), any transform of an array, ...).
Status CheckTransformSource(const PartitionTransform& t, const Type& source);

// The Iceberg type of the partition value. REQUIRES: CheckTransformSource(t, source) is OK.
PrimitiveType TransformResultType(const PartitionTransform& t, const Type& source);

// The partition value of `v` (a value of column type `source`; NULL gives a NULL Value).
// year/month/hour/bucket give an int4 Value, day a date Value, identity the value itself,
// truncate a value of the source type (text for columns Iceberg stores as strings).
// REQUIRES: CheckTransformSource(t, source) is OK.
Value ApplyTransform(const PartitionTransform& t, const Type& source, const Value& v);

// The partition field name Iceberg engines give the term: the column for identity,
// "<col>_year", "_month", "_day", "_hour", "_bucket", "_trunc" otherwise.
std::string PartitionFieldName(const PartitionTransform& t, const std::string& column);

// The value as Iceberg engines write it in data paths ("<name>=<this>"): year "2026", month
// "2026-01", day "2026-01-15", hour "2026-01-15-10", NULL "null", others their text, with
// bytes outside [A-Za-z0-9._-] percent-encoded.
std::string PartitionPathValue(const PartitionTransform& t, const Value& partition_value);

// The partition spec (spec id 0, field ids 1000..) of partition_by over `columns` (with
// field ids assigned). InvalidArgument for bad syntax, an unknown column, an unsupported
// source type or two fields with the same name.
Result<PartitionSpec> BuildPartitionSpec(std::string_view partition_by,
                                         const std::vector<Column>& columns);

// murmur3_x86_32 with seed 0, as a signed int (the spec's examples are signed).
int32_t Murmur3Hash32(std::string_view bytes);

}  // namespace firn::iceberg
