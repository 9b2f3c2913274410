// Operator: the run-time form of a PlanNode. Operators pull chunks from their children
// (Volcano-style, a chunk at a time) and hold all execution state, so one immutable plan
// can run many times and concurrently in different sessions.
// Thread-safety: an operator tree belongs to one execution.
#pragma once

#include <memory>

#include "exec/exec_context.h"
#include "exec/plan.h"

namespace firn {

class Operator {
 public:
  virtual ~Operator() = default;
  // Fills `out` (replacing its contents) with the next rows; returns false once the
  // operator is exhausted (out may still hold final rows in that call).
  virtual bool Next(DataChunk& out) = 0;
};

std::unique_ptr<Operator> BuildOperator(const PlanNode& plan, ExecContext& ctx);

// Row keys for hashing (GROUP BY, DISTINCT, hash joins, set operations): NULLs are equal.
struct RowKey {
  std::vector<Value> values;
  bool operator==(const RowKey& other) const;
};
struct RowKeyHash {
  size_t operator()(const RowKey& key) const;
};

}  // namespace firn
