// ProjectSet: set-returning functions in a select list. Each input row is repeated once
// per row of its longest function result; shorter results are padded with NULLs, and a
// row whose functions all return nothing disappears — PostgreSQL 10+ semantics.
#include <algorithm>

#include "common/sql_error.h"
#include "exec/evaluator.h"
#include "exec/operators_internal.h"

namespace firn {
namespace {

class ProjectSetOperator : public Operator {
 public:
  ProjectSetOperator(const PlanNode& plan, ExecContext& ctx)
      : plan_(plan), ctx_(ctx), child_(BuildOperator(*plan.children[0], ctx)) {}

  bool Next(DataChunk& out) override {
    out = DataChunk(plan_.types);
    while (pending_.empty() || pending_pos_ >= pending_.size()) {
      if (done_) return false;
      DataChunk in;
      done_ = !child_->Next(in);
      Expand(in);
      if (done_ && pending_.empty()) return false;
    }
    size_t end = std::min(pending_.size(), pending_pos_ + kChunkSize);
    for (; pending_pos_ < end; pending_pos_++) out.AppendRow(pending_[pending_pos_]);
    if (pending_pos_ >= pending_.size()) {
      pending_.clear();
      pending_pos_ = 0;
    }
    return !(done_ && pending_.empty());
  }

 private:
  // The values one function returns for one input row.
  std::vector<Value> Results(size_t f, const std::vector<Vector>& args, size_t row) {
    const Type& type = plan_.types[plan_.children[0]->types.size() + f];
    std::vector<Value> out;
    for (const Vector& a : args) {
      if (a.IsNull(row)) return out;  // NULL argument: no rows
    }
    if (plan_.set_functions[f] == "generate_subscripts") {
      // One-dimensional arrays: the subscripts of dimension 1, nothing for others.
      if (args[1].ints()[row] != 1) return out;
      int64_t lower = args[0].type().LowerBound();
      int64_t n = static_cast<int64_t>(args[0].arrays()[row]->items.size());
      for (int64_t i = lower; i < lower + n; i++) out.push_back(Value::FromInt64(type, i));
      return out;
    }
    if (plan_.set_functions[f] == "unnest") {
      for (const Value& item : args[0].arrays()[row]->items) {
        out.push_back(item.is_null() ? Value::Null(type) : item.WithType(type));
      }
      return out;
    }
    int64_t start = args[0].ints()[row], stop = args[1].ints()[row];
    int64_t step = args.size() > 2 ? args[2].ints()[row] : 1;
    if (step == 0) throw SqlError(sqlstate::kInvalidParameterValue, "step size cannot equal zero");
    for (int64_t v = start; step > 0 ? v <= stop : v >= stop;) {
      if ((out.size() & 4095) == 4095) ctx_.CheckCancel();
      out.push_back(Value::FromInt64(type, v));
      if (__builtin_add_overflow(v, step, &v)) break;
    }
    return out;
  }

  void Expand(const DataChunk& in) {
    if (in.size() == 0) return;
    size_t nfn = plan_.set_functions.size();
    std::vector<std::vector<Vector>> args(nfn);
    for (size_t f = 0; f < nfn; f++) {
      for (const BoundExprPtr& e : plan_.set_function_args[f]) {
        args[f].push_back(Evaluate(*e, in, ctx_));
      }
    }
    for (size_t r = 0; r < in.size(); r++) {
      std::vector<std::vector<Value>> results(nfn);
      size_t rows = 0;
      for (size_t f = 0; f < nfn; f++) {
        results[f] = Results(f, args[f], r);
        rows = std::max(rows, results[f].size());
      }
      std::vector<Value> base = in.GetRow(r);
      for (size_t k = 0; k < rows; k++) {
        std::vector<Value> row = base;
        for (size_t f = 0; f < nfn; f++) {
          const Type& type = plan_.types[base.size() + f];
          row.push_back(k < results[f].size() ? results[f][k] : Value::Null(type));
        }
        pending_.push_back(std::move(row));
      }
    }
  }

  const PlanNode& plan_;
  ExecContext& ctx_;
  std::unique_ptr<Operator> child_;
  std::vector<std::vector<Value>> pending_;
  size_t pending_pos_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Operator> MakeProjectSetOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<ProjectSetOperator>(plan, ctx);
}

}  // namespace firn
