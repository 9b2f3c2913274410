// Function calls, aggregates and subqueries.
#include "common/sql_error.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/json_set_functions.h"
#include "sql/parser/type_name.h"

namespace firn {
namespace {

bool IsSetFunction(const std::string& name) {
  return name == "generate_series" || name == "unnest" || name == "generate_subscripts" ||
         !JsonSetColumns(name).empty();
}

}  // namespace

BoundExprPtr ExprBinder::BindFuncCall(const ast::Expr& e) {
  std::string name = e.names.back();
  if (e.names.size() > 1 && e.names[0] != "pg_catalog") {
    ThrowAt(sqlstate::kInvalidSchemaName, "schema \"" + e.names[0] + "\" does not exist",
            e.location);
  }
  if (e.over) return BindWindow(e);
  if (IsAggregateName(name)) {
    if (in_aggregate_) {
      ThrowAt(sqlstate::kGroupingError, "aggregate function calls cannot be nested", e.location);
    }
    ThrowAt(sqlstate::kGroupingError,
            std::string("aggregate functions are not allowed in ") + clause_, e.location);
  }
  if (e.agg_star || e.agg_distinct || e.agg_filter || !e.agg_order.empty()) {
    ThrowAt(
        sqlstate::kWrongObjectType,
        "DISTINCT, ORDER BY, FILTER or * specified, but " + name + " is not an aggregate function",
        e.location);
  }
  if (IsSetFunction(name)) {
    if (!srfs_) {
      ThrowAt(sqlstate::kFeatureNotSupported,
              "set-returning functions are not allowed in " + std::string(clause_), e.location);
    }
    SetFunctionContext* srfs = srfs_;
    srfs_ = nullptr;  // no nesting
    std::vector<BoundExprPtr> args;
    for (const auto& a : e.args) args.push_back(Bind(*a));
    srfs_ = srfs;
    Type type;
    if (std::vector<JsonSetColumn> json = JsonSetColumns(name); !json.empty()) {
      if (json.size() > 1) {  // a record in PostgreSQL; Firn has no composite values
        ThrowAt(sqlstate::kFeatureNotSupported,
                name + " in a select list is not supported; use it in FROM", e.location);
      }
      args = {BindJsonSetRows(binder_, name, json[0].builder, std::move(args), e.location)};
      name = "unnest";
    }
    if (name == "generate_subscripts") {
      if (args.size() != 2 || !args[0]->type.IsArray()) {
        ThrowAt(sqlstate::kUndefinedFunction, "function generate_subscripts does not exist",
                e.location);
      }
      args[1] = Coerce(binder_, args[1], Type(TypeId::kInt4), e.location);
      type = Type(TypeId::kInt4);
    } else if (name == "unnest") {
      if (args.size() != 1 || !args[0]->type.IsArray()) {
        ThrowAt(sqlstate::kUndefinedFunction,
                "function unnest(" + (args.empty() ? std::string() : args[0]->type.Name()) +
                    ") does not exist",
                e.location);
      }
      type = Type(args[0]->type.elem);
    } else {
      if (args.size() < 2 || args.size() > 3) {
        ThrowAt(sqlstate::kUndefinedFunction,
                "function generate_series with " + std::to_string(args.size()) +
                    " arguments does not exist",
                e.location);
      }
      type = CommonTypeOf({args[0], args[1]}, "generate_series", e.location);
      if (!IsIntegerType(type.id)) {
        ThrowAt(sqlstate::kFeatureNotSupported,
                "generate_series over " + type.Name() +
                    " in a select list is not supported; "
                    "use it in FROM",
                e.location);
      }
      if (type.id == TypeId::kInt2) type = Type(TypeId::kInt4);
      for (auto& a : args) a = Coerce(binder_, a, type, e.location);
    }
    srfs->names.push_back(name);
    srfs->args.push_back(std::move(args));
    srfs->types.push_back(type);
    return MakeColumnRef(kSetFunctionColumnBase + static_cast<int>(srfs->names.size() - 1), type);
  }
  std::vector<BoundExprPtr> args;
  std::vector<Type> types;
  for (const auto& a : e.args) {
    args.push_back(Bind(*a));
    types.push_back(args.back()->type);
  }
  if (name == "pg_typeof" && args.size() == 1) {
    // PostgreSQL returns regtype; Firn returns the same name as text (docs/sql.md).
    return MakeConstant(
        Value::Text(args[0]->type.id == TypeId::kUnknown ? "unknown" : args[0]->type.Name()));
  }
  ResolvedFunction fn;
  try {
    fn = binder_.context().functions->ResolveFunction(name, types);
  } catch (SqlError& err) {
    // PostgreSQL reads a one-argument call named after a type as a cast: float8(x).
    if (args.size() == 1 && err.sqlstate() == sqlstate::kUndefinedFunction) {
      ast::TypeName type_name;
      type_name.names = {name};
      std::optional<Type> target;
      try {
        target = ResolveTypeName(type_name);
      } catch (const SqlError&) {
      }
      if (target) return ExplicitCast(binder_, args[0], *target, e.location);
    }
    err.set_position(e.location + 1);
    throw;
  }
  return MakeCall(binder_, fn, std::move(args), e.location);
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
      ThrowAt(sqlstate::kGroupingError, "aggregate function calls cannot be nested", a->location);
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
    if (key->type.id == TypeId::kUnknown)
      key = Coerce(binder_, key, Type(TypeId::kText), e.location);
    spec.order_exprs.push_back(key);
    bool desc = s.direction == ast::SortDirection::kDesc;
    spec.order_desc.push_back(desc);
    spec.order_nulls_first.push_back(
        s.nulls == ast::NullsOrder::kDefault ? desc : s.nulls == ast::NullsOrder::kFirst);
  }
  correlated_ |= inner.correlated();
  Type result = spec.result_type;
  agg_->aggregates.push_back(std::move(spec));
  int column = static_cast<int>(agg_->groups.size() + agg_->aggregates.size() - 1);
  return MakeColumnRef(column, result);
}

