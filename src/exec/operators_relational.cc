// Sorting, DISTINCT, joins, set operations and set-returning functions.
#include <algorithm>
#include <numeric>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/sql_error.h"
#include "exec/evaluator.h"
#include "exec/key_index.h"
#include "exec/operators_internal.h"

namespace firn {

std::vector<DataChunk> DrainOperator(Operator& op) {
  std::vector<DataChunk> out;
  while (true) {
    DataChunk chunk;
    bool more = op.Next(chunk);
    if (chunk.size() > 0) out.push_back(std::move(chunk));
    if (!more) return out;
  }
}

int CompareSortValues(const Value& a, const Value& b, bool descending, bool nulls_first) {
  if (a.is_null() || b.is_null()) {
    if (a.is_null() && b.is_null()) return 0;
    return a.is_null() == nulls_first ? -1 : 1;
  }
  int c = CompareValues(a, b);
  return descending ? -c : c;
}

namespace {

// Emits buffered rows in chunks.
class RowBufferOperator : public Operator {
 public:
  RowBufferOperator(std::vector<Type> types, std::vector<std::vector<Value>> rows)
      : types_(std::move(types)), rows_(std::move(rows)) {}
  bool Next(DataChunk& out) override {
    out = DataChunk(types_);
    size_t end = std::min(rows_.size(), index_ + kChunkSize);
    for (; index_ < end; index_++) out.AppendRow(rows_[index_]);
    return index_ < rows_.size();
  }

 private:
  std::vector<Type> types_;
  std::vector<std::vector<Value>> rows_;
  size_t index_ = 0;
};

}  // namespace

std::unique_ptr<Operator> Buffered(std::vector<Type> types, std::vector<std::vector<Value>> rows) {
  return std::make_unique<RowBufferOperator>(std::move(types), std::move(rows));
}

namespace {

class DeferredOperator : public Operator {
 public:
  using Factory = std::unique_ptr<Operator> (*)(const PlanNode&, ExecContext&);
  DeferredOperator(const PlanNode& plan, ExecContext& ctx, Factory f)
      : plan_(plan), ctx_(ctx), factory_(f) {}
  bool Next(DataChunk& out) override {
    if (!inner_) inner_ = factory_(plan_, ctx_);
    return inner_->Next(out);
  }

 private:
  const PlanNode& plan_;
  ExecContext& ctx_;
  Factory factory_;
  std::unique_ptr<Operator> inner_;
};

// ---- Sorting -----------------------------------------------------------------------------

std::unique_ptr<Operator> RunSort(const PlanNode& plan, ExecContext& ctx) {
  auto child = BuildOperator(*plan.children[0], ctx);
  std::vector<std::vector<Value>> rows;
  std::vector<std::vector<Value>> keys;
  for (DataChunk& in : DrainOperator(*child)) {
    ctx.CheckCancel();
    std::vector<Vector> kv;
    for (const SortKey& k : plan.sort_keys) kv.push_back(Evaluate(*k.expr, in, ctx));
    for (size_t i = 0; i < in.size(); i++) {
      rows.push_back(in.GetRow(i));
      std::vector<Value> key;
      for (const Vector& v : kv) key.push_back(v.GetValue(i));
      keys.push_back(std::move(key));
    }
  }
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    for (size_t k = 0; k < plan.sort_keys.size(); k++) {
      int c = CompareSortValues(keys[a][k], keys[b][k], plan.sort_keys[k].descending,
                                plan.sort_keys[k].nulls_first);
      if (c != 0) return c < 0;
    }
    return false;
  });
  std::vector<std::vector<Value>> sorted;
  sorted.reserve(rows.size());
  for (size_t i : order) sorted.push_back(std::move(rows[i]));
  return Buffered(plan.types, std::move(sorted));
}

// ---- DISTINCT ----------------------------------------------------------------------------

