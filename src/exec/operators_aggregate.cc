// Hash aggregation: plain GROUP BY, aggregates without GROUP BY, and grouping sets
// (GROUPING SETS / ROLLUP / CUBE). Grouping sets are computed in one pass over the input:
// every chunk feeds each set's own hash table and accumulators, and the sets' rows are then
// emitted one set after another.
#include <algorithm>
#include <memory>
#include <vector>

#include "exec/evaluator.h"
#include "exec/key_index.h"
#include "exec/operators_internal.h"

namespace firn {

void UpdateAggregates(const std::vector<AggregateSpec>& specs,
                      const std::vector<std::unique_ptr<GroupedAggregate>>& aggs,
                      const DataChunk& in, const uint32_t* group_ids, ExecContext& ctx) {
  size_t n = in.size();
  for (size_t a = 0; a < aggs.size(); a++) {
    if (!aggs[a]) continue;
    const AggregateSpec& spec = specs[a];
    // Column arguments are read in place: copying whole columns per chunk dominated scans.
    std::vector<Vector> args(spec.args.size()), order(spec.order_exprs.size());
    std::vector<const Vector*> arg_ptrs, order_ptrs;
    for (size_t i = 0; i < spec.args.size(); i++) {
      arg_ptrs.push_back(&EvaluateRef(*spec.args[i], in, ctx, args[i]));
    }
    for (size_t i = 0; i < spec.order_exprs.size(); i++) {
      order_ptrs.push_back(&EvaluateRef(*spec.order_exprs[i], in, ctx, order[i]));
    }
    std::vector<uint8_t> active(n, 1);
    if (spec.filter) {
      Vector f = Evaluate(*spec.filter, in, ctx);
      for (size_t i = 0; i < n; i++) active[i] = !f.IsNull(i) && f.ints()[i];
    }
    aggs[a]->Update(group_ids, arg_ptrs, order_ptrs, active.data(), n);
  }
}

namespace {

// One grouping set's hash table and accumulators. A set without columns (the empty set
// (), or an aggregate without GROUP BY) has exactly one group, even over no input rows.
struct GroupingSetState {
  std::vector<int> columns;  // group_exprs indexes, ascending
  std::unique_ptr<KeyIndex> keys;
  std::vector<std::unique_ptr<GroupedAggregate>> aggs;

  bool scalar() const { return columns.empty(); }
  size_t groups() const { return scalar() ? 1 : keys->size(); }
};

// GROUPING(args) for rows of `set`: bit set for each argument the set leaves out, the
// first argument the most significant.
int32_t GroupingMask(const AggregateSpec& spec, const std::vector<int>& set) {
  int32_t mask = 0;
  for (int column : spec.grouping_columns) {
    bool grouped = std::find(set.begin(), set.end(), column) != set.end();
    mask = (mask << 1) | (grouped ? 0 : 1);
  }
  return mask;
}

std::unique_ptr<Operator> RunAggregate(const PlanNode& plan, ExecContext& ctx) {
  auto child = BuildOperator(*plan.children[0], ctx);
  std::vector<GroupingSetState> sets;
  auto add_set = [&](std::vector<int> columns) {
    GroupingSetState s;
    std::vector<Type> key_types;
    for (int c : columns) key_types.push_back(plan.group_exprs[static_cast<size_t>(c)]->type);
    s.columns = std::move(columns);
    if (!s.scalar()) s.keys = std::make_unique<KeyIndex>(key_types);
    for (const AggregateSpec& spec : plan.aggregates) {
      s.aggs.push_back(spec.name == "grouping" ? nullptr
                                               : MakeGroupedAggregate(spec, ctx.eval.time_zone));
    }
    if (s.scalar()) {
      for (auto& a : s.aggs) {
        if (a) a->Resize(1);
      }
    }
    sets.push_back(std::move(s));
  };
  if (plan.grouping_sets.empty()) {
    std::vector<int> all(plan.group_exprs.size());
    for (size_t i = 0; i < all.size(); i++) all[i] = static_cast<int>(i);
    add_set(std::move(all));
  } else {
    for (const std::vector<int>& s : plan.grouping_sets) add_set(s);
  }

  while (true) {
    DataChunk in;
    bool more = child->Next(in);
    size_t n = in.size();
    if (n > 0) {
      ctx.CheckCancel();
      // Each group expression is evaluated once per chunk, whatever the number of sets.
      std::vector<Vector> scratch(plan.group_exprs.size());
      std::vector<const Vector*> key_vectors;
      for (size_t k = 0; k < plan.group_exprs.size(); k++) {
        key_vectors.push_back(&EvaluateRef(*plan.group_exprs[k], in, ctx, scratch[k]));
      }
      std::vector<uint32_t> ids(n, 0);
      for (GroupingSetState& s : sets) {
        if (s.scalar()) {
          std::fill(ids.begin(), ids.end(), 0);  // a previous set's ids may be there
        } else {
          std::vector<const Vector*> set_vectors;
          for (int c : s.columns) set_vectors.push_back(key_vectors[static_cast<size_t>(c)]);
          s.keys->Assign(set_vectors, nullptr, n, ids.data());
          for (auto& a : s.aggs) {
            if (a) a->Resize(s.keys->size());
          }
        }
        UpdateAggregates(plan.aggregates, s.aggs, in, ids.data(), ctx);
      }
    }
    if (!more) break;
  }

  size_t width = plan.group_exprs.size();
  std::vector<std::vector<Value>> rows;
  for (GroupingSetState& s : sets) {
    for (size_t g = 0; g < s.groups(); g++) {
      std::vector<Value> row;
      row.reserve(plan.types.size());
      for (size_t k = 0; k < width; k++) row.push_back(Value::Null(plan.types[k]));
      if (!s.scalar()) {
        const std::vector<Value>& key = s.keys->key(static_cast<uint32_t>(g)).values;
        for (size_t i = 0; i < s.columns.size(); i++) {
          if (!key[i].is_null()) row[static_cast<size_t>(s.columns[i])] = key[i];
        }
      }
      for (size_t a = 0; a < s.aggs.size(); a++) {
        row.push_back(s.aggs[a] ? s.aggs[a]->Finalize(g)
                                : Value::Int4(GroupingMask(plan.aggregates[a], s.columns)));
      }
      rows.push_back(std::move(row));
    }
  }
  return Buffered(plan.types, std::move(rows));
}

// Aggregates on the first Next, so building the operator tree reads nothing.
class AggregateOperator : public Operator {
 public:
  AggregateOperator(const PlanNode& plan, ExecContext& ctx) : plan_(plan), ctx_(ctx) {}
  bool Next(DataChunk& out) override {
    if (!inner_) inner_ = RunAggregate(plan_, ctx_);
    return inner_->Next(out);
  }

 private:
  const PlanNode& plan_;
  ExecContext& ctx_;
  std::unique_ptr<Operator> inner_;
};

}  // namespace

std::unique_ptr<Operator> MakeAggregateOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<AggregateOperator>(plan, ctx);
}

}  // namespace firn