BoundExprPtr ExprBinder::BindGrouping(const ast::Expr& e) {
  if (in_aggregate_) {
    // An aggregate's FILTER is its own clause to PostgreSQL; its arguments nest.
    ThrowAt(sqlstate::kGroupingError,
            std::string(clause_) == "FILTER" ? "grouping operations are not allowed in FILTER"
                                             : "aggregate function calls cannot be nested",
            e.location);
  }
  if (!agg_) {
    ThrowAt(sqlstate::kGroupingError,
            std::string("grouping operations are not allowed in ") + clause_, e.location);
  }
  if (e.args.size() >= 32) {
    ThrowAt(sqlstate::kTooManyArguments, "GROUPING must have fewer than 32 arguments", e.location);
  }
  AggregateSpec spec;
  spec.name = "grouping";
  spec.result_type = Type(TypeId::kInt4);
  for (const auto& a : e.args) {
    // Each argument must be one of the GROUP BY expressions, compared as bound.
    ExprBinder pre(binder_, scope_, clause_);
    BoundExprPtr bound = pre.Bind(*a);
    int index = -1;
    for (size_t i = 0; i < agg_->groups.size() && index < 0; i++) {
      if (SameExpr(*bound, *agg_->groups[i])) index = static_cast<int>(i);
    }
    if (index < 0) {
      ThrowAt(sqlstate::kGroupingError,
              "arguments to GROUPING must be grouping expressions of the associated query level",
              a->location);
    }
    spec.grouping_columns.push_back(index);
  }
  agg_->aggregates.push_back(std::move(spec));
  int column = static_cast<int>(agg_->groups.size() + agg_->aggregates.size() - 1);
  return MakeColumnRef(column, Type(TypeId::kInt4));
}

bool ContainsAggregateCall(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kGrouping) return true;
  if (e.kind == ast::ExprKind::kFuncCall && !e.over && !e.names.empty() &&
      IsAggregateName(e.names.back())) {
    return true;
  }
  for (const auto& c : e.args) {
    if (c && ContainsAggregateCall(*c)) return true;
  }
  return e.else_expr && ContainsAggregateCall(*e.else_expr);
}

bool ContainsWindowCall(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kFuncCall && e.over) return true;
  for (const auto& c : e.args) {
    if (c && ContainsWindowCall(*c)) return true;
  }
  return e.else_expr && ContainsWindowCall(*e.else_expr);
}

bool ContainsSetFunctionCall(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kFuncCall && !e.names.empty() && IsSetFunction(e.names.back())) {
    return true;
  }
  for (const auto& c : e.args) {
    if (c && ContainsSetFunctionCall(*c)) return true;
  }
  return e.else_expr && ContainsSetFunctionCall(*e.else_expr);
}

