// Function calls, aggregates and subqueries.
#include "common/sql_error.h"
#include "sql/binder/expr_binder.h"

namespace firn {

BoundExprPtr ExprBinder::BindFuncCall(const ast::Expr& e) {
  std::string name = e.names.back();
  if (e.names.size() > 1 && e.names[0] != "pg_catalog") {
    ThrowAt(sqlstate::kInvalidSchemaName, "schema \"" + e.names[0] + "\" does not exist",
            e.location);
  }
  if (e.over) {
    ThrowAt(sqlstate::kFeatureNotSupported, "window functions are not supported yet",
            e.location);
  }
  if (IsAggregateName(name)) {
    if (in_aggregate_) {
      ThrowAt(sqlstate::kGroupingError, "aggregate function calls cannot be nested", e.location);
    }
    ThrowAt(sqlstate::kGroupingError,
            std::string("aggregate functions are not allowed in ") + clause_, e.location);
  }
  if (e.agg_star || e.agg_distinct || e.agg_filter || !e.agg_order.empty()) {
    ThrowAt(sqlstate::kWrongObjectType,
            "DISTINCT, ORDER BY, FILTER or * specified, but " + name +
                " is not an aggregate function",
            e.location);
  }
  if (name == "generate_series" || name == "unnest") {
    ThrowAt(sqlstate::kFeatureNotSupported,
            "set-returning function " + name + "() is only supported in FROM", e.location);
  }
  std::vector<BoundExprPtr> args;
  std::vector<Type> types;
  for (const auto& a : e.args) {
    args.push_back(Bind(*a));
    types.push_back(args.back()->type);
  }
  if (name == "pg_typeof" && args.size() == 1) {
    // PostgreSQL returns regtype; Firn returns the same name as text (docs/sql.md).
    return MakeConstant(Value::Text(args[0]->type.id == TypeId::kUnknown ? "unknown"
                                                                          : args[0]->type.Name()));
  }
  ResolvedFunction fn;
  try {
    fn = binder_.context().functions->ResolveFunction(name, types);
  } catch (SqlError& err) {
    err.set_position(e.location + 1);
    throw;
  }
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kFunction;
  out->function = fn;
  out->type = fn.return_type;
  for (size_t i = 0; i < args.size(); i++) {
    Type target = i < fn.arg_types.size() ? fn.arg_types[i] : fn.arg_types.back();
    out->children.push_back(Coerce(binder_, args[i], target, e.location));
  }
  bool all_const = true;
  for (const auto& c : out->children) all_const &= c->is_constant;
  out->is_constant = all_const && !fn.fn->is_volatile;
  return out;
}

BoundExprPtr ExprBinder::BindAggregate(const ast::Expr& e) {
  std::string name = e.names.back();
  if (!agg_) {
    ThrowAt(sqlstate::kGroupingError,
            std::string("aggregate functions are not allowed in ") + clause_, e.location);
  }
  ExprBinder inner(binder_, scope_, "aggregate arguments");
  inner.in_aggregate_ = true;
  AggregateSpec spec;
  spec.name = name;
  spec.star = e.agg_star;
  spec.distinct = e.agg_distinct;
  std::vector<BoundExprPtr> args;
  for (const auto& a : e.args) {
    if (ContainsAggregateCall(*a)) {
      ThrowAt(sqlstate::kGroupingError, "aggregate function calls cannot be nested",
              a->location);
    }
    args.push_back(inner.Bind(*a));
    spec.arg_types.push_back(args.back()->type);
  }
  try {
    spec.result_type = ResolveAggregate(name, spec.arg_types, spec.star);
  } catch (SqlError& err) {
    err.set_position(e.location + 1);
    throw;
  }
  for (size_t i = 0; i < args.size(); i++) {
    spec.args.push_back(Coerce(binder_, args[i], spec.arg_types[i], e.location));
  }
  if (e.agg_filter) {
    ExprBinder filter(binder_, scope_, "FILTER");
    filter.in_aggregate_ = true;
    spec.filter = filter.BindCondition(*e.agg_filter);
    correlated_ |= filter.correlated();
  }
  for (const ast::SortItem& s : e.agg_order) {
    BoundExprPtr key = inner.Bind(*s.expr);
    if (key->type.id == TypeId::kUnknown) key = Coerce(binder_, key, Type(TypeId::kText), e.location);
    spec.order_exprs.push_back(key);
    bool desc = s.direction == ast::SortDirection::kDesc;
    spec.order_desc.push_back(desc);
    spec.order_nulls_first.push_back(s.nulls == ast::NullsOrder::kDefault
                                         ? desc
                                         : s.nulls == ast::NullsOrder::kFirst);
  }
  correlated_ |= inner.correlated();
  Type result = spec.result_type;
  agg_->aggregates.push_back(std::move(spec));
  int column = static_cast<int>(agg_->groups.size() + agg_->aggregates.size() - 1);
  return MakeColumnRef(column, result);
}

bool ContainsAggregateCall(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kFuncCall && !e.over && !e.names.empty() &&
      IsAggregateName(e.names.back())) {
    return true;
  }
  for (const auto& c : e.args) {
    if (c && ContainsAggregateCall(*c)) return true;
  }
  return e.else_expr && ContainsAggregateCall(*e.else_expr);
}

