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

// The online lookup's shortcut: when `plan` is a projection of columns over a feature
// view's rows for one key (SELECT ... FROM view WHERE entity = $1), appends its rows to
// `rows` without building operators or chunks and returns true (rows equal those the
// operator tree returns); otherwise returns false and leaves `rows` alone.
bool TryFeatureLookup(const PlanNode& plan, ExecContext& ctx,
                      std::vector<std::vector<Value>>* rows);

// Row keys for hashing (GROUP BY, DISTINCT, hash joins, set operations): NULLs are equal.
struct RowKey {
  std::vector<Value> values;
  bool operator==(const RowKey& other) const;
};
struct RowKeyHash {
  size_t operator()(const RowKey& key) const;
};

}  // namespace firn
