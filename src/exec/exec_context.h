// ExecContext: everything one execution of a statement needs at run time — parameter
// values, the clock and time zone, the function registry, the transaction's view of the
// tables, materialized CTEs, correlated outer rows, the cancel flag and the deadline.
// Thread-safety: belongs to the one thread executing the statement.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <vector>

#include "exec/function/function.h"
#include "exec/function/function_registry.h"
#include "exec/plan.h"
#include "storage/column_cache.h"
#include "storage/table_data.h"

namespace firn {

class TimeZone;
class CorrelatedIndex;

// The transaction's view of table data: a committed snapshot plus its own pending changes.
class TableAccess {
 public:
  virtual ~TableAccess() = default;
  virtual std::shared_ptr<const TableVersion> Snapshot(const TableInfo& table) = 0;
  // nullptr when the transaction has not written to the table.
  virtual const TableWrite* PendingWrite(const TableInfo& table) = 0;
  // firn_snapshots(table): one row per Iceberg snapshot of the table (snapshot_id,
  // parent_id, committed_at, operation, summary, tags).
  virtual std::vector<std::vector<Value>> History(const TableInfo& table) {
    (void)table;
    return {};
  }
  // firn_cache(): the column cache that reads of checkpointed rows go through.
  virtual ColumnCache::Stats CacheStats() { return {}; }
};

// What one table scan read: segments read and skipped by their statistics (scan_pruning.h).
struct ScanCounters {
  uint64_t segments_read = 0;
  uint64_t segments_skipped = 0;
};

struct ExecContext {
  const FunctionRegistry* functions = nullptr;
  EvalContext eval;
  std::vector<Value> params;
  TableAccess* tables = nullptr;
  const std::atomic<bool>* cancel = nullptr;

  // Common table expressions of the statement, materialized on first use.
  std::vector<PlanPtr> ctes;
  std::vector<std::shared_ptr<const std::vector<DataChunk>>> cte_results;

  // Correlated subqueries: the current row of each enclosing query, innermost last.
  std::vector<const std::vector<Value>*> outer_rows;
  // Results of uncorrelated subqueries, computed once per execution.
  std::map<const BoundExpr*, std::shared_ptr<const std::vector<DataChunk>>> subquery_cache;
  // Per filter over a table scan that runs once per outer row: its rows grouped by the column
  // it compares with the outer row (exec/correlated_index.h), built on its second run (null
  // until then).
  std::map<const PlanNode*, std::shared_ptr<const CorrelatedIndex>> correlated_indexes;

  // EXPLAIN ANALYZE: when set, each table scan adds what it read under its plan node.
  std::map<const PlanNode*, ScanCounters>* scan_counters = nullptr;

  // statement_timeout: when the statement must give up (never by default).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

  // Throws 57014 when the client asked to cancel or the statement ran past its deadline.
  void CheckCancel() const;
};

}  // namespace firn
