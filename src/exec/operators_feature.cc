// Feature view operators: kFeatureScan (lookups and whole-view reads as of one instant) and
// kFeatureJoin (point-in-time joins: one instant per input row). Both call the view's
// FeatureSource, so online lookups and training sets run the same evaluation code.
#include <unordered_set>

#include "catalog/catalog.h"
#include "common/sql_error.h"
#include "exec/evaluator.h"
#include "exec/feature_source.h"
#include "exec/operators_internal.h"

namespace firn {

namespace {

bool HasNull(const RowKey& key) {
  for (const Value& v : key.values) {
    if (v.is_null()) return true;
  }
  return false;
}

Value FeatureAsOf(const PlanNode& plan, ExecContext& ctx) {
  return plan.feature_as_of ? EvaluateConstant(*plan.feature_as_of, ctx)
                            : Value::TimestampTz(ctx.eval.statement_time_us);
}

std::unique_ptr<Operator> RunFeatureScan(const PlanNode& plan, ExecContext& ctx) {
  Value as_of = FeatureAsOf(plan, ctx);
  std::vector<std::vector<Value>> rows;
  if (as_of.is_null()) return Buffered(plan.types, std::move(rows));
  std::vector<RowKey> keys;
  std::unordered_set<RowKey, RowKeyHash> seen;
  auto add = [&](RowKey key) {
    if (!HasNull(key) && seen.insert(key).second) keys.push_back(std::move(key));
  };
  for (const std::vector<BoundExprPtr>& alternative : plan.feature_keys) {
    if (plan.feature_key_is_array) {
      Value array = EvaluateConstant(*alternative[0], ctx);
      if (array.is_null()) continue;
      for (const Value& item : array.GetArray().items) add(RowKey{{item}});
      continue;
    }
    RowKey key;
    for (const BoundExprPtr& e : alternative) key.values.push_back(EvaluateConstant(*e, ctx));
    add(std::move(key));
  }
  plan.feature->Evaluate(plan.feature_keys.empty() ? nullptr : &keys, as_of.GetInt64(), ctx, rows);
  for (std::vector<Value>& row : rows) row.push_back(as_of);
  return Buffered(plan.types, std::move(rows));
}

// Reads the input in batches of kBatchRows and evaluates each batch's requests together,
// so the view sweeps each entity's rows once per batch in time order instead of once per
// input row; memory stays bounded by the batch, and output keeps the input's order.
class FeatureJoinOperator : public Operator {
 public:
  static constexpr size_t kBatchRows = size_t{1} << 16;

  FeatureJoinOperator(const PlanNode& plan, ExecContext& ctx)
      : plan_(plan), ctx_(ctx), child_(BuildOperator(*plan.children[0], ctx)) {}

  bool Next(DataChunk& out) override {
    out = DataChunk(plan_.types);
    while (emitted_ == joined_.size() && !input_done_) JoinBatch();
    size_t n = std::min(kChunkSize, joined_.size() - emitted_);
    for (size_t i = 0; i < n; i++) out.AppendRow(joined_[emitted_++]);
    return !(input_done_ && emitted_ == joined_.size());
  }

 private:
  void JoinBatch() {
    joined_.clear();
    emitted_ = 0;
    std::vector<std::vector<Value>> inputs;
    std::vector<RowKey> keys;
    std::vector<int64_t> instants;
    std::vector<size_t> request_of;  // per input row: its request, or SIZE_MAX for none
    // Without an as_of term every row is evaluated as of now().
    bool at_now = !plan_.feature_as_of;
    while (inputs.size() < kBatchRows && !input_done_) {
      DataChunk in;
      input_done_ = !child_->Next(in);
      ctx_.CheckCancel();
      std::vector<Vector> key_columns;
      for (const BoundExprPtr& e : plan_.feature_keys[0]) {
        key_columns.push_back(Evaluate(*e, in, ctx_));
      }
      Vector as_of = in.size() && !at_now ? Evaluate(*plan_.feature_as_of, in, ctx_) : Vector();
      for (size_t r = 0; r < in.size(); r++) {
        RowKey key;
        for (const Vector& k : key_columns) key.values.push_back(k.GetValue(r));
        if (!HasNull(key) && (at_now || !as_of.IsNull(r))) {
          request_of.push_back(keys.size());
          keys.push_back(std::move(key));
          instants.push_back(at_now ? ctx_.eval.statement_time_us : as_of.ints()[r]);
        } else {
          request_of.push_back(SIZE_MAX);
        }
        inputs.push_back(in.GetRow(r));
      }
    }
    std::vector<std::vector<Value>> found;
    if (!keys.empty()) plan_.feature->EvaluateAt(keys, instants, ctx_, found);
    size_t input_width = plan_.children[0]->types.size();
    size_t view_width = plan_.types.size() - input_width;
    for (size_t i = 0; i < inputs.size(); i++) {
      std::vector<Value> row = std::move(inputs[i]);
      size_t request = request_of[i];
      bool matched = request != SIZE_MAX && !found[request].empty();
      if (matched) {
        row.insert(row.end(), found[request].begin(), found[request].end());
        row.push_back(Value::TimestampTz(instants[request]));
        if (plan_.predicate) {
          DataChunk single(plan_.types);
          single.AppendRow(row);
          matched = !EvaluateFilter(*plan_.predicate, single, ctx_).empty();
          if (!matched) row.resize(input_width);
        }
      }
      if (!matched) {
        if (plan_.join_kind != JoinKind::kLeft) continue;
        for (size_t c = 0; c < view_width; c++) {
          row.push_back(Value::Null(plan_.types[input_width + c]));
        }
      }
      joined_.push_back(std::move(row));
    }
  }