std::unique_ptr<Operator> RunDistinct(const PlanNode& plan, ExecContext& ctx) {
  auto child = BuildOperator(*plan.children[0], ctx);
  std::unordered_map<RowKey, bool, RowKeyHash> seen;
  std::vector<std::vector<Value>> rows;
  for (DataChunk& in : DrainOperator(*child)) {
    std::vector<Vector> kv;
    for (const BoundExprPtr& e : plan.distinct_on) kv.push_back(Evaluate(*e, in, ctx));
    for (size_t i = 0; i < in.size(); i++) {
      std::vector<Value> row = in.GetRow(i);
      RowKey key;
      if (plan.distinct_on.empty()) {
        key.values = row;
      } else {
        for (const Vector& v : kv) key.values.push_back(v.GetValue(i));
      }
      if (seen.emplace(std::move(key), true).second) rows.push_back(std::move(row));
    }
  }
  return Buffered(plan.types, std::move(rows));
}

// ---- Joins -------------------------------------------------------------------------------

std::vector<std::vector<Value>> Rows(const std::vector<DataChunk>& chunks) {
  std::vector<std::vector<Value>> rows;
  for (const DataChunk& c : chunks) {
    for (size_t i = 0; i < c.size(); i++) rows.push_back(c.GetRow(i));
  }
  return rows;
}

std::unique_ptr<Operator> RunJoin(const PlanNode& plan, ExecContext& ctx) {
  auto left_op = BuildOperator(*plan.children[0], ctx);
  auto right_op = BuildOperator(*plan.children[1], ctx);
  std::vector<DataChunk> left_chunks = DrainOperator(*left_op);
  std::vector<DataChunk> right_chunks = DrainOperator(*right_op);
  const std::vector<Type>& lt = plan.children[0]->types;
  const std::vector<Type>& rt = plan.children[1]->types;
  size_t lw = lt.size(), rw = rt.size();

  // Key vectors per side.
  auto key_rows = [&](const std::vector<DataChunk>& chunks,
                      const std::vector<BoundExprPtr>& exprs) {
    std::vector<RowKey> out;
    for (const DataChunk& c : chunks) {
      std::vector<Vector> kv;
      for (const BoundExprPtr& e : exprs) kv.push_back(Evaluate(*e, c, ctx));
      for (size_t i = 0; i < c.size(); i++) {
        RowKey k;
        for (const Vector& v : kv) k.values.push_back(v.GetValue(i));
        out.push_back(std::move(k));
      }
    }
    return out;
  };
  std::vector<std::vector<Value>> lrows = Rows(left_chunks), rrows = Rows(right_chunks);
  std::vector<RowKey> lkeys = key_rows(left_chunks, plan.left_keys);
  std::vector<RowKey> rkeys = key_rows(right_chunks, plan.right_keys);

  auto has_null = [](const RowKey& k) {
    return std::any_of(k.values.begin(), k.values.end(),
                       [](const Value& v) { return v.is_null(); });
  };
  std::unordered_multimap<RowKey, size_t, RowKeyHash> table;
  if (!plan.left_keys.empty()) {
    for (size_t r = 0; r < rrows.size(); r++) {
      if (!has_null(rkeys[r])) table.emplace(rkeys[r], r);
    }
  }

  std::vector<uint8_t> right_matched(rrows.size(), 0);
  std::vector<std::vector<Value>> out;
  std::vector<Type> types = lt;
  types.insert(types.end(), rt.begin(), rt.end());
  bool semi = plan.join_kind == JoinKind::kSemi || plan.join_kind == JoinKind::kAnti;

  for (size_t l = 0; l < lrows.size(); l++) {
    ctx.CheckCancel();
    std::vector<size_t> candidates;
    if (!plan.left_keys.empty()) {
      if (!has_null(lkeys[l])) {
        auto [b, e] = table.equal_range(lkeys[l]);
        for (auto it = b; it != e; ++it) candidates.push_back(it->second);
        std::sort(candidates.begin(), candidates.end());
      }
    } else {
      candidates.resize(rrows.size());
      std::iota(candidates.begin(), candidates.end(), 0);
    }
    // Residual predicate over the combined rows, a chunk of candidates at a time.
    std::vector<size_t> matches;
    if (plan.predicate && !candidates.empty()) {
      DataChunk combined(types);
      for (size_t r : candidates) {
        std::vector<Value> row = lrows[l];
        row.insert(row.end(), rrows[r].begin(), rrows[r].end());
        combined.AppendRow(row);
      }
      for (uint32_t i : EvaluateFilter(*plan.predicate, combined, ctx)) {
        matches.push_back(candidates[i]);
      }
    } else {
      matches = std::move(candidates);
    }
    if (semi) {
      if (matches.empty() == (plan.join_kind == JoinKind::kAnti)) out.push_back(lrows[l]);
      continue;
    }
    for (size_t r : matches) {
      right_matched[r] = 1;
      std::vector<Value> row = lrows[l];
      row.insert(row.end(), rrows[r].begin(), rrows[r].end());
      out.push_back(std::move(row));
    }
    if (matches.empty() &&
        (plan.join_kind == JoinKind::kLeft || plan.join_kind == JoinKind::kFull)) {
      std::vector<Value> row = lrows[l];
      for (size_t c = 0; c < rw; c++) row.push_back(Value::Null(rt[c]));
      out.push_back(std::move(row));
    }
  }
  if (plan.join_kind == JoinKind::kRight || plan.join_kind == JoinKind::kFull) {
    for (size_t r = 0; r < rrows.size(); r++) {
      if (right_matched[r]) continue;
      std::vector<Value> row;
      for (size_t c = 0; c < lw; c++) row.push_back(Value::Null(lt[c]));
      row.insert(row.end(), rrows[r].begin(), rrows[r].end());
      out.push_back(std::move(row));
    }
  }
  return Buffered(plan.types, std::move(out));
}