BoundExprPtr RemapWindowColumns(const BoundExprPtr& e, int input_width, int base) {
  if (!e) return e;
  auto in_range = [base](const BoundExpr& x) {
    return x.kind == BoundExprKind::kColumn && x.column >= base && x.column < base * 2;
  };
  bool needs = in_range(*e);
  for (const auto& c : e->children) {
    if (c && RemapWindowColumns(c, input_width, base) != c) needs = true;
  }
  if (e->else_expr && RemapWindowColumns(e->else_expr, input_width, base) != e->else_expr) {
    needs = true;
  }
  if (!needs) return e;
  auto out = std::make_shared<BoundExpr>(*e);
  if (in_range(*out)) out->column = input_width + (out->column - base);
  for (auto& c : out->children) c = RemapWindowColumns(c, input_width, base);
  out->else_expr = RemapWindowColumns(out->else_expr, input_width, base);
  return out;
}

BoundExprPtr ExprBinder::BindWindow(const ast::Expr& e) {
  if (!windows_) {
    ThrowAt(sqlstate::kWindowingError,
            std::string("window functions are not allowed in ") + clause_, e.location);
  }
  std::string name = e.names.back();
  // Resolve OVER w / OVER (w ...) against the WINDOW clause.
  const ast::WindowSpec* spec = e.over.get();
  const ast::WindowSpec* base = nullptr;
  std::string ref = !spec->name.empty() ? spec->name : spec->ref_name;
  if (!ref.empty()) {
    if (windows_->named) {
      for (const ast::WindowDef& d : *windows_->named) {
        if (d.name == ref) base = d.spec.get();
      }
    }
    if (!base)
      ThrowAt(sqlstate::kUndefinedObject, "window \"" + ref + "\" does not exist", e.location);
    if (!spec->name.empty()) spec = base;
  }
  WindowContext* saved = windows_;
  windows_ = nullptr;  // window calls cannot nest
  struct Restore {
    ExprBinder* self;
    WindowContext* w;
    ~Restore() { self->windows_ = w; }
  } restore{this, saved};

  WindowFunction wf;
  wf.name = name;
  const auto& partition = base && spec != base ? base->partition_by : spec->partition_by;
  for (const auto& p : partition) {
    BoundExprPtr b = Bind(*p);
    if (b->type.id == TypeId::kUnknown) b = Coerce(binder_, b, Type(TypeId::kText), p->location);
    wf.partition_by.push_back(b);
  }
  const auto& order =
      (base && spec != base && spec->order_by.empty()) ? base->order_by : spec->order_by;
  for (const ast::SortItem& s : order) {
    SortKey key;
    key.expr = Bind(*s.expr);
    if (key.expr->type.id == TypeId::kUnknown) {
      key.expr = Coerce(binder_, key.expr, Type(TypeId::kText), s.expr->location);
    }
    key.descending = s.direction == ast::SortDirection::kDesc;
    key.nulls_first =
        s.nulls == ast::NullsOrder::kDefault ? key.descending : s.nulls == ast::NullsOrder::kFirst;
    wf.order_by.push_back(key);
  }
  wf.has_order = !wf.order_by.empty();
  const ast::WindowSpec* frame =
      spec->has_frame ? spec : (base && base->has_frame ? base : nullptr);
  if (frame) {
    wf.frame_mode = frame->frame_mode == ast::FrameMode::kRows    ? 0
                    : frame->frame_mode == ast::FrameMode::kRange ? 1
                                                                  : 2;
    wf.start_kind = static_cast<int>(frame->frame_start.kind);
    wf.end_kind = static_cast<int>(frame->frame_end.kind);
    auto bind_offset = [&](const ast::ExprPtr& off) -> BoundExprPtr {
      if (!off) return nullptr;
      Scope empty(scope_.outer());
      ExprBinder ob(binder_, empty, "window frame offsets");
      BoundExprPtr b = ob.Bind(*off);
      Type want(TypeId::kInt8);
      if (wf.frame_mode == 1) {
        if (wf.order_by.size() != 1) {
          ThrowAt(sqlstate::kWindowingError,
                  "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column",
                  off->location);
        }
        Type key = wf.order_by[0].expr->type;
        want = IsDateTimeType(key.id) || key.id == TypeId::kInterval ? Type(TypeId::kInterval)
                                                                     : Type(key.id);
      }
      return Coerce(binder_, b, want, off->location);
    };
    wf.start_offset = bind_offset(frame->frame_start.offset);
    wf.end_offset = bind_offset(frame->frame_end.offset);
  } else if (!wf.has_order) {
    wf.frame_mode = 1;
    wf.start_kind = 0;  // UNBOUNDED PRECEDING
    wf.end_kind = 4;    // UNBOUNDED FOLLOWING: the whole partition
  }
  if (e.agg_filter && !IsAggregateName(name)) {
    ThrowAt(sqlstate::kWrongObjectType,
            "FILTER is not implemented for non-aggregate window functions", e.location);
  }
  if (e.agg_distinct) {
    ThrowAt(sqlstate::kFeatureNotSupported, "DISTINCT is not implemented for window functions",
            e.location);
  }
  if (!e.agg_order.empty()) {
    ThrowAt(sqlstate::kFeatureNotSupported,
            "aggregate ORDER BY is not implemented for window functions", e.location);
  }
  std::vector<BoundExprPtr> args;
  for (const auto& a : e.args) args.push_back(Bind(*a));
  if (IsAggregateName(name)) {
    AggregateSpec& agg = wf.aggregate;
    agg.name = name;
    agg.star = e.agg_star;
    for (const auto& a : args) agg.arg_types.push_back(a->type);
    agg.result_type = ResolveAggregate(name, agg.arg_types, agg.star);
    for (size_t i = 0; i < args.size(); i++) {
      agg.args.push_back(Coerce(binder_, args[i], agg.arg_types[i], e.location));
    }
    if (e.agg_filter) agg.filter = BindCondition(*e.agg_filter);
    wf.args = agg.args;
    wf.type = agg.result_type;
  } else {
    auto arity = [&](size_t lo, size_t hi) {
      if (args.size() < lo || args.size() > hi) {
        std::string sig = name + "(";
        for (size_t i = 0; i < args.size(); i++) sig += (i ? ", " : "") + args[i]->type.Name();
        ThrowAt(sqlstate::kUndefinedFunction, "function " + sig + ") does not exist", e.location);
      }
    };
    if (name == "row_number" || name == "rank" || name == "dense_rank") {
      arity(0, 0);
      wf.type = Type(TypeId::kInt8);
    } else if (name == "percent_rank" || name == "cume_dist") {
      arity(0, 0);
      wf.type = Type(TypeId::kFloat8);
    } else if (name == "ntile") {
      arity(1, 1);
      args[0] = Coerce(binder_, args[0], Type(TypeId::kInt4), e.location);
      wf.type = Type(TypeId::kInt4);
    } else if (name == "lag" || name == "lead") {
      arity(1, 3);
      if (args[0]->type.id == TypeId::kUnknown) {
        args[0] = Coerce(binder_, args[0], Type(TypeId::kText), e.location);
      }
      if (args.size() > 1) args[1] = Coerce(binder_, args[1], Type(TypeId::kInt4), e.location);
      if (args.size() > 2) {
        Type t = CommonTypeOf({args[0], args[2]}, name.c_str(), e.location);
        args[0] = Coerce(binder_, args[0], t, e.location);
        args[2] = Coerce(binder_, args[2], t, e.location);
      }
      wf.type = args[0]->type;
    } else if (name == "first_value" || name == "last_value" || name == "nth_value") {
      arity(name == "nth_value" ? 2 : 1, name == "nth_value" ? 2 : 1);
      if (args[0]->type.id == TypeId::kUnknown) {
        args[0] = Coerce(binder_, args[0], Type(TypeId::kText), e.location);
      }
      if (args.size() > 1) args[1] = Coerce(binder_, args[1], Type(TypeId::kInt4), e.location);
      wf.type = args[0]->type;
    } else {
      ThrowAt(sqlstate::kWrongObjectType,
              "function " + name + " is not a window function or an aggregate", e.location);
    }
    wf.args = args;
  }
  saved->functions.push_back(std::move(wf));
  return MakeColumnRef(kWindowColumnBase + static_cast<int>(saved->functions.size() - 1),
                       saved->functions.back().type);
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