  const PlanNode& plan_;
  ExecContext& ctx_;
  std::unique_ptr<Operator> child_;
  bool input_done_ = false;
  std::vector<std::vector<Value>> joined_;  // the current batch's output rows
  size_t emitted_ = 0;                      // of joined_
};

}  // namespace

std::unique_ptr<Operator> MakeFeatureScanOperator(const PlanNode& plan, ExecContext& ctx) {
  return RunFeatureScan(plan, ctx);
}

bool TryFeatureLookup(const PlanNode& plan, ExecContext& ctx,
                      std::vector<std::vector<Value>>* rows) {
  if (plan.kind != PlanKind::kProject || plan.children.size() != 1) return false;
  const PlanNode& scan = *plan.children[0];
  if (scan.kind != PlanKind::kFeatureScan || scan.feature_key_is_array ||
      scan.feature_keys.size() != 1) {
    return false;
  }
  for (const BoundExprPtr& e : plan.exprs) {
    if (e->kind != BoundExprKind::kColumn || e->column < 0 ||
        static_cast<size_t>(e->column) >= scan.types.size()) {
      return false;
    }
  }
  // As RunFeatureScan, for its one key; the last scan column is the instant.
  Value as_of = FeatureAsOf(scan, ctx);
  if (as_of.is_null()) return true;
  std::vector<RowKey> keys(1);
  for (const BoundExprPtr& e : scan.feature_keys[0]) {
    keys[0].values.push_back(EvaluateConstant(*e, ctx));
  }
  if (HasNull(keys[0])) return true;
  std::vector<std::vector<Value>> found;
  scan.feature->Evaluate(&keys, as_of.GetInt64(), ctx, found);
  const size_t as_of_column = scan.types.size() - 1;
  for (std::vector<Value>& row : found) {
    std::vector<Value> projected;
    projected.reserve(plan.exprs.size());
    for (const BoundExprPtr& e : plan.exprs) {
      auto c = static_cast<size_t>(e->column);
      projected.push_back(c == as_of_column ? as_of : row[c]);
    }
    rows->push_back(std::move(projected));
  }
  return true;
}

std::unique_ptr<Operator> MakeFeatureViewsOperator(const PlanNode& plan, ExecContext& ctx) {
  std::vector<std::vector<Value>> rows;
  if (ctx.eval.catalog) {
    for (const auto& view : ctx.eval.catalog->ListViews()) {
      std::shared_ptr<const TableInfo> source = ctx.eval.catalog->GetTableByOid(view->source_oid);
      FeatureSourceStats stats = view->runtime ? view->runtime->stats() : FeatureSourceStats{};
      rows.push_back({Value::Text(view->schema), Value::Text(view->name),
                      source ? Value::Text(source->schema + "." + source->name)
                             : Value::Null(Type(TypeId::kText)),
                      Value::Int8(static_cast<int64_t>(stats.entities)),
                      Value::Int8(static_cast<int64_t>(stats.indexed_rows)),
                      Value::Int8(static_cast<int64_t>(stats.bytes)),
                      Value::Int8(static_cast<int64_t>(stats.sliding_aggregates)),
                      Value::Int8(static_cast<int64_t>(stats.recomputed_aggregates)),
                      Value::Int8(static_cast<int64_t>(stats.evicted_rows)),
                      Value::Int8(static_cast<int64_t>(stats.history_bytes))});
    }
  }
  return Buffered(plan.types, std::move(rows));
}

std::unique_ptr<Operator> MakeFeatureJoinOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<FeatureJoinOperator>(plan, ctx);
}

}  // namespace firn
