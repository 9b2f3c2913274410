// Scan pruning: the conjuncts of a scan's filter that per-column statistics (storage/zone_map.h)
// can decide, and the test whether a batch of rows with given statistics can hold a row the
// filter keeps. TableScanOperator uses it to skip table segments; the same predicates can
// be tested against Parquet row groups or Iceberg data files once their bounds fill a ZoneMap.
//
// Only conjuncts whose meaning is certain are taken, and a segment is skipped only when one
// of them is false or NULL for every row it could hold, so skipping never changes a result:
//   col op c, c op col   op one of = < <= > >=, the operator one of PostgreSQL's comparisons
//                        within one type family (integers; float4/float8; numeric; text,
//                        varchar, name; bool; oid; date; timestamp; timestamptz — never across
//                        families, so date vs timestamptz is not pruned); col may be under
//                        a widening cast (int4 -> int8, float4 -> float8, varchar -> text)
//   col IN (c, ...)      the same, with =
//   col IS [NOT] NULL, a bare boolean column, NOT of one
// where c is a constant, parameter or outer row's column (under casts), evaluated when the
// scan starts (for each run of a correlated subquery); a constant that fails to evaluate
// leaves its conjunct out (the filter reports the error as before). Everything else in the
// filter is ignored for pruning and still applied to the rows that are read.
//
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include "exec/exec_context.h"
#include "exec/expression.h"
#include "storage/zone_map.h"

namespace firn {

// `column op constant` for one table column; an IN list is op kEq with several constants
// (a row matches when it equals any). IS [NOT] NULL has no constants.
struct PrunePredicate {
  int column = -1;  // table column index
  CompareOp op = CompareOp::kEq;
  std::vector<Value> constants;
};

// The conjuncts of `filter`, an expression over the rows `scan` (a kTableScan) produces,
// that a zone map can decide. May evaluate constants and parameters with `ctx`.
std::vector<PrunePredicate> ExtractPrunePredicates(const BoundExprPtr& filter, const PlanNode& scan,
                                                   ExecContext& ctx);

// False when some predicate is false or NULL for every row `zone_map` describes.
bool ZoneMapMayMatch(const std::vector<PrunePredicate>& predicates, const ZoneMap& zone_map);

}  // namespace firn
