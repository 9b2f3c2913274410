// WindowProgram: the part of a feature view that Firn evaluates as sliding windows over an
// entity's own compact copy of its rows, instead of re-reading the source table.
//
// An aggregate qualifies when it is count, count(DISTINCT x), sum, avg, min or max of a
// source column (no ORDER BY inside the call) and its FILTER is a conjunction of
// now()-independent predicates (evaluated once, when a row is indexed, into a mask) and
// bounds `event_time <op> <expression of now()>` (evaluated once per instant). The view's
// WHERE must have the same shape for any aggregate to qualify, since it decides which rows
// exist. Everything else stays "generic": evaluated by the executor over the rows gathered
// from the table, as before. Both kinds compute the same values (docs/features.md).
// Thread-safety: immutable once compiled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exec/exec_context.h"
#include "features/feature_definition.h"

namespace firn {

// How a lane keeps a column's values.
enum class LaneStorage : uint8_t { kNone, kInt, kDouble, kText };

struct Lane {
  int column = -1;  // source column
  LaneStorage storage = LaneStorage::kNone;
};

// `event_time > expr` (lower, exclusive), `>=`, `<` (upper, exclusive) or `<=`.
struct WindowBound {
  int expr = -1;  // index into WindowProgram::bound_exprs
  bool lower = true;
  bool inclusive = false;
};

enum class SlidingKind : uint8_t {
  kCount,          // count(*) or count(x)
  kCountDistinct,  // count(DISTINCT x)
  kSumInt,         // sum/avg of an integer column, exact in 128 bits
  kAvgInt,
  kSumFloat,  // sum of float8 / avg of float4 or float8, summed exactly
  kAvgFloat,
  kMin,
  kMax,
};

struct SlidingAggregate {
  size_t aggregate = 0;  // index into FeatureDefinition::aggregates
  SlidingKind kind = SlidingKind::kCount;
  int lane = -1;                             // -1 for count(*)
  LaneStorage storage = LaneStorage::kNone;  // how the lane keeps the values this reads
  int mask = -1;                             // the FILTER's static part, -1 for none
  std::vector<WindowBound> bounds;
  Type result_type;
};

// A bound expression `now() ± interval` whose interval has no months: its value at t is
// t + offset (when the interval has days, only in a zone without DST, where a day is
// always 24 hours). Saves the evaluator at every lookup; anything else is evaluated.
struct BoundOffset {
  int64_t micros = 0;
  bool has_days = false;
};

struct WindowProgram {
  std::vector<Lane> lanes;
  std::vector<BoundExprPtr> masks;                        // boolean, over the source row
  std::vector<BoundExprPtr> bound_exprs;                  // timestamptz or timestamp, of now() only
  std::vector<std::optional<BoundOffset>> bound_offsets;  // per bound_exprs entry
  std::vector<WindowBound> where_bounds;  // the WHERE's window (all of the WHERE's now() part)
  SlidingAggregate where_rows;            // count(*) over that window: does the group exist?
  std::vector<SlidingAggregate> sliding;
  std::vector<size_t> generic;  // aggregates the executor evaluates
  // False when the WHERE's now()-dependent part is not a window: then every aggregate is
  // generic and the group's existence is decided over gathered rows.
  bool where_is_window = true;
  bool event_time_is_local = false;  // FeatureDefinition::event_time_is_local
};

WindowProgram CompileWindowProgram(const FeatureDefinition& def);

// The value of bound expression `i` at instant `t` (now() = t, ctx's session zone), on
// the event-time column's scale; nullopt when it is NULL. REQUIRES: ctx's clock is pinned
// to t.
std::optional<int64_t> EvaluateBound(const WindowProgram& program, size_t i, int64_t t,
                                     ExecContext& ctx);

// Instant `t` (timestamptz) on the event-time column's scale: itself, or for a timestamp
// column its wall-clock time in the session zone. Rows with event time up to that value
// are the ones "with event time <= t".
int64_t EventTimeOfInstant(const FeatureDefinition& def, int64_t t, const ExecContext& ctx);

// One entity's indexed rows, sorted by (event time, row id), with a lane value and valid
// flag per lane and a flag per mask. Rows are indexed in row-id order, so a new row goes
// after every row with the same event time.
struct EntityRows {
  struct LaneValues {
    std::vector<uint8_t> valid;  // 0 for NULL
    std::vector<int64_t> ints;
    std::vector<double> doubles;
    std::vector<std::string> texts;
  };
  std::vector<int64_t> time;
  std::vector<uint64_t> row_id;
  std::vector<LaneValues> lanes;
  std::vector<std::vector<uint8_t>> masks;
  // Rows with event time before `evicted_before` have left the index (FeatureView evicts
  // rows too old to change a lookup at the latest instants): `evicted` of them, one of
  // which is row `witness` (it shows that the entity has some row before the kept ones).
  int64_t evicted_before = INT64_MIN;
  uint64_t evicted = 0;
  uint64_t witness = 0;

  size_t size() const { return time.size(); }
  // Drops the rows with time before `cutoff` (when it is past evicted_before); returns
  // how many. Frees the arrays' spare room once it outgrows what is kept.
  size_t EvictBefore(int64_t cutoff);
  // Makes room for `rows` rows in every array (`lanes`: the program's), growing at least
  // geometrically so that many small catch-ups stay linear.
  void Reserve(size_t rows, const std::vector<Lane>& lanes);
  // The position a row with event time `t` and a larger row id than every indexed row goes.
  size_t InsertPosition(int64_t t) const;
  size_t ApproximateBytes() const;
};

}  // namespace firn
