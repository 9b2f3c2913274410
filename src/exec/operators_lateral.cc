// LATERAL joins: a nested loop that runs the right side once per left row, with that row as
// the right side's innermost outer row, as PostgreSQL's Nested Loop with a parameterized
// inner side does.
#include <utility>

#include "exec/evaluator.h"
#include "exec/operators_internal.h"

namespace firn {

namespace {

class LateralJoinOperator : public Operator {
 public:
  LateralJoinOperator(const PlanNode& plan, ExecContext& ctx)
      : plan_(plan), ctx_(ctx), left_(BuildOperator(*plan.children[0], ctx)) {}

  bool Next(DataChunk& out) override {
    out = DataChunk(plan_.types);
    while (true) {
      for (; next_ < pending_.size() && out.size() < kChunkSize; next_++) {
        out.AppendRow(pending_[next_]);
      }
      if (out.size() == kChunkSize) return true;
      pending_.clear();
      next_ = 0;
      if (row_ >= input_.size()) {
        if (left_done_) return false;
        left_done_ = !left_->Next(input_);
        row_ = 0;
        continue;
      }
      JoinRow(input_.GetRow(row_++));
    }
  }

 private:
  // Appends the rows `left` makes: one per row of the right side that the ON condition
  // keeps, or, for a left join without any, the left row beside NULLs.
  void JoinRow(std::vector<Value> left) {
    ctx_.CheckCancel();
    std::vector<DataChunk> right = RunRightSide(left);
    const std::vector<Type>& right_types = plan_.children[1]->types;
    bool matched = false;
    for (const DataChunk& chunk : right) {
      DataChunk combined(plan_.types);
      for (size_t r = 0; r < chunk.size(); r++) {
        std::vector<Value> row = left;
        std::vector<Value> right_row = chunk.GetRow(r);
        row.insert(row.end(), std::make_move_iterator(right_row.begin()),
                   std::make_move_iterator(right_row.end()));
        combined.AppendRow(row);
      }
      if (plan_.predicate) {
        for (uint32_t i : EvaluateFilter(*plan_.predicate, combined, ctx_)) {
          pending_.push_back(combined.GetRow(i));
          matched = true;
        }
      } else {
        for (size_t i = 0; i < combined.size(); i++) pending_.push_back(combined.GetRow(i));
        matched = matched || combined.size() > 0;
      }
    }
    if (!matched && plan_.join_kind == JoinKind::kLeft) {
      for (const Type& t : right_types) left.push_back(Value::Null(t));
      pending_.push_back(std::move(left));
    }
  }

  // The right side's rows for one left row, which it reads as outer row depth 1.
  std::vector<DataChunk> RunRightSide(const std::vector<Value>& left) {
    ctx_.outer_rows.push_back(&left);
    struct Pop {
      ExecContext& ctx;
      ~Pop() { ctx.outer_rows.pop_back(); }
    } pop{ctx_};
    return ExecutePlan(*plan_.children[1], ctx_);
  }

  const PlanNode& plan_;
  ExecContext& ctx_;
  std::unique_ptr<Operator> left_;
  DataChunk input_;                          // the left rows being joined
  size_t row_ = 0;                           // the next of them
  std::vector<std::vector<Value>> pending_;  // joined rows not yet returned
  size_t next_ = 0;                          // the next of them
  bool left_done_ = false;
};

}  // namespace

std::unique_ptr<Operator> MakeLateralJoinOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<LateralJoinOperator>(plan, ctx);
}

}  // namespace firn
