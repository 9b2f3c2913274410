// SelectBinder: binds one SELECT (or VALUES, or set operation) into a plan. FROM items and
// joins live in select_binder.cc, the rest of the clauses in select_binder_clauses.cc.
// Thread-safety: used by one Binder.
#pragma once

#include "sql/binder/binder.h"
#include "sql/binder/scope.h"

namespace firn {

class SelectBinder {
 public:
  SelectBinder(Binder& binder, const Scope* outer) : binder_(binder), outer_(outer) {}

  BoundQuery Bind(const ast::SelectStmt& stmt);

 private:
  // Binds an operand of UNION / INTERSECT / EXCEPT: a literal it selects keeps the unknown
  // type (not text), so the set operation's common type decides (SELECT 1 UNION SELECT
  // NULL, SELECT d UNION SELECT '2026-01-01'), as in PostgreSQL.
  BoundQuery BindSetOperand(const ast::SelectStmt& stmt);
  // Binds one FROM item into `scope`. Its subqueries and expressions see `outer` as the
  // enclosing scope; LATERAL subqueries and functions see `lateral` instead (the items before
  // them, whose own outer is `outer`), or `outer` when it is null.
  PlanPtr BindTableRef(const ast::TableRef& ref, Scope& scope, const Scope* outer,
                       const Scope* lateral);
  PlanPtr BindSnapshotsFunction(const ast::TableRef& ref, Scope& scope);
  // firn_feature_views(), firn_tables(), firn_cache(): system functions without arguments;
  // nullptr when `name` is none of them.
  static PlanPtr BindSystemFunction(const std::string& name, const ast::TableRef& ref,
                                    Scope& scope);
  // A FROM function's fixed output columns: plan types and the scope entry (aliases apply).
  static void AddFixedColumns(const ast::TableRef& ref, const char* name,
                              const std::vector<std::pair<const char*, Type>>& columns,
                              PlanNode& plan, Scope& scope);
  PlanPtr BindJoin(const ast::TableRef& ref, Scope& scope, const Scope* outer,
                   const Scope* lateral);
  // Whether `ref` holds a LATERAL subquery or a function, which may read the FROM items
  // before it.
  static bool ReadsEarlierItems(const ast::TableRef& ref);
  // select_binder_set_functions.cc: unnest or a JSON set-returning function in FROM as a
  // ProjectSet over `left` (the items before it; nullptr: one row), its arguments bound in
  // `left_scope` so they may read those items; its columns go into `item`. nullptr when
  // `ref` is no such function.
  PlanPtr BindSetFunctionItem(const ast::TableRef& ref, PlanPtr left, const Scope& left_scope,
                              Scope& item);
  // select_binder_views.cc: a FROM item naming a relation (table, sequence, plain or feature
  // view), and a plain view as the subquery of its stored query.
  PlanPtr BindRelation(const ast::TableRef& ref, Scope& scope);
  PlanPtr BindSqlView(const SqlViewInfo& view, const ast::TableRef& ref, Scope& scope,
                      size_t columns);
  // select_binder_features.cc
  PlanPtr BindFeatureView(const FeatureViewInfo& view, const ast::TableRef& ref, Scope& scope);
  PlanPtr PushDownFeatureKeys(PlanPtr filter);
  // A WHERE over a feature join, a set-returning function in FROM or a LATERAL join:
  // conjuncts reading only the first input are applied before it (fewer lookups and runs of
  // the LATERAL side; a row they drop never reaches the function, as in PostgreSQL).
  PlanPtr PushBelowFirstInput(PlanPtr filter);
  PlanPtr MakeFeatureJoin(PlanPtr left, PlanPtr right, int left_width, JoinKind kind,
                          const BoundExprPtr& condition);
  BoundQuery BindSetOp(const ast::SelectStmt& stmt);
  BoundQuery BindValues(const ast::SelectStmt& stmt);
  BoundQuery BindSimple(const ast::SelectStmt& stmt);
  PlanPtr ApplyOrderLimit(const ast::SelectStmt& stmt, BoundQuery& q);
  BoundExprPtr BindLimit(const ast::Expr& e, const char* what);
  void BindRecursiveCte(const ast::CommonTableExpr& cte);

  Binder& binder_;
  const Scope* outer_;
  bool set_operand_ = false;  // binding an operand of a set operation (BindSetOperand)
};

}  // namespace firn
