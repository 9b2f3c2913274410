// Scans, filters, projections, VALUES, LIMIT and CTE scans.
#include <algorithm>
#include <numeric>
#include <type_traits>

#include "catalog/catalog.h"
#include "common/sql_error.h"
#include "exec/correlated_index.h"
#include "exec/evaluator.h"
#include "exec/operator.h"
#include "exec/operators_internal.h"
#include "exec/scan_pruning.h"
#include "exec/segment_read.h"

namespace firn {

bool RowKey::operator==(const RowKey& other) const {
  for (size_t i = 0; i < values.size(); i++) {
    const Value& a = values[i];
    const Value& b = other.values[i];
    if (a.is_null() || b.is_null()) {
      if (a.is_null() != b.is_null()) return false;
      continue;
    }
    if (CompareValues(a, b) != 0) return false;
  }
  return true;
}

size_t RowKeyHash::operator()(const RowKey& key) const {
  uint64_t h = 0x9E3779B97F4A7C15ULL;
  for (const Value& v : key.values) h = (h ^ HashValue(v)) * 0x100000001B3ULL;
  return static_cast<size_t>(h);
}

namespace {

// Reads a table's committed segments, then the transaction's pending inserts. With the
// predicate of the filter right above it, skips segments whose zone maps show that no row
// can pass it (scan_pruning.h); pending inserts are always read.
class TableScanOperator : public Operator {
 public:
  TableScanOperator(const PlanNode& plan, ExecContext& ctx, const BoundExprPtr& filter = nullptr)
      : plan_(plan), ctx_(ctx) {
    if (plan.table->system_rows) {  // a system relation: rows computed from the catalog
      if (plan.emit_row_id) {
        throw SqlError(sqlstate::kInsufficientPrivilege,
                       "permission denied: \"" + plan.table->name + "\" is a system catalog");
      }
      if (ctx.eval.catalog == nullptr) throw SqlError(sqlstate::kInternalError, "no catalog");
      system_chunks_ = plan.table->system_rows(*ctx.eval.catalog);
      return;
    }
    if (ctx.scan_counters) counters_ = &(*ctx.scan_counters)[&plan];
    version_ = ctx.tables->Snapshot(*plan.table);
    if (filter && !version_->segments.empty()) {
      prune_ = ExtractPrunePredicates(filter, plan, ctx);
    }
    needed_.assign(plan.table->columns.size(), false);
    for (size_t i = 0; i < plan.scan_columns.size(); i++) {
      if (Used(i)) needed_[static_cast<size_t>(plan.scan_columns[i])] = true;
    }
    pending_ = ctx.tables->PendingWrite(*plan.table);
    if (pending_ && !pending_->deletes.empty()) {
      deleted_.insert(pending_->deletes.begin(), pending_->deletes.end());
    }
  }

  bool Next(DataChunk& out) override {
    ctx_.CheckCancel();
    out = DataChunk(plan_.types);
    if (plan_.table->system_rows) {
      if (segment_ >= system_chunks_.size()) return false;
      const DataChunk& rows = system_chunks_[segment_++];
      for (size_t c = 0; c < plan_.scan_columns.size(); c++) {
        out.column(c) = rows.column(static_cast<size_t>(plan_.scan_columns[c]));
      }
      out.set_row_count(rows.size());
      return segment_ < system_chunks_.size();
    }
    while (segment_ < version_->segments.size()) {
      const TableSegment& seg = version_->segments[segment_++];
      if (!prune_.empty() && seg.zone_map && !ZoneMapMayMatch(prune_, *seg.zone_map)) {
        if (counters_) counters_->segments_skipped++;
        continue;
      }
      if (counters_) counters_->segments_read++;
      const std::vector<uint8_t>* mask = seg.deleted.get();
      const size_t n = seg.size();
      sel_.clear();
      if (!mask && deleted_.empty()) {
        sel_.resize(n);
        std::iota(sel_.begin(), sel_.end(), 0);
      } else {
        for (size_t r = 0; r < n; r++) {
          if (mask && (*mask)[r]) continue;
          if (!deleted_.empty() && deleted_.count(seg.first_row_id + r)) continue;
          sel_.push_back(static_cast<uint32_t>(r));
        }
      }
      if (sel_.empty()) continue;
      Emit(ReadSegment(seg, needed_, plan_.table->name), sel_, seg.first_row_id, out);
      return true;
    }
    while (pending_ && pending_chunk_ < pending_->inserts.chunks().size()) {
      const DataChunk& rows = *pending_->inserts.chunks()[pending_chunk_];
      size_t start = pending_->inserts.chunk_start(pending_chunk_++);
      const std::vector<uint8_t>& dropped = pending_->insert_deleted;
      std::vector<uint32_t> sel;
      for (size_t r = 0; r < rows.size(); r++) {
        if (start + r < dropped.size() && dropped[start + r]) continue;
        sel.push_back(static_cast<uint32_t>(r));
      }
      if (sel.empty()) continue;
      Emit(rows, sel, kPendingRowIdBase + start, out);
      return true;
    }
    return false;
  }