// ---- Set operations ----------------------------------------------------------------------

std::unique_ptr<Operator> RunSetOp(const PlanNode& plan, ExecContext& ctx) {
  auto lop = BuildOperator(*plan.children[0], ctx);
  auto rop = BuildOperator(*plan.children[1], ctx);
  auto cast_rows = [&](std::vector<DataChunk> chunks) {
    std::vector<std::vector<Value>> rows = Rows(chunks);
    for (auto& row : rows) {
      for (size_t c = 0; c < row.size(); c++) {
        row[c] = row[c].is_null() ? Value::Null(plan.types[c]) : row[c].WithType(plan.types[c]);
      }
    }
    return rows;
  };
  std::vector<std::vector<Value>> left = cast_rows(DrainOperator(*lop));
  std::vector<std::vector<Value>> right = cast_rows(DrainOperator(*rop));
  std::vector<std::vector<Value>> out;
  if (plan.set_op == SetOpType::kUnion) {
    if (plan.set_all) {
      out = std::move(left);
      for (auto& r : right) out.push_back(std::move(r));
    } else {
      std::unordered_map<RowKey, bool, RowKeyHash> seen;
      for (auto* side : {&left, &right}) {
        for (auto& r : *side) {
          if (seen.emplace(RowKey{r}, true).second) out.push_back(std::move(r));
        }
      }
    }
    return Buffered(plan.types, std::move(out));
  }
  std::unordered_map<RowKey, int64_t, RowKeyHash> right_counts;
  for (auto& r : right) right_counts[RowKey{r}]++;
  std::unordered_map<RowKey, int64_t, RowKeyHash> emitted;
  bool intersect = plan.set_op == SetOpType::kIntersect;
  for (auto& r : left) {
    RowKey key{r};
    auto it = right_counts.find(key);
    int64_t in_right = it == right_counts.end() ? 0 : it->second;
    if (plan.set_all) {
      if (intersect) {
        if (in_right > 0) {
          it->second--;
          out.push_back(std::move(r));
        }
      } else {
        if (in_right > 0) {
          it->second--;
        } else {
          out.push_back(std::move(r));
        }
      }
    } else {
      if ((in_right > 0) == intersect && emitted.emplace(key, 1).second) {
        out.push_back(std::move(r));
      }
    }
  }
  return Buffered(plan.types, std::move(out));
}

// ---- Set-returning functions ---------------------------------------------------------------

