// FrameAggregate: evaluates one aggregate (count, sum, avg, min, max, ... as in
// exec/aggregate.h) over a window frame that slides through a partition. Frame bounds only
// move forward, so the common aggregates update incrementally instead of re-aggregating
// every frame:
//   count, sum/avg over integers, numerics and intervals, bool_and/bool_or: add/remove,
//     O(1) per row (exact arithmetic, so results equal a fresh aggregation);
//   min/max over any ordered type: a monotonic deque, O(1) amortized per row;
//   sum/avg over floats: sequential summation while the frame start stays put (identical to
//     PostgreSQL), a segment tree of partial sums (O(log n) per row) when it moves;
//   everything else (variance family, array_agg, string_agg, DISTINCT): the GROUP BY
//     accumulators, fed incrementally while the frame start stays put and restarted when it
//     moves — what PostgreSQL does for aggregates without an inverse transition.
// Thread-safety: a FrameAggregate belongs to one execution.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "exec/aggregate.h"

namespace firn {

// The rows an aggregate sees, in window order (partition after partition). Must outlive
// the FrameAggregate.
struct FrameAggregateInput {
  std::vector<Vector> args;             // evaluated arguments (empty for count(*))
  std::vector<Vector> order;            // evaluated ORDER BY keys inside the call (usually none)
  std::vector<uint8_t> active;          // 1 where the FILTER clause holds (all 1 without FILTER)
  const TimeZone* time_zone = nullptr;  // the session's (MakeGroupedAggregate)
};

class FrameAggregate {
 public:
  virtual ~FrameAggregate() = default;
  // Begins a partition covering rows [begin, end) of the input.
  virtual void StartPartition(size_t begin, size_t end) = 0;
  // The aggregate over rows [lo, hi). REQUIRES: begin <= lo <= hi <= end, and within a
  // partition neither lo nor hi decreases from one call to the next.
  virtual Value Evaluate(size_t lo, size_t hi) = 0;
};

// `start_moves` is false when every frame starts at the partition's first row (UNBOUNDED
// PRECEDING), so the aggregate only ever grows.
std::unique_ptr<FrameAggregate> MakeFrameAggregate(const AggregateSpec& spec,
                                                   const FrameAggregateInput& input,
                                                   bool start_moves);

}  // namespace firn