 private:
  template <typename Rows>  // DataChunk or SegmentColumns
  void Emit(const Rows& rows, const std::vector<uint32_t>& sel, uint64_t first_row_id,
            DataChunk& out) {
    bool all = sel.size() == rows.size();
    for (size_t c = 0; c < plan_.scan_columns.size(); c++) {
      if (!Used(c)) {  // nothing above reads it: a shared NULL placeholder, nothing copied
        out.column(c) = Vector::Sharing(NullColumn(c, sel.size()));
        continue;
      }
      size_t column = static_cast<size_t>(plan_.scan_columns[c]);
      if (!all) {
        out.column(c) = rows.column(column).Select(sel);
      } else if constexpr (std::is_same_v<Rows, SegmentColumns>) {
        out.column(c) = Vector::Sharing(rows.shared_column(column));  // no copy
      } else {
        out.column(c) = rows.column(column);
      }
    }
    if (plan_.emit_row_id) {
      Vector& ids = out.column(plan_.scan_columns.size());
      ids.Resize(sel.size());
      for (size_t i = 0; i < sel.size(); i++) {
        ids.SetNull(i, false);
        ids.ints()[i] = static_cast<int64_t>(first_row_id + sel[i]);
      }
    }
    out.set_row_count(sel.size());
  }

  bool Used(size_t c) const {
    return plan_.used_columns.empty() || (c < plan_.used_columns.size() && plan_.used_columns[c]);
  }

  // `rows` NULLs of output column c's type, made once per size rather than per chunk.
  const std::shared_ptr<const Vector>& NullColumn(size_t c, size_t rows) {
    if (null_columns_.size() <= c) null_columns_.resize(c + 1);
    std::shared_ptr<const Vector>& v = null_columns_[c];
    if (!v || v->size() != rows) {
      auto nulls = std::make_shared<Vector>(plan_.types[c]);
      nulls->Resize(rows);
      v = std::move(nulls);
    }
    return v;
  }

  const PlanNode& plan_;
  ExecContext& ctx_;
  std::shared_ptr<const TableVersion> version_;
  const TableWrite* pending_ = nullptr;
  std::unordered_set<uint64_t> deleted_;
  std::vector<bool> needed_;              // per table column: scanned
  std::vector<PrunePredicate> prune_;     // conjuncts of the filter above that zone maps decide
  ScanCounters* counters_ = nullptr;      // EXPLAIN ANALYZE
  std::vector<DataChunk> system_chunks_;  // a system relation's rows
  size_t segment_ = 0;
  size_t pending_chunk_ = 0;   // the next chunk of pending inserts to read
  std::vector<uint32_t> sel_;  // the rows of a segment to emit
  std::vector<std::shared_ptr<const Vector>> null_columns_;  // see NullColumn
};

class ValuesOperator : public Operator {
 public:
  ValuesOperator(const PlanNode& plan, ExecContext& ctx) : plan_(plan), ctx_(ctx) {}
  bool Next(DataChunk& out) override {
    out = DataChunk(plan_.types);
    DataChunk one;
    one.set_row_count(1);
    size_t end = std::min(plan_.rows.size(), row_ + kChunkSize);
    for (; row_ < end; row_++) {
      std::vector<Value> values;
      for (size_t c = 0; c < plan_.rows[row_].size(); c++) {
        Value v = Evaluate(*plan_.rows[row_][c], one, ctx_).GetValue(0);
        values.push_back(v.is_null() ? Value::Null(plan_.types[c]) : v.WithType(plan_.types[c]));
      }
      out.AppendRow(values);
    }
    return row_ < plan_.rows.size();
  }