// generate_series over integers, streamed a chunk at a time (series can be far larger than
// memory).
class IntegerSeriesOperator : public Operator {
 public:
  IntegerSeriesOperator(const PlanNode& plan, ExecContext& ctx, int64_t start, int64_t stop,
                        int64_t step)
      : plan_(plan), ctx_(ctx), next_(start), stop_(stop), step_(step) {}

  bool Next(DataChunk& out) override {
    ctx_.CheckCancel();
    out = DataChunk(plan_.types);
    for (Vector& v : out.columns()) {
      v.Resize(kChunkSize);
      std::fill_n(v.nulls(), kChunkSize, 0);
    }
    int64_t* values = out.column(0).ints().data();
    int64_t* ordinals = plan_.with_ordinality ? out.column(1).ints().data() : nullptr;
    size_t n = 0;
    while (!done_ && n < kChunkSize && (step_ > 0 ? next_ <= stop_ : next_ >= stop_)) {
      values[n] = next_;
      if (ordinals) ordinals[n] = ++ordinal_;
      n++;
      if (__builtin_add_overflow(next_, step_, &next_)) done_ = true;
    }
    if (n < kChunkSize) done_ = true;
    for (Vector& v : out.columns()) v.Resize(n);
    out.set_row_count(n);
    return !done_;
  }

 private:
  const PlanNode& plan_;
  ExecContext& ctx_;
  int64_t next_;
  int64_t stop_;
  int64_t step_;
  int64_t ordinal_ = 0;
  bool done_ = false;
};

std::unique_ptr<Operator> RunFunctionScan(const PlanNode& plan, ExecContext& ctx) {
  if (plan.function_name == "firn_snapshots") {
    return Buffered(plan.types, ctx.tables->History(*plan.table));
  }
  if (plan.function_name == "firn_feature_views") return MakeFeatureViewsOperator(plan, ctx);
  if (plan.function_name == "firn_tables") return MakeTablesOperator(plan, ctx);
  if (plan.function_name == "firn_cache") return MakeCacheOperator(plan, ctx);
  std::vector<Value> args;
  for (const BoundExprPtr& e : plan.exprs) args.push_back(EvaluateConstant(*e, ctx));
  std::vector<std::vector<Value>> rows;
  auto add = [&](Value v) {
    std::vector<Value> row{std::move(v)};
    if (plan.with_ordinality) row.push_back(Value::Int8(static_cast<int64_t>(rows.size() + 1)));
    rows.push_back(std::move(row));
  };
  for (const Value& a : args) {
    if (a.is_null()) return Buffered(plan.types, {});
  }
  // generate_series (unnest in FROM is a ProjectSet: sql/binder/select_binder_set_functions.cc)
  Type t = plan.types[0];
  if (IsIntegerType(t.id)) {
    int64_t step = args.size() > 2 ? args[2].GetInt64() : 1;
    if (step == 0) {
      throw SqlError(sqlstate::kInvalidParameterValue, "step size cannot equal zero");
    }
    return std::make_unique<IntegerSeriesOperator>(plan, ctx, args[0].GetInt64(),
                                                   args[1].GetInt64(), step);
  }
  if (t.id == TypeId::kNumeric) {
    Numeric start = args[0].GetNumeric(), stop = args[1].GetNumeric();
    Numeric step = args.size() > 2 ? args[2].GetNumeric() : Numeric::FromInt64(1);
    if (step.IsZero()) {
      throw SqlError(sqlstate::kInvalidParameterValue, "step size cannot equal zero");
    }
    bool up = !step.IsNegative();
    for (Numeric v = start; up ? v.Compare(stop) <= 0 : v.Compare(stop) >= 0; v = v.Add(step)) {
      if ((rows.size() & 4095) == 0) ctx.CheckCancel();
      add(Value::MakeNumeric(v));
    }
    return Buffered(plan.types, std::move(rows));
  }
  // Timestamps: step by an interval through the "+" operator so month arithmetic and time
  // zones follow the same rules as everywhere else.
  if (args.size() < 3) {
    throw SqlError(sqlstate::kUndefinedFunction,
                   "function generate_series(" + t.Name() + ", " + t.Name() + ") does not exist");
  }
  ResolvedFunction add_fn = ctx.functions->ResolveOperator("+", t, Type(TypeId::kInterval));
  ResolvedFunction cmp_fn = ctx.functions->ResolveOperator("<=", t, t);
  const Interval& step = args[2].GetInterval();
  if (step.months == 0 && step.days == 0 && step.micros == 0) {
    throw SqlError(sqlstate::kInvalidParameterValue, "step size cannot equal zero");
  }
  bool up = step.months > 0 || step.days > 0 || step.micros > 0;
  Value cur = args[0];
  while (true) {
    Vector a(t), b(t), cmp{Type(TypeId::kBool)};
    if (up) {
      a.Append(cur);
      b.Append(args[1]);
    } else {
      a.Append(args[1]);
      b.Append(cur);
    }
    ScalarArgs in{{&a, &b}, 1};
    cmp.Resize(1);
    ctx.functions->Invoke(cmp_fn, in, cmp, ctx.eval);
    if (cmp.IsNull(0) || !cmp.ints()[0]) break;
    if ((rows.size() & 4095) == 0) ctx.CheckCancel();
    add(cur);
    Vector c(t), s{Type(TypeId::kInterval)}, next(add_fn.return_type);
    c.Append(cur);
    s.Append(args[2]);
    next.Resize(1);
    ScalarArgs in2{{&c, &s}, 1};
    ctx.functions->Invoke(add_fn, in2, next, ctx.eval);
    cur = next.GetValue(0).WithType(t);
  }
  return Buffered(plan.types, std::move(rows));
}

