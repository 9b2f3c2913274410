// ExprBinder: binds one expression tree against a Scope — column lookup (with correlation
// to enclosing queries), literal and parameter typing, operator and function resolution,
// implicit coercions — and, in an aggregating query, maps grouped expressions and
// aggregate calls onto the aggregation's output columns.
// Thread-safety: used by one Binder.
#pragma once

#include <string>
#include <vector>

#include "exec/aggregate.h"
#include "exec/expression.h"
#include "exec/plan.h"
#include "sql/binder/binder.h"
#include "sql/binder/scope.h"

namespace firn {

// The aggregation of a SELECT: GROUP BY expressions and aggregate calls over the FROM
// scope. Expressions bound "above" it refer to its output: groups first, then aggregates.
struct AggregationContext {
  std::vector<BoundExprPtr> groups;
  std::vector<std::string> group_names;         // for error messages
  std::vector<AggregateSpec> aggregates;        // GROUPING(...) calls included (name "grouping")
  std::vector<std::vector<int>> grouping_sets;  // PlanNode::grouping_sets
};

// Window functions of a SELECT: collected while binding the select list and ORDER BY.
// A window call binds to column kWindowColumnBase + i, renumbered once the width of the
// window node's input (the FROM row or the aggregation's output) is known.
inline constexpr int kWindowColumnBase = 1 << 24;
struct WindowContext {
  const std::vector<ast::WindowDef>* named = nullptr;  // WINDOW w AS (...)
  std::vector<WindowFunction> functions;
};

// Set-returning functions in a select list (SELECT unnest(a), generate_series(1, n)):
// bound to column kSetFunctionColumnBase + i and renumbered like window columns.
inline constexpr int kSetFunctionColumnBase = 1 << 25;
struct SetFunctionContext {
  std::vector<std::string> names;
  std::vector<std::vector<BoundExprPtr>> args;
  std::vector<Type> types;
};

class ExprBinder {
 public:
  // `clause` names the clause for "not allowed in X" errors ("WHERE", "JOIN conditions").
  ExprBinder(Binder& binder, const Scope& scope, const char* clause)
      : binder_(binder), scope_(scope), clause_(clause) {}

  // Expressions above an aggregation: groups and aggregates become output references.
  void set_aggregation(AggregationContext* agg) { agg_ = agg; }
  void set_allow_aggregates(bool allow) { allow_aggregates_ = allow; }
  void set_windows(WindowContext* windows) { windows_ = windows; }
  void set_set_functions(SetFunctionContext* srfs) { srfs_ = srfs; }
  // An expression over one row at most (a column's DEFAULT reads none, a CHECK its own):
  // subqueries are 0A000 "cannot use subquery in <what>", parameters 42P02, and unless
  // `columns` column references are 0A000 "cannot use column reference in <what>".
  void set_row_local(const char* what, bool columns) {
    row_local_ = what;
    row_local_columns_ = columns;
  }
  bool correlated() const { return correlated_; }

  BoundExprPtr Bind(const ast::Expr& expr);
  // Binds and coerces to boolean (WHERE, HAVING, ON): 42804 otherwise.
  BoundExprPtr BindCondition(const ast::Expr& expr);

 private:
  BoundExprPtr BindInner(const ast::Expr& expr);
  BoundExprPtr BindColumnRef(const ast::Expr& expr);
  BoundExprPtr BindConstant(const ast::Expr& expr);
  BoundExprPtr BindParam(const ast::Expr& expr);
  BoundExprPtr BindFuncCall(const ast::Expr& expr);
  BoundExprPtr BindAggregate(const ast::Expr& expr);
  BoundExprPtr BindGrouping(const ast::Expr& expr);
  BoundExprPtr BindWindow(const ast::Expr& expr);
  BoundExprPtr BindOperator(const ast::Expr& expr);
  BoundExprPtr BindCast(const ast::Expr& expr);
  BoundExprPtr BindCase(const ast::Expr& expr);
  BoundExprPtr BindVariadicCommon(const ast::Expr& expr, BoundExprKind kind, const char* what);
  BoundExprPtr BindInList(const ast::Expr& expr);
  BoundExprPtr BindSubquery(const ast::Expr& expr);
  BoundExprPtr BindAnyAll(const ast::Expr& expr);
  BoundExprPtr BindArray(const ast::Expr& expr);
  BoundExprPtr BindSubscript(const ast::Expr& expr);
  BoundExprPtr BindSpecialValue(const ast::Expr& expr);
  BoundExprPtr BindBool(BoundExprKind kind, const ast::Expr& expr, const char* what);

  BoundExprPtr MakeOperator(const std::string& op, BoundExprPtr left, BoundExprPtr right,
                            int location);

  Binder& binder_;
  const Scope& scope_;
  const char* clause_;
  AggregationContext* agg_ = nullptr;
  WindowContext* windows_ = nullptr;
  SetFunctionContext* srfs_ = nullptr;
  const char* row_local_ = nullptr;
  bool row_local_columns_ = false;
  bool allow_aggregates_ = false;
  bool in_aggregate_ = false;
  bool correlated_ = false;
};

// ---- Coercion helpers shared by the binder ------------------------------------------------

// Coerces `expr` to `target`: untyped literals are parsed as `target`, unknown parameters
// take the type, otherwise an implicit (or assignment) cast is added. Throws 42804 when
// no such cast exists. `context` names the thing for the error message.
BoundExprPtr Coerce(Binder& binder, BoundExprPtr expr, Type target, int location,
                    bool assignment = false);
// An explicit cast (expr::type); 42846 when the cast does not exist.
BoundExprPtr ExplicitCast(Binder& binder, BoundExprPtr expr, Type target, int location);
// PostgreSQL's select_common_type; `what` names the construct ("CASE", "UNION") for the
// 42804 error "CASE types integer and text cannot be matched".
Type CommonTypeOf(const std::vector<BoundExprPtr>& exprs, const char* what, int location);

BoundExprPtr MakeColumnRef(int column, Type type);
// A call of a resolved function or operator, each argument coerced to the type the
// resolution chose (variadic tails take the last parameter's type).
BoundExprPtr MakeCall(Binder& binder, const ResolvedFunction& fn, std::vector<BoundExprPtr> args,
                      int location);
// Plan nodes the binder builds everywhere: a projection and a filter over `child`.
PlanPtr MakeProjectPlan(PlanPtr child, std::vector<BoundExprPtr> exprs);
PlanPtr MakeFilterPlan(PlanPtr child, BoundExprPtr predicate);
BoundExprPtr MakeConstant(Value value);
// Structural equality of bound expressions (GROUP BY matching).
bool SameExpr(const BoundExpr& a, const BoundExpr& b);
// True for aggregate calls and GROUPING(...), which both make a SELECT aggregate.
bool ContainsAggregateCall(const ast::Expr& expr);
bool ContainsWindowCall(const ast::Expr& expr);
bool ContainsSetFunctionCall(const ast::Expr& expr);
// Renumbers placeholders (base + i) to input_width + i.
BoundExprPtr RemapWindowColumns(const BoundExprPtr& expr, int input_width,
                                int base = kWindowColumnBase);
// True if the plan refers to columns of an enclosing query.
bool PlanIsCorrelated(const PlanNode& plan);
// PostgreSQL's default output column name for an expression ("?column?", "count", ...).
std::string FigureColumnName(const ast::Expr& expr);

}  // namespace firn