 private:
  const PlanNode& plan_;
  ExecContext& ctx_;
  size_t row_ = 0;
};

// For a filter over a table scan that runs once per outer row (a correlated subquery or a
// LATERAL side) and compares a column with the outer row: the rows with that value, from the
// execution's index of the table by that column (built on the second run; the first scans
// as usual, as the filter may run only once). nullptr when the filter is not of that form,
// or the transaction has changed the table (its pending rows are not indexed).
std::unique_ptr<Operator> CorrelatedRows(const PlanNode& filter, ExecContext& ctx) {
  const PlanNode& scan = *filter.children[0];
  if (ctx.outer_rows.empty() || scan.table->system_rows || scan.emit_row_id) return nullptr;
  const TableWrite* pending = ctx.tables->PendingWrite(*scan.table);
  if (pending && !pending->empty()) return nullptr;
  std::optional<CorrelatedKey> key = FindEqualityKey(filter.predicate, scan);
  if (!key) return nullptr;
  Value value;
  try {
    value = EvaluateConstant(*key->key, ctx);
  } catch (const SqlError&) {
    return nullptr;  // the filter raises it, if some row makes it evaluate the key
  }
  auto [slot, first_run] = ctx.correlated_indexes.try_emplace(&filter);
  if (first_run) return nullptr;  // it may run only once: scan (and prune) as usual
  std::shared_ptr<const TableVersion> version = ctx.tables->Snapshot(*scan.table);
  std::shared_ptr<const CorrelatedIndex>& index = slot->second;
  if (!index || index->version != version) {
    TableScanOperator rows(scan, ctx);
    auto built = std::make_shared<CorrelatedIndex>(rows, scan.types, key->column);
    built->version = std::move(version);
    index = std::move(built);
  }
  return MakeChunkListOperator(std::make_shared<const std::vector<DataChunk>>(index->Find(value)),
                               scan.types);
}

class FilterOperator : public Operator {
 public:
  // A scan right below gets the predicate too, to skip segments no row of which passes it.
  FilterOperator(const PlanNode& plan, ExecContext& ctx) : plan_(plan), ctx_(ctx) {
    if (plan.children[0]->kind != PlanKind::kTableScan) {
      child_ = BuildOperator(*plan.children[0], ctx);
    } else if (!(child_ = CorrelatedRows(plan, ctx))) {
      child_ = std::make_unique<TableScanOperator>(*plan.children[0], ctx, plan.predicate);
    }
  }
  bool Next(DataChunk& out) override {
    while (true) {
      DataChunk in;
      bool more = child_->Next(in);
      if (in.size() > 0) {
        std::vector<uint32_t> sel = EvaluateFilter(*plan_.predicate, in, ctx_);
        if (!sel.empty()) {
          out = sel.size() == in.size() ? std::move(in) : in.Select(sel);
          return more;
        }
      }
      if (!more) {
        out = DataChunk(plan_.types);
        return false;
      }
    }
  }

 private:
  const PlanNode& plan_;
  ExecContext& ctx_;
  std::unique_ptr<Operator> child_;
};

class ProjectOperator : public Operator {
 public:
  ProjectOperator(const PlanNode& plan, ExecContext& ctx)
      : plan_(plan),
        ctx_(ctx),
        child_(BuildOperator(*plan.children[0], ctx)),
        moves_columns_(DistinctColumns(plan.exprs)) {}
  bool Next(DataChunk& out) override {
    DataChunk in;
    bool more = child_->Next(in);
    out = DataChunk();
    for (const BoundExprPtr& e : plan_.exprs) {
      out.AddColumn(moves_columns_ ? std::move(in.column(static_cast<size_t>(e->column)))
                                   : Evaluate(*e, in, ctx_));
    }
    out.set_row_count(in.size());
    return more;
  }

 private:
  // Whether every expression is a different input column (SELECT * and its like): those
  // columns can move to the output instead of being copied.
  static bool DistinctColumns(const std::vector<BoundExprPtr>& exprs) {
    std::vector<int> seen;
    for (const BoundExprPtr& e : exprs) {
      if (e->kind != BoundExprKind::kColumn || e->column < 0) return false;
      if (std::find(seen.begin(), seen.end(), e->column) != seen.end()) return false;
      seen.push_back(e->column);
    }
    return true;
  }