BoundExprPtr ExprBinder::BindSubquery(const ast::Expr& e) {
  BoundQuery q = binder_.BindQuery(*e.subquery, &scope_);
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kSubquery;
  out->subplan = q.plan;
  out->correlated = q.plan && PlanIsCorrelated(*q.plan);
  if (e.kind == ast::ExprKind::kExists) {
    out->subquery_kind = SubqueryKind::kExists;
    out->type = Type(TypeId::kBool);
    return out;
  }
  if (q.types.size() != 1) {
    ThrowAt(sqlstate::kSyntaxError,
            q.types.size() > 1 ? "subquery has too many columns" : "subquery has too few columns",
            e.location);
  }
  if (e.kind == ast::ExprKind::kSubquery) {
    out->subquery_kind = SubqueryKind::kScalar;
    out->type = q.types[0];
    return out;
  }
  // arg IN (SELECT ...) = arg = ANY (SELECT ...)
  BoundExprPtr arg = Bind(*e.args[0]);
  BoundExprPtr probe = MakeConstant(Value::Null(q.types[0]));
  BoundExprPtr cmp = MakeOperator("=", arg, probe, e.location);
  out->subquery_kind = SubqueryKind::kAny;
  out->function = cmp->function;
  out->type = Type(TypeId::kBool);
  out->children.push_back(cmp->children[0]);
  if (!e.negated) return out;
  auto neg = std::make_shared<BoundExpr>();
  neg->kind = BoundExprKind::kNot;
  neg->type = Type(TypeId::kBool);
  neg->children.push_back(out);
  return neg;
}

BoundExprPtr ExprBinder::BindAnyAll(const ast::Expr& e) {
  BoundExprPtr arg = Bind(*e.args[0]);
  if (e.subquery) {
    BoundQuery q = binder_.BindQuery(*e.subquery, &scope_);
    if (q.types.size() != 1) {
      ThrowAt(sqlstate::kSyntaxError, "subquery has too many columns", e.location);
    }
    BoundExprPtr cmp = MakeOperator(e.op, arg, MakeConstant(Value::Null(q.types[0])), e.location);
    auto out = std::make_shared<BoundExpr>();
    out->kind = BoundExprKind::kSubquery;
    out->subquery_kind = e.variant == "all" ? SubqueryKind::kAll : SubqueryKind::kAny;
    out->subplan = q.plan;
    out->correlated = PlanIsCorrelated(*q.plan);
    out->function = cmp->function;
    out->type = Type(TypeId::kBool);
    out->children.push_back(cmp->children[0]);
    return out;
  }
  BoundExprPtr arr = Bind(*e.args[1]);
  if (arr->type.id == TypeId::kUnknown) {
    // '{1,2}' literal: an array of the left side's type.
    Type elem = arg->type.id == TypeId::kUnknown ? Type(TypeId::kText) : arg->type;
    arr = Coerce(binder_, arr, Type::Array(elem.id), e.location);
  }
  if (!arr->type.IsArray()) {
    ThrowAt(sqlstate::kDatatypeMismatch, "op ANY/ALL (array) requires array on right side",
            e.location);
  }
  BoundExprPtr cmp =
      MakeOperator(e.op, arg, MakeConstant(Value::Null(Type(arr->type.elem))), e.location);
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kAnyArray;
  out->variant = e.variant;
  out->function = cmp->function;
  out->type = Type(TypeId::kBool);
  out->children.push_back(cmp->children[0]);
  Type want = Type::Array(cmp->function.arg_types[1].id);
  out->children.push_back(arr->type.SameBase(want) ? arr : Coerce(binder_, arr, want, e.location));
  out->is_constant = arg->is_constant && arr->is_constant;
  return out;
}

}  // namespace firn
