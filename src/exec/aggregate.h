// Aggregate functions: resolution (which aggregates exist, for which argument types, with
// which result type — PostgreSQL's: sum(int8) is numeric, count is int8, avg(int4) numeric)
// and grouped accumulators that update many groups from one chunk at a time.
// Thread-safety: AggregateSpec is immutable; a GroupedAggregate belongs to one execution.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "types/vector.h"

namespace firn {

class TimeZone;

struct BoundExpr;
struct SortKey;

struct AggregateSpec {
  std::string name;   // count, sum, avg, min, max, bool_and, bool_or, every, stddev,
                      // stddev_samp, stddev_pop, variance, var_samp, var_pop,
                      // array_agg, string_agg
  bool star = false;  // count(*)
  bool distinct = false;
  std::vector<Type> arg_types;
  Type result_type;
  std::vector<std::shared_ptr<const BoundExpr>> args;
  std::shared_ptr<const BoundExpr> filter;  // FILTER (WHERE ...), nullptr = none
  // ORDER BY inside the call (array_agg(x ORDER BY y)): expressions and directions.
  std::vector<std::shared_ptr<const BoundExpr>> order_exprs;
  std::vector<bool> order_desc;
  std::vector<bool> order_nulls_first;
  // name "grouping": GROUPING(args), no accumulator. The group_exprs indexes of its
  // arguments; its int4 value has bit (n-1-i) set when the row's grouping set leaves out
  // argument i (PostgreSQL's leftmost-argument-is-most-significant order).
  std::vector<int> grouping_columns;
};

bool IsAggregateName(const std::string& name);

// Checks that `name` accepts `arg_types` and returns the result type; the argument types
// may be changed in place to the types the arguments must be cast to. Throws 42883.
Type ResolveAggregate(const std::string& name, std::vector<Type>& arg_types, bool star);

// The state of one aggregate for every group of a hash aggregation.
class GroupedAggregate {
 public:
  virtual ~GroupedAggregate() = default;
  // Makes room for `groups` groups (new groups start empty).
  virtual void Resize(size_t groups) = 0;
  // Adds rows [0, count) to their groups. `args` are the evaluated arguments (empty for
  // count(*)); `order` the evaluated ORDER BY keys; rows with active[i] == 0 are skipped.
  virtual void Update(const uint32_t* group_ids, const std::vector<const Vector*>& args,
                      const std::vector<const Vector*>& order, const uint8_t* active,
                      size_t count) = 0;
  // The final value of `group`.
  virtual Value Finalize(size_t group) = 0;
};

// `time_zone`: the session's, in which json_agg and the like write timestamptz values
// (UTC when null).
std::unique_ptr<GroupedAggregate> MakeGroupedAggregate(const AggregateSpec& spec,
                                                       const TimeZone* time_zone = nullptr);

// Evaluates every aggregate's arguments, ORDER BY keys and FILTER over `in` and adds its
// rows to groups `group_ids` (one per row of `in`). A null entry of `aggs` (GROUPING) is
// skipped.
struct ExecContext;
class DataChunk;
void UpdateAggregates(const std::vector<AggregateSpec>& specs,
                      const std::vector<std::unique_ptr<GroupedAggregate>>& aggs,
                      const DataChunk& in, const uint32_t* group_ids, ExecContext& ctx);

// The result of sum/avg over integers accumulated exactly in 128 bits: NULL for no rows,
// numeric for avg and sum(bigint), int8 for sum(int2/int4) (22003 if it overflows).
Value FinishIntegerSum(__int128 sum, int64_t count, bool avg, Type result);

}  // namespace firn