  const PlanNode& plan_;
  ExecContext& ctx_;
  std::unique_ptr<Operator> child_;
  const bool moves_columns_;
};

int64_t LimitValue(const BoundExprPtr& expr, ExecContext& ctx, bool is_limit) {
  if (!expr) return -1;
  Value v = EvaluateConstant(*expr, ctx);
  if (v.is_null()) return -1;
  int64_t n = v.GetInt64();
  if (n < 0) {
    throw SqlError(
        is_limit ? sqlstate::kInvalidRowCountInLimit : sqlstate::kInvalidRowCountInOffset,
        is_limit ? "LIMIT must not be negative" : "OFFSET must not be negative");
  }
  return n;
}

class LimitOperator : public Operator {
 public:
  LimitOperator(const PlanNode& plan, ExecContext& ctx)
      : plan_(plan), child_(BuildOperator(*plan.children[0], ctx)) {
    limit_ = LimitValue(plan.limit, ctx, true);
    offset_ = std::max<int64_t>(0, LimitValue(plan.offset, ctx, false));
  }
  bool Next(DataChunk& out) override {
    while (limit_ != 0) {
      DataChunk in;
      bool more = child_->Next(in);
      std::vector<uint32_t> sel;
      for (size_t i = 0; i < in.size() && limit_ != 0; i++) {
        if (offset_ > 0) {
          offset_--;
          continue;
        }
        sel.push_back(static_cast<uint32_t>(i));
        if (limit_ > 0) limit_--;
      }
      if (!sel.empty()) {
        out = in.Select(sel);
        return more && limit_ != 0;
      }
      if (!more) break;
    }
    out = DataChunk(plan_.types);
    return false;
  }

 private:
  const PlanNode& plan_;
  std::unique_ptr<Operator> child_;
  int64_t limit_;
  int64_t offset_;
};

class ChunkListOperator : public Operator {
 public:
  ChunkListOperator(std::shared_ptr<const std::vector<DataChunk>> chunks, std::vector<Type> types)
      : chunks_(std::move(chunks)), types_(std::move(types)) {}
  bool Next(DataChunk& out) override {
    if (index_ >= chunks_->size()) {
      out = DataChunk(types_);
      return false;
    }
    out = (*chunks_)[index_++];
    return index_ < chunks_->size();
  }

 private:
  std::shared_ptr<const std::vector<DataChunk>> chunks_;
  std::vector<Type> types_;
  size_t index_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeChunkListOperator(
    std::shared_ptr<const std::vector<DataChunk>> chunks, std::vector<Type> types) {
  return std::make_unique<ChunkListOperator>(std::move(chunks), std::move(types));
}

std::unique_ptr<Operator> BuildOperator(const PlanNode& plan, ExecContext& ctx) {
  switch (plan.kind) {
    case PlanKind::kTableScan:
      return std::make_unique<TableScanOperator>(plan, ctx);
    case PlanKind::kValues:
      return std::make_unique<ValuesOperator>(plan, ctx);
    case PlanKind::kFilter:
      return std::make_unique<FilterOperator>(plan, ctx);
    case PlanKind::kProject:
      return std::make_unique<ProjectOperator>(plan, ctx);
    case PlanKind::kLimit:
      return std::make_unique<LimitOperator>(plan, ctx);
    case PlanKind::kCteScan: {
      auto& slot = ctx.cte_results[static_cast<size_t>(plan.cte_index)];
      if (!slot && !ctx.ctes[static_cast<size_t>(plan.cte_index)]) {
        throw SqlError(sqlstate::kInternalError, "recursive working table read outside its loop");
      }
      if (!slot) {
        slot = std::make_shared<const std::vector<DataChunk>>(
            ExecutePlan(*ctx.ctes[static_cast<size_t>(plan.cte_index)], ctx));
      }
      return MakeChunkListOperator(slot, plan.types);
    }
    case PlanKind::kAggregate:
      return MakeAggregateOperator(plan, ctx);
    case PlanKind::kSort:
      return MakeSortOperator(plan, ctx);
    case PlanKind::kDistinct:
      return MakeDistinctOperator(plan, ctx);
    case PlanKind::kJoin:
      return MakeJoinOperator(plan, ctx);
    case PlanKind::kSetOp:
      return MakeSetOpOperator(plan, ctx);
    case PlanKind::kFunctionScan:
      return MakeFunctionScanOperator(plan, ctx);
    case PlanKind::kWindow:
      return MakeWindowOperator(plan, ctx);
    case PlanKind::kRecursiveCte:
      return MakeRecursiveCteOperator(plan, ctx);
    case PlanKind::kProjectSet:
      return MakeProjectSetOperator(plan, ctx);
    case PlanKind::kFeatureScan:
      return MakeFeatureScanOperator(plan, ctx);
    case PlanKind::kLateralJoin:
      return MakeLateralJoinOperator(plan, ctx);
    case PlanKind::kFeatureJoin:
      return MakeFeatureJoinOperator(plan, ctx);
  }
  throw SqlError(sqlstate::kInternalError, "unknown plan node");
}

}  // namespace firn
