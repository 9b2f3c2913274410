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

std::unique_ptr<Operator> RunFeatureScan(const PlanNode& plan, ExecContext& ctx) {
  Value as_of = plan.feature_as_of ? EvaluateConstant(*plan.feature_as_of, ctx)
                                   : Value::TimestampTz(ctx.eval.statement_time_us);
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

class FeatureJoinOperator : public Operator {
 public:
  FeatureJoinOperator(const PlanNode& plan, ExecContext& ctx)
      : plan_(plan), ctx_(ctx), child_(BuildOperator(*plan.children[0], ctx)) {}

  bool Next(DataChunk& out) override {
    out = DataChunk(plan_.types);
    size_t input_width = plan_.children[0]->types.size();
    size_t view_width = plan_.types.size() - input_width;
    while (out.size() == 0) {
      DataChunk in;
      bool more = child_->Next(in);
      ctx_.CheckCancel();
      std::vector<Vector> keys;
      for (const BoundExprPtr& e : plan_.feature_keys[0]) keys.push_back(Evaluate(*e, in, ctx_));
      // Without an as_of term every row is evaluated as of now().
      Vector as_of =
          in.size() && plan_.feature_as_of ? Evaluate(*plan_.feature_as_of, in, ctx_) : Vector();
      bool at_now = !plan_.feature_as_of;
      for (size_t r = 0; r < in.size(); r++) {
        std::vector<Value> row = in.GetRow(r);
        RowKey key;
        for (const Vector& k : keys) key.values.push_back(k.GetValue(r));
        std::vector<std::vector<Value>> found;
        if (!HasNull(key) && (at_now || !as_of.IsNull(r))) {
          std::vector<RowKey> one{std::move(key)};
          int64_t t = at_now ? ctx_.eval.statement_time_us : as_of.ints()[r];
          plan_.feature->Evaluate(&one, t, ctx_, found);
          if (!found.empty()) found[0].push_back(Value::TimestampTz(t));
        }
        if (!found.empty() && plan_.predicate) {
          std::vector<Value> joined = row;
          joined.insert(joined.end(), found[0].begin(), found[0].end());
          DataChunk single(plan_.types);
          single.AppendRow(joined);
          if (EvaluateFilter(*plan_.predicate, single, ctx_).empty()) found.clear();
        }
        if (found.empty()) {
          if (plan_.join_kind != JoinKind::kLeft) continue;
          for (size_t c = 0; c < view_width; c++) {
            row.push_back(Value::Null(plan_.types[input_width + c]));
          }
        } else {
          row.insert(row.end(), found[0].begin(), found[0].end());
        }
        out.AppendRow(row);
      }
      if (!more) return false;
    }
    return true;
  }

 private:
  const PlanNode& plan_;
  ExecContext& ctx_;
  std::unique_ptr<Operator> child_;
};

}  // namespace

std::unique_ptr<Operator> MakeFeatureScanOperator(const PlanNode& plan, ExecContext& ctx) {
  return RunFeatureScan(plan, ctx);
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
                      Value::Int8(static_cast<int64_t>(stats.bytes))});
    }
  }
  return Buffered(plan.types, std::move(rows));
}

std::unique_ptr<Operator> MakeFeatureJoinOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<FeatureJoinOperator>(plan, ctx);
}

}  // namespace firn
