// PlanNode: a physical query plan as the binder builds it. Plans are immutable and shared
// by every execution of a prepared statement; executing one builds a fresh tree of
// Operators (exec/operator.h) that holds all run-time state.
// Thread-safety: immutable after construction.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/aggregate.h"
#include "exec/expression.h"

namespace firn {

struct TableInfo;
class FeatureSource;

enum class PlanKind {
  kTableScan,     // rows of a table (+ the transaction's own changes)
  kValues,        // literal rows (VALUES, SELECT without FROM)
  kFilter,        // children[0] where predicate
  kProject,       // exprs over children[0]
  kAggregate,     // group_exprs + aggregates over children[0]; output = groups ++ aggs
                  // (per grouping set when grouping_sets is not empty)
  kSort,          // sort_keys over children[0]
  kLimit,         // limit/offset exprs over children[0]
  kDistinct,      // distinct rows of children[0] (distinct_on: first row per key)
  kJoin,          // children[0] join children[1]
  kSetOp,         // children[0] op children[1]
  kCteScan,       // the materialized rows of cte_index
  kFunctionScan,  // a set-returning function: generate_series, unnest
  kWindow,        // window functions over children[0]; output = input ++ window results
  kProjectSet,    // set-returning functions in a select list: each input row becomes as
                  // many rows as its longest function result (input ++ function columns)
  kRecursiveCte,  // WITH RECURSIVE: children[0] (anchor) then children[1] repeatedly over
                  // the previous iteration's rows, exposed as cte_index, until none are new
  kFeatureScan,   // a feature view's rows as of feature_as_of (now() when null), for the
                  // entity keys in feature_keys (every entity when empty); output = view
                  // columns ++ as_of
  kFeatureJoin,   // children[0] joined with a feature view: per input row, the view's row for
                  // the key feature_keys and instant feature_as_of (both over the input);
                  // join_kind kInner or kLeft; output = input ++ view columns ++ as_of
  kLateralJoin,   // LATERAL: per row of children[0], children[1] runs with that row as its
                  // innermost outer row (kOuterColumn depth 1); join_kind kInner or kLeft,
                  // `predicate` (ON) over input ++ children[1]'s row; output = the two rows
};

struct SortKey {
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
};

enum class JoinKind { kInner, kLeft, kRight, kFull, kSemi, kAnti };
enum class SetOpType { kUnion, kIntersect, kExcept };

struct WindowFunction {
  std::string name;         // row_number, rank, dense_rank, lag, lead, first_value, last_value, or
                            // an aggregate name
  AggregateSpec aggregate;  // when name is an aggregate
  std::vector<BoundExprPtr> args;  // over the window node's input
  std::vector<BoundExprPtr> partition_by;
  std::vector<SortKey> order_by;
  // Frame: mode 0 ROWS, 1 RANGE, 2 GROUPS. Bounds as in ast::FrameBoundKind order.
  int frame_mode = 1;
  int start_kind = 0;
  int end_kind = 2;
  BoundExprPtr start_offset;
  BoundExprPtr end_offset;
  bool has_order = false;
  Type type;
};

struct PlanNode {
  PlanKind kind;
  std::vector<Type> types;  // output column types
  std::vector<std::shared_ptr<const PlanNode>> children;

  // kTableScan
  std::shared_ptr<const TableInfo> table;
  std::vector<int> scan_columns;  // table column indexes to produce, in order
  bool emit_row_id = false;       // append an int8 row-id column (DELETE)
  // Per output column: read by the plan above (sql/optimizer/used_columns.h). Columns
  // not read are NULL placeholders; empty = every column is read.
  std::vector<bool> used_columns;

  // kValues: one vector of expressions per row (evaluated against an empty input).
  std::vector<std::vector<BoundExprPtr>> rows;

  // kFilter
  BoundExprPtr predicate;

  // kProject / kFunctionScan args
  std::vector<BoundExprPtr> exprs;

  // kAggregate
  std::vector<BoundExprPtr> group_exprs;
  std::vector<AggregateSpec> aggregates;
  // GROUPING SETS / ROLLUP / CUBE: each set lists the group_exprs indexes it groups by
  // (ascending; a set may repeat). The output is the rows of every set in turn, with the
  // group columns a set leaves out NULL. Empty: one set of every group_exprs (plain GROUP BY).
  std::vector<std::vector<int>> grouping_sets;

  // kSort
  std::vector<SortKey> sort_keys;

  // kLimit
  BoundExprPtr limit;
  BoundExprPtr offset;

  // kDistinct: DISTINCT ON key expressions (empty = all columns)
  std::vector<BoundExprPtr> distinct_on;

  // kJoin
  JoinKind join_kind = JoinKind::kInner;
  // Equi-join keys (left over children[0], right over children[1]); the hash join uses
  // them when present. `predicate` is the residual condition over the concatenated row.
  std::vector<BoundExprPtr> left_keys;
  std::vector<BoundExprPtr> right_keys;

  // kSetOp
  SetOpType set_op = SetOpType::kUnion;
  bool set_all = false;

  // kCteScan
  int cte_index = -1;

  // kFunctionScan: "generate_series" or a system function (firn_snapshots, ...)
  std::string function_name;
  // kProjectSet: one entry per function; its arguments are in set_function_args.
  std::vector<std::string> set_functions;
  std::vector<std::vector<BoundExprPtr>> set_function_args;
  bool with_ordinality = false;

  // kWindow
  std::vector<WindowFunction> window_functions;

  // kFeatureScan / kFeatureJoin
  std::shared_ptr<FeatureSource> feature;
  // kFeatureScan: alternatives, each one value per entity column (constants or params; an
  // array-valued expression stands for many keys when feature_key_is_array). kFeatureJoin:
  // one expression per entity column over the input row.
  std::vector<std::vector<BoundExprPtr>> feature_keys;
  bool feature_key_is_array = false;
  BoundExprPtr feature_as_of;

  explicit PlanNode(PlanKind k) : kind(k) {}
};
using PlanPtr = std::shared_ptr<const PlanNode>;

}  // namespace firn