// ---- WITH RECURSIVE ---------------------------------------------------------------------

std::unique_ptr<Operator> RunRecursiveCte(const PlanNode& plan, ExecContext& ctx) {
  auto& working = ctx.cte_results[static_cast<size_t>(plan.cte_index)];
  std::unordered_map<RowKey, bool, RowKeyHash> seen;
  std::vector<std::vector<Value>> result;
  auto keep_new = [&](std::vector<DataChunk> chunks) {
    std::vector<DataChunk> fresh;
    DataChunk out(plan.types);
    for (const auto& row : Rows(chunks)) {
      std::vector<Value> typed = row;
      for (size_t c = 0; c < typed.size(); c++) {
        typed[c] =
            typed[c].is_null() ? Value::Null(plan.types[c]) : typed[c].WithType(plan.types[c]);
      }
      if (!plan.set_all && !seen.emplace(RowKey{typed}, true).second) continue;
      out.AppendRow(typed);
      result.push_back(std::move(typed));
    }
    if (out.size() > 0) fresh.push_back(std::move(out));
    return fresh;
  };
  auto anchor = BuildOperator(*plan.children[0], ctx);
  std::vector<DataChunk> current = keep_new(DrainOperator(*anchor));
  constexpr size_t kMaxRows = size_t{100} * 1000 * 1000;
  while (!current.empty()) {
    ctx.CheckCancel();
    if (result.size() > kMaxRows) {
      throw SqlError(sqlstate::kProgramLimitExceeded,
                     "WITH RECURSIVE produced more than 100000000 rows");
    }
    working = std::make_shared<const std::vector<DataChunk>>(std::move(current));
    auto step = BuildOperator(*plan.children[1], ctx);
    current = keep_new(DrainOperator(*step));
  }
  working.reset();
  return Buffered(plan.types, std::move(result));
}

}  // namespace

std::unique_ptr<Operator> MakeRecursiveCteOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<DeferredOperator>(plan, ctx, &RunRecursiveCte);
}

std::unique_ptr<Operator> MakeSortOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<DeferredOperator>(plan, ctx, &RunSort);
}
std::unique_ptr<Operator> MakeDistinctOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<DeferredOperator>(plan, ctx, &RunDistinct);
}
std::unique_ptr<Operator> MakeJoinOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<DeferredOperator>(plan, ctx, &RunJoin);
}
std::unique_ptr<Operator> MakeSetOpOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<DeferredOperator>(plan, ctx, &RunSetOp);
}
std::unique_ptr<Operator> MakeFunctionScanOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<DeferredOperator>(plan, ctx, &RunFunctionScan);
}

}  // namespace firn
