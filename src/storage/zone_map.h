// Zone maps: per-column min/max statistics of a batch of rows (an in-memory table segment
// today; a Parquet row group or an Iceberg data file, whose bounds come from footers and
// manifests, can fill the same ColumnStats), and the test whether rows within such bounds
// can satisfy `column op constant`. Scans use it to skip whole segments (exec/scan_pruning.h).
//
// Orders: a column has statistics only when one total order over its physical values is
// the order every comparison operator between its type and the constant's type uses
// (exec/function/comparison_operators.cc): integers, bool, oid, date, timestamp and
// timestamptz compare as int64 (+/-infinity are the extremes); float4/float8 as doubles with
// -0 = 0; numeric by Numeric::Compare; text, varchar and name bytewise (collation "C");
// uuid as unsigned bytes.
// Floats and numerics keep NaN out of min/max and flag it in has_nan: PostgreSQL sorts NaN
// above every number and NaN = NaN. bpchar (compared without trailing blanks), "char",
// interval and arrays have no statistics.
//
// Thread-safety: plain values; ZoneMap is immutable once built and shared by versions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "types/value.h"
#include "types/vector.h"

namespace firn {

// The physical order statistics of a type are kept in; kNone = no statistics.
enum class StatsOrder : uint8_t { kNone, kInt, kFloat, kNumeric, kString, kUuid };
StatsOrder StatsOrderOf(TypeId id);

// What is known about one column of a batch of rows. Every flag must be conservative: a
// source that does not know sets has_null/has_nan to true, or leaves valid false.
struct ColumnStats {
  bool valid = false;      // false: nothing is known, every predicate may match
  bool has_null = false;   // some row may be NULL
  bool has_nan = false;    // some row may be NaN (floats, numeric)
  bool has_value = false;  // some row may be a non-NULL, non-NaN value; min/max bound them
  Value min;               // inclusive lower bound of the non-NULL, non-NaN values
  Value max;               // inclusive upper bound (need not be reached: truncated strings)

  bool all_null() const { return valid && !has_value && !has_nan; }
};

// Strings longer than this keep a prefix as min and an incremented prefix as max, so a
// segment of long texts costs a few hundred bytes of statistics at most.
inline constexpr size_t kMaxStatsStringBytes = 64;

// Statistics of rows [from, to) of `v`; invalid for types without a StatsOrder.
ColumnStats ComputeColumnStats(const Vector& v, size_t from, size_t to);
// Statistics covering the rows of both (used when rows are appended to a batch).
ColumnStats MergeColumnStats(const ColumnStats& a, const ColumnStats& b);

// The comparisons a zone map can decide. kEq..kGe compare with a constant; kIsNull and
// kIsNotNull ignore it.
enum class CompareOp : uint8_t { kEq, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull };
// `a op b` == `b Flip(op) a`.
CompareOp FlipCompareOp(CompareOp op);

// False only when no row described by `stats` can satisfy `row_value op constant`, with
// PostgreSQL's semantics: a comparison with NULL is never true; NaN is above every number
// and equal to itself. REQUIRES: `constant` is NULL or of a type whose StatsOrder is the
// column's (any mismatch answers true).
bool RangeMayMatch(const ColumnStats& stats, CompareOp op, const Value& constant);

// Statistics of every column of a batch of rows.
struct ZoneMap {
  std::vector<ColumnStats> columns;
};

// The zone map of `rows`. With `base` (the zone map of rows [0, base_rows) of `rows`, from
// before rows were appended) only rows [base_rows, size) are read.
ZoneMap ComputeZoneMap(const DataChunk& rows, const ZoneMap* base = nullptr, size_t base_rows = 0);

// `zone_map` for rows that now have `columns` columns, of which the first `kept` are the
// described ones and the rest are NULL in every row (a column added by ALTER TABLE).
std::shared_ptr<const ZoneMap> FitZoneMap(const std::shared_ptr<const ZoneMap>& zone_map,
                                          size_t columns, size_t kept);

}  // namespace firn
