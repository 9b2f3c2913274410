#include "sql/binder/expr_binder.h"

#include <algorithm>

#include "common/sql_error.h"
#include "exec/evaluator.h"
#include "exec/function/coercion.h"
#include "sql/binder/reg_casts.h"
#include "sql/parser/type_name.h"
#include "types/cast.h"

namespace firn {

BoundExprPtr MakeColumnRef(int column, Type type) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kColumn;
  e->column = column;
  e->type = type;
  return e;
}

BoundExprPtr MakeCall(Binder& binder, const ResolvedFunction& fn, std::vector<BoundExprPtr> args,
                      int location) {
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kFunction;
  out->function = fn;
  out->type = fn.return_type;
  bool all_constant = true;
  for (size_t i = 0; i < args.size(); i++) {
    Type target = i < fn.arg_types.size() ? fn.arg_types[i] : fn.arg_types.back();
    out->children.push_back(Coerce(binder, args[i], target, location));
    all_constant &= out->children.back()->is_constant;
  }
  out->is_constant = all_constant && !fn.fn->is_volatile;
  return out;
}

PlanPtr MakeProjectPlan(PlanPtr child, std::vector<BoundExprPtr> exprs) {
  auto p = std::make_shared<PlanNode>(PlanKind::kProject);
  for (const auto& e : exprs) p->types.push_back(e->type);
  p->exprs = std::move(exprs);
  p->children.push_back(std::move(child));
  return p;
}

PlanPtr MakeFilterPlan(PlanPtr child, BoundExprPtr predicate) {
  auto f = std::make_shared<PlanNode>(PlanKind::kFilter);
  f->types = child->types;
  f->predicate = std::move(predicate);
  f->children.push_back(std::move(child));
  return f;
}

BoundExprPtr MakeConstant(Value value) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kConstant;
  e->type = value.type();
  e->value = std::move(value);
  e->is_constant = true;
  return e;
}

namespace {

// The alias of the FROM item in `scope` holding input column `column`, or named `table` when
// the column was not found (-1).
std::string EntryAlias(const Scope& scope, int column, const std::string& table) {
  for (const ScopeEntry& entry : scope.entries()) {
    if (column >= entry.offset && column < entry.offset + static_cast<int>(entry.columns.size())) {
      return entry.alias;
    }
  }
  return table;
}

// Types whose input reads nothing from the session (not the time zone, which timestamps with
// zone names and timestamptz use), so a literal read at bind time reads as it will at run
// time.
bool ReadsWithoutSession(const Type& type) {
  switch (type.IsArray() ? type.ElementType().id : type.id) {
    case TypeId::kBool:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kNumeric:
    case TypeId::kOid:
    case TypeId::kUuid:
    case TypeId::kDate:
    case TypeId::kInterval:
    case TypeId::kJson:
    case TypeId::kJsonb:
      return true;
    default:
      return false;
  }
}

// `cast` reads a literal as its type. PostgreSQL does that when it parses the statement, so
// a bad literal is an error pointing at it whether or not a row would evaluate it (WHERE id
// = 'x' over an empty table): the same reading is tried here, and the cast still runs
// later. Types whose input depends on the session are left to run time.
void CheckLiteral(Binder& binder, const BoundExpr& cast) {
  const BoundExpr& literal = *cast.children[0];
  if (literal.kind != BoundExprKind::kConstant || literal.value.is_null() ||
      !ReadsWithoutSession(cast.type)) {
    return;
  }
  ExecContext ctx;
  ctx.functions = binder.context().functions;
  ctx.eval.catalog = binder.context().catalog;
  try {
    (void)EvaluateConstant(cast, ctx);
  } catch (SqlError& err) {
    if (err.position() == 0 && literal.location >= 0) err.set_position(literal.location + 1);
    throw;
  }
}

bool AllConstant(const std::vector<BoundExprPtr>& children) {
  return std::all_of(children.begin(), children.end(),
                     [](const BoundExprPtr& c) { return c && c->is_constant; });
}

bool IsUnknown(const BoundExpr& e) { return e.type.id == TypeId::kUnknown; }

std::string TypeNameForError(const Type& t) {
  return t.id == TypeId::kUnknown ? "unknown" : t.Name();
}

}  // namespace

bool SameExpr(const BoundExpr& a, const BoundExpr& b) {
  if (a.kind != b.kind || !(a.type == b.type)) return false;
  switch (a.kind) {
    case BoundExprKind::kColumn:
      return a.column == b.column;
    case BoundExprKind::kOuterColumn:
      return a.column == b.column && a.depth == b.depth;
    case BoundExprKind::kConstant:
      if (a.value.is_null() || b.value.is_null()) return a.value.is_null() == b.value.is_null();
      return CompareValues(a.value, b.value) == 0;
    case BoundExprKind::kParam:
      return a.param_index == b.param_index;
    case BoundExprKind::kSubquery:
      return false;
    default:
      break;
  }
  if (a.function.fn != b.function.fn || a.negated != b.negated || a.variant != b.variant ||
      a.children.size() != b.children.size()) {
    return false;
  }
  for (size_t i = 0; i < a.children.size(); i++) {
    if (!a.children[i] || !b.children[i]) {
      if (a.children[i] != b.children[i]) return false;
      continue;
    }
    if (!SameExpr(*a.children[i], *b.children[i])) return false;
  }
  if ((a.else_expr == nullptr) != (b.else_expr == nullptr)) return false;
  return !a.else_expr || SameExpr(*a.else_expr, *b.else_expr);
}

Type CommonTypeOf(const std::vector<BoundExprPtr>& exprs, const char* what, int location) {
  std::vector<Type> types;
  for (const BoundExprPtr& e : exprs) types.push_back(e->type);
  std::optional<Type> common = function_internal::CommonType(types);
  if (!common) {
    // Name the first pair that cannot be matched, as PostgreSQL does.
    Type first = Type(TypeId::kUnknown);
    for (const Type& t : types) {
      if (t.id == TypeId::kUnknown) continue;
      if (first.id == TypeId::kUnknown) {
        first = t;
        continue;
      }
      if (!function_internal::CommonType({first, t})) {
        ThrowAt(sqlstate::kDatatypeMismatch,
                std::string(what) + " types " + first.Name() + " and " + t.Name() +
                    " cannot be matched",
                location);
      }
    }
    ThrowAt(sqlstate::kDatatypeMismatch, std::string(what) + " types cannot be matched", location);
  }
  // Drop typmods unless every input agrees (varchar(3) vs varchar(5) -> varchar).
  Type result = *common;
  for (const Type& t : types) {
    if (t.id != TypeId::kUnknown && !(t == result)) {
      result.typmod = -1;
      break;
    }
  }
  return result;
}

static BoundExprPtr SetParamType(Binder& binder, const BoundExpr& param, Type target) {
  auto& types = binder.context().param_types;
  types[static_cast<size_t>(param.param_index)] = target;
  auto e = std::make_shared<BoundExpr>(param);
  e->type = target;
  return e;
}

BoundExprPtr Coerce(Binder& binder, BoundExprPtr expr, Type target, int location, bool assignment) {
  if (expr->type == target) return expr;
  if (target.id == TypeId::kUnknown) return expr;
  if (expr->kind == BoundExprKind::kParam && IsUnknown(*expr)) {
    return SetParamType(binder, *expr, target);
  }
  if (IsUnknown(*expr)) {
    // An untyped literal (or NULL): read it as the target type, with assignment rules
    // (varchar(3) rejects a longer string instead of truncating).
    if (expr->kind == BoundExprKind::kConstant && expr->value.is_null()) {
      return MakeConstant(Value::Null(target));
    }
    auto cast = std::make_shared<BoundExpr>();
    cast->kind = BoundExprKind::kCast;
    cast->type = target;
    cast->cast_explicit = false;
    cast->children.push_back(expr);
    cast->is_constant = expr->is_constant;
    CheckLiteral(binder, *cast);
    return cast;
  }
  // Same base type, different typmod: apply the typmod (varchar(10) -> varchar(5)).
  bool same_base = expr->type.SameBase(target);
  if (!same_base) {
    CastKind kind = GetCastKind(expr->type, target);
    bool ok = kind == CastKind::kImplicit || (assignment && kind == CastKind::kAssignment);
    if (!ok) {
      ThrowAt(sqlstate::kDatatypeMismatch,
              "cannot coerce type " + TypeNameForError(expr->type) + " to " + target.Name(),
              location);
    }
  }
  if (same_base && (target.typmod < 0 || expr->type.typmod == target.typmod)) {
    if (!same_base || expr->type.typmod == target.typmod) return expr;
  }
  auto cast = std::make_shared<BoundExpr>();
  cast->kind = BoundExprKind::kCast;
  cast->type = target;
  cast->cast_explicit = false;
  cast->children.push_back(expr);
  cast->is_constant = expr->is_constant;
  return cast;
}

BoundExprPtr ExplicitCast(Binder& binder, BoundExprPtr expr, Type target, int location) {
  if (expr->kind == BoundExprKind::kParam && IsUnknown(*expr)) {
    return SetParamType(binder, *expr, target);
  }
  if (!IsUnknown(*expr) && !expr->type.SameBase(target) &&
      GetCastKind(expr->type, target) == CastKind::kNone) {
    ThrowAt(sqlstate::kCannotCoerce,
            "cannot cast type " + expr->type.Name() + " to " + target.Name(), location);
  }
  if (expr->type == target) return expr;
  if (expr->kind == BoundExprKind::kConstant && expr->value.is_null()) {
    return MakeConstant(Value::Null(target));
  }
  auto cast = std::make_shared<BoundExpr>();
  cast->kind = BoundExprKind::kCast;
  cast->type = target;
  cast->cast_explicit = true;
  cast->children.push_back(expr);
  cast->is_constant = expr->is_constant;
  if (IsUnknown(*expr)) CheckLiteral(binder, *cast);
  return cast;
}

std::string FigureColumnName(const ast::Expr& e) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::kColumnRef:
      if (e.star || e.names.empty()) return "?column?";
      return e.names.back();
    case K::kFuncCall:
      return e.names.empty() ? "?column?" : e.names.back();
    case K::kCast: {
      // A column, call or subscript under any number of casts names it (x::regclass::text
      // is "x"), as PostgreSQL's strong names do; otherwise the outermost type does.
      const ast::Expr* inner = &e;
      while (inner->kind == K::kCast && !inner->args.empty()) inner = inner->args[0].get();
      if (inner->kind == K::kColumnRef || inner->kind == K::kFuncCall ||
          inner->kind == K::kSubscript) {
        std::string name = FigureColumnName(*inner);
        if (name != "?column?") return name;
      }
      return e.type_name.names.empty() ? "?column?" : e.type_name.names.back();
    }
    case K::kCase:
      return "case";
    case K::kGrouping:
      return "grouping";
    case K::kCoalesce:
      return "coalesce";
    case K::kGreatest:
      return "greatest";
    case K::kLeast:
      return "least";
    case K::kNullIf:
      return "nullif";
    case K::kExists:
      return "exists";
    case K::kArray:
      return "array";
    case K::kSubscript:
      return e.args.empty() ? "?column?" : FigureColumnName(*e.args[0]);
    case K::kSpecialValue:
      return e.names.empty() ? "?column?" : e.names.back();
    case K::kSubquery:
      if (e.subquery && e.subquery->op == ast::SetOpKind::kNone && !e.subquery->targets.empty()) {
        const ast::ResultTarget& t = e.subquery->targets[0];
        if (!t.alias.empty()) return t.alias;
        if (t.expr) return FigureColumnName(*t.expr);
      }
      return "?column?";
    default:
      return "?column?";
  }
}

// ---- ExprBinder --------------------------------------------------------------------------

namespace {

bool ContainsAggregate(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kGrouping) return true;
  if (e.kind == ast::ExprKind::kFuncCall && !e.over && e.names.size() >= 1 &&
      IsAggregateName(e.names.back())) {
    return true;
  }
  for (const auto& c : e.args) {
    if (c && ContainsAggregate(*c)) return true;
  }
  if (e.else_expr && ContainsAggregate(*e.else_expr)) return true;
  return false;
}

bool UsesInputColumns(const BoundExpr& e) {
  if (e.kind == BoundExprKind::kColumn) return true;
  if (e.kind == BoundExprKind::kSubquery && e.correlated) return true;
  for (const auto& c : e.children) {
    if (c && UsesInputColumns(*c)) return true;
  }
  return e.else_expr && UsesInputColumns(*e.else_expr);
}

}  // namespace

BoundExprPtr ExprBinder::Bind(const ast::Expr& expr) {
  if (agg_ && !in_aggregate_) {
    if (expr.kind == ast::ExprKind::kGrouping) return BindGrouping(expr);
    bool is_agg_call = expr.kind == ast::ExprKind::kFuncCall && !expr.over && !expr.names.empty() &&
                       IsAggregateName(expr.names.back());
    if (is_agg_call) return BindAggregate(expr);
    if (!ContainsAggregate(expr) && !ContainsWindowCall(expr) && !ContainsSetFunctionCall(expr)) {
      ExprBinder pre(binder_, scope_, clause_);
      BoundExprPtr bound = pre.Bind(expr);
      correlated_ |= pre.correlated();
      for (size_t i = 0; i < agg_->groups.size(); i++) {
        if (SameExpr(*bound, *agg_->groups[i])) {
          return MakeColumnRef(static_cast<int>(i), agg_->groups[i]->type);
        }
      }
      if (!UsesInputColumns(*bound)) return bound;
      if (expr.kind == ast::ExprKind::kColumnRef) {
        std::string name;
        if (bound->kind == BoundExprKind::kColumn) {
          for (const ScopeEntry& entry : scope_.entries()) {
            int rel = bound->column - entry.offset;
            if (rel >= 0 && rel < static_cast<int>(entry.columns.size())) {
              name = (entry.alias.empty() ? "" : entry.alias + ".") +
                     entry.columns[static_cast<size_t>(rel)];
            }
          }
        }
        ThrowAt(sqlstate::kGroupingError,
                "column \"" + name +
                    "\" must appear in the GROUP BY clause or be used in an aggregate function",
                expr.location);
      }
    }
  }
  return BindInner(expr);
}

BoundExprPtr ExprBinder::BindCondition(const ast::Expr& expr) {
  BoundExprPtr b = Bind(expr);
  if (b->type.id == TypeId::kBool) return b;
  if (IsUnknown(*b)) return Coerce(binder_, b, Type(TypeId::kBool), expr.location);
  ThrowAt(
      sqlstate::kDatatypeMismatch,
      std::string("argument of ") + clause_ + " must be type boolean, not type " + b->type.Name(),
      expr.location);
}

BoundExprPtr ExprBinder::BindInner(const ast::Expr& e) {
  using K = ast::ExprKind;
  if (row_local_ != nullptr) {
    if (e.kind == K::kColumnRef && !row_local_columns_) {
      ThrowAt(sqlstate::kFeatureNotSupported,
              std::string("cannot use column reference in ") + row_local_, e.location);
    }
    if (e.subquery) {
      ThrowAt(sqlstate::kFeatureNotSupported, std::string("cannot use subquery in ") + row_local_,
              e.location);
    }
    if (e.kind == K::kParam) {
      ThrowAt(sqlstate::kUndefinedParameter,
              "there is no parameter $" + std::to_string(e.param_number), e.location);
    }
  }
  switch (e.kind) {
    case K::kColumnRef:
      return BindColumnRef(e);
    case K::kConstant:
      return BindConstant(e);
    case K::kParam:
      return BindParam(e);
    case K::kFuncCall:
      return BindFuncCall(e);
    case K::kOperator:
      return BindOperator(e);
    case K::kAnd:
      return BindBool(BoundExprKind::kAnd, e, "AND");
    case K::kOr:
      return BindBool(BoundExprKind::kOr, e, "OR");
    case K::kNot:
      return BindBool(BoundExprKind::kNot, e, "NOT");
    case K::kIsNull: {
      auto out = std::make_shared<BoundExpr>();
      out->kind = BoundExprKind::kIsNull;
      out->type = Type(TypeId::kBool);
      BoundExprPtr arg = Bind(*e.args[0]);
      if (IsUnknown(*arg)) arg = Coerce(binder_, arg, Type(TypeId::kText), e.location);
      out->children.push_back(arg);
      out->negated = e.negated;
      out->is_constant = arg->is_constant;
      return out;
    }
    case K::kBooleanTest: {
      auto out = std::make_shared<BoundExpr>();
      out->kind = BoundExprKind::kBooleanTest;
      out->type = Type(TypeId::kBool);
      BoundExprPtr arg = Bind(*e.args[0]);
      if (arg->type.id != TypeId::kBool) {
        if (!IsUnknown(*arg)) {
          ThrowAt(sqlstate::kDatatypeMismatch,
                  "argument of IS " + std::string(e.negated ? "NOT " : "") + e.variant +
                      " must be type boolean, not type " + arg->type.Name(),
                  e.location);
        }
        arg = Coerce(binder_, arg, Type(TypeId::kBool), e.location);
      }
      out->children.push_back(arg);
      out->variant = e.variant;
      out->negated = e.negated;
      return out;
    }
    case K::kIsDistinctFrom:
    case K::kNullIf: {
      BoundExprPtr a = Bind(*e.args[0]);
      BoundExprPtr b = Bind(*e.args[1]);
      BoundExprPtr eq = MakeOperator("=", a, b, e.location);
      auto out = std::make_shared<BoundExpr>();
      out->kind = e.kind == K::kNullIf ? BoundExprKind::kNullIf : BoundExprKind::kIsDistinct;
      out->function = eq->function;
      out->children = eq->children;
      out->negated = e.negated;
      out->type = e.kind == K::kNullIf ? out->children[0]->type : Type(TypeId::kBool);
      return out;
    }
    case K::kCast:
      return BindCast(e);
    case K::kCase:
      return BindCase(e);
    case K::kCoalesce:
      return BindVariadicCommon(e, BoundExprKind::kCoalesce, "COALESCE");
    case K::kGreatest:
      return BindVariadicCommon(e, BoundExprKind::kGreatest, "GREATEST");
    case K::kLeast:
      return BindVariadicCommon(e, BoundExprKind::kLeast, "LEAST");
    case K::kInList:
      return BindInList(e);
    case K::kBetween: {
      BoundExprPtr arg = Bind(*e.args[0]);
      BoundExprPtr lo = Bind(*e.args[1]);
      BoundExprPtr hi = Bind(*e.args[2]);
      auto range = [&](BoundExprPtr low, BoundExprPtr high) {
        auto both = std::make_shared<BoundExpr>();
        both->kind = BoundExprKind::kAnd;
        both->type = Type(TypeId::kBool);
        both->children.push_back(MakeOperator(">=", arg, low, e.location));
        both->children.push_back(MakeOperator("<=", arg, high, e.location));
        return both;
      };
      BoundExprPtr result = range(lo, hi);
      if (e.variant == "symmetric") {
        auto either = std::make_shared<BoundExpr>();
        either->kind = BoundExprKind::kOr;
        either->type = Type(TypeId::kBool);
        either->children.push_back(result);
        either->children.push_back(range(hi, lo));
        result = either;
      }
      if (e.negated) {
        auto neg = std::make_shared<BoundExpr>();
        neg->kind = BoundExprKind::kNot;
        neg->type = Type(TypeId::kBool);
        neg->children.push_back(result);
        result = neg;
      }
      return result;
    }
    case K::kLike: {
      std::string op = e.variant == "ilike" ? "~~*" : "~~";
      if (e.negated) op = "!" + op;
      BoundExprPtr pattern = Bind(*e.args[1]);
      if (e.args.size() > 2) {
        // LIKE ... ESCAPE e: rewrite the pattern to the default escape, as PostgreSQL does.
        BoundExprPtr escape = Bind(*e.args[2]);
        ResolvedFunction fn = binder_.context().functions->ResolveFunction(
            "like_escape", {pattern->type, escape->type});
        pattern = MakeCall(binder_, fn, {pattern, escape}, e.location);
      }
      return MakeOperator(op, Bind(*e.args[0]), pattern, e.location);
    }
    case K::kSubquery:
    case K::kExists:
    case K::kInSubquery:
      return BindSubquery(e);
    case K::kAnyAll:
      return BindAnyAll(e);
    case K::kArray:
      return BindArray(e);
    case K::kSubscript:
      return BindSubscript(e);
    case K::kSpecialValue:
      return BindSpecialValue(e);
    case K::kRowExpr:
      ThrowAt(sqlstate::kFeatureNotSupported, "row constructors are not supported", e.location);
    case K::kDefault:
      ThrowAt(sqlstate::kFeatureNotSupported, "DEFAULT is not allowed in this context", e.location);
    case K::kGrouping:
      return BindGrouping(e);
    case K::kGroupingSet:
      ThrowAt(sqlstate::kSyntaxError, "grouping sets are only allowed in GROUP BY", e.location);
  }
  ThrowAt(sqlstate::kInternalError, "unhandled expression", e.location);
}

BoundExprPtr ExprBinder::BindColumnRef(const ast::Expr& e) {
  if (e.star) {
    ThrowAt(sqlstate::kFeatureNotSupported, "* is not allowed in this context", e.location);
  }
  std::string column = e.names.back();
  std::string table = e.names.size() >= 2 ? e.names[e.names.size() - 2] : "";
  int depth = 0;
  std::string hidden_table;  // a FROM item with the name that this part may not read
  for (const Scope* s = &scope_; s; depth += s->is_level() ? 1 : 0, s = s->outer()) {
    int found = -1;
    Type type;
    bool table_seen = false;
    for (const ScopeEntry& entry : s->entries()) {
      if (!table.empty() && entry.alias != table) continue;
      table_seen = true;
      for (size_t c = 0; c < entry.columns.size(); c++) {
        if (entry.columns[c] != column) continue;
        if (table.empty() && entry.hidden[c]) continue;
        if (found >= 0) {
          ThrowAt(sqlstate::kAmbiguousColumn, "column reference \"" + column + "\" is ambiguous",
                  e.location);
        }
        found = entry.offset + static_cast<int>(c);
        type = entry.types[c];
      }
    }
    if (s->access() == ScopeAccess::kWrongJoinType && (found >= 0 || table_seen)) {
      ThrowAt(sqlstate::kInvalidColumnReference,
              "invalid reference to FROM-clause entry for table \"" + EntryAlias(*s, found, table) +
                  "\"",
              e.location, "",
              "The combining JOIN type must be INNER or LEFT for a LATERAL reference.");
    }
    if (s->access() == ScopeAccess::kHintOnly) {
      if ((found >= 0 || table_seen) && hidden_table.empty()) {
        hidden_table = EntryAlias(*s, found, table);
      }
      continue;
    }
    if (found >= 0) {
      if (depth == 0) {
        auto ref = std::make_shared<BoundExpr>(*MakeColumnRef(found, type));
        ref->location = e.location;
        return ref;
      }
      correlated_ = true;
      auto out = std::make_shared<BoundExpr>();
      out->kind = BoundExprKind::kOuterColumn;
      out->column = found;
      out->depth = depth;
      out->type = type;
      return out;
    }
    if (!table.empty() && table_seen) {
      ThrowAt(sqlstate::kUndefinedColumn, "column " + table + "." + column + " does not exist",
              e.location);
    }
  }
  const std::string cannot = "but it cannot be referenced from this part of the query.";
  if (!table.empty()) {
    ThrowAt(sqlstate::kUndefinedTable,
            (hidden_table.empty() ? "missing" : "invalid reference to") +
                std::string(" FROM-clause entry for table \"") + table + "\"",
            e.location,
            hidden_table.empty() ? "" : "There is an entry for table \"" + table + "\", " + cannot);
  }
  ThrowAt(sqlstate::kUndefinedColumn, "column \"" + column + "\" does not exist", e.location,
          hidden_table.empty() ? ""
                               : "There is a column named \"" + column + "\" in table \"" +
                                     hidden_table + "\", " + cannot);
}

BoundExprPtr ExprBinder::BindConstant(const ast::Expr& e) {
  if (e.value.type().id == TypeId::kUnknown && !e.value.is_null()) {
    auto literal = std::make_shared<BoundExpr>(*MakeConstant(e.value));
    literal->location = e.location;
    return literal;
  }
  if (e.value.type().id == TypeId::kUnknown) {
    // Untyped string literal (or NULL): kept as text until context gives it a type.
    if (e.value.is_null() && e.text.empty() && e.kind == ast::ExprKind::kConstant) {
      auto c = MakeConstant(Value());
      return c;
    }
  }
  if (e.value.type().id == TypeId::kUnknown) {
    auto literal =
        std::make_shared<BoundExpr>(*MakeConstant(Value::String(Type(TypeId::kUnknown), e.text)));
    literal->location = e.location;
    return literal;
  }
  return MakeConstant(e.value);
}

BoundExprPtr ExprBinder::BindParam(const ast::Expr& e) {
  auto& types = binder_.context().param_types;
  if (e.param_number < 1 || e.param_number > 65535) {
    ThrowAt(sqlstate::kUndefinedParameter,
            "there is no parameter $" + std::to_string(e.param_number), e.location);
  }
  if (types.size() < static_cast<size_t>(e.param_number)) {
    types.resize(static_cast<size_t>(e.param_number), Type(TypeId::kUnknown));
  }
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kParam;
  out->param_index = e.param_number - 1;
  out->type = types[static_cast<size_t>(out->param_index)];
  out->is_constant = true;
  return out;
}

BoundExprPtr ExprBinder::BindBool(BoundExprKind kind, const ast::Expr& e, const char* what) {
  auto out = std::make_shared<BoundExpr>();
  out->kind = kind;
  out->type = Type(TypeId::kBool);
  for (const auto& a : e.args) {
    BoundExprPtr b = Bind(*a);
    if (b->type.id != TypeId::kBool) {
      if (!IsUnknown(*b)) {
        ThrowAt(sqlstate::kDatatypeMismatch,
                std::string("argument of ") + what + " must be type boolean, not type " +
                    b->type.Name(),
                a->location);
      }
      b = Coerce(binder_, b, Type(TypeId::kBool), a->location);
    }
    out->children.push_back(b);
  }
  out->is_constant = AllConstant(out->children);
  return out;
}

BoundExprPtr ExprBinder::MakeOperator(const std::string& op, BoundExprPtr left, BoundExprPtr right,
                                      int location) {
  ResolvedFunction fn;
  try {
    fn = binder_.context().functions->ResolveOperator(
        op, left ? std::optional<Type>(left->type) : std::nullopt, right->type);
  } catch (SqlError& err) {
    err.set_position(location + 1);
    throw;
  }
  std::vector<BoundExprPtr> args;
  if (left) args.push_back(std::move(left));
  args.push_back(std::move(right));
  return MakeCall(binder_, fn, std::move(args), location);
}

BoundExprPtr ExprBinder::BindOperator(const ast::Expr& e) {
  std::string op = e.names.back();
  if (e.args.size() == 1) return MakeOperator(op, nullptr, Bind(*e.args[0]), e.location);
  return MakeOperator(op, Bind(*e.args[0]), Bind(*e.args[1]), e.location);
}

BoundExprPtr ExprBinder::BindCast(const ast::Expr& e) {
  if (BoundExprPtr reg = BindRegTypeCast(binder_, *this, e)) return reg;  // reg_casts.h
  Type target = ResolveTypeName(e.type_name);
  const ast::Expr& arg_ast = *e.args[0];
  if (arg_ast.kind == ast::ExprKind::kArray && arg_ast.args.empty() && !arg_ast.subquery &&
      target.IsArray()) {
    return MakeConstant(Value::MakeArray(target.elem, {}).WithType(target));  // ARRAY[]::int[]
  }
  BoundExprPtr arg = Bind(arg_ast);
  return ExplicitCast(binder_, arg, target, e.location);
}

BoundExprPtr ExprBinder::BindCase(const ast::Expr& e) {
  BoundExprPtr test_arg = e.args[0] ? Bind(*e.args[0]) : nullptr;
  std::vector<BoundExprPtr> conds, results;
  for (size_t i = 1; i + 1 < e.args.size(); i += 2) {
    if (test_arg) {
      conds.push_back(MakeOperator("=", test_arg, Bind(*e.args[i]), e.args[i]->location));
    } else {
      BoundExprPtr c = Bind(*e.args[i]);
      if (c->type.id != TypeId::kBool) {
        if (!IsUnknown(*c)) {
          ThrowAt(sqlstate::kDatatypeMismatch,
                  "argument of CASE/WHEN must be type boolean, not type " + c->type.Name(),
                  e.args[i]->location);
        }
        c = Coerce(binder_, c, Type(TypeId::kBool), e.args[i]->location);
      }
      conds.push_back(c);
    }
    results.push_back(Bind(*e.args[i + 1]));
  }
  BoundExprPtr else_expr = e.else_expr ? Bind(*e.else_expr) : nullptr;
  std::vector<BoundExprPtr> all = results;
  if (else_expr) all.push_back(else_expr);
  Type type = CommonTypeOf(all, "CASE", e.location);
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kCase;
  out->type = type;
  for (size_t i = 0; i < conds.size(); i++) {
    out->children.push_back(conds[i]);
    out->children.push_back(Coerce(binder_, results[i], type, e.location));
  }
  if (else_expr) out->else_expr = Coerce(binder_, else_expr, type, e.location);
  return out;
}

BoundExprPtr ExprBinder::BindVariadicCommon(const ast::Expr& e, BoundExprKind kind,
                                            const char* what) {
  std::vector<BoundExprPtr> args;
  for (const auto& a : e.args) args.push_back(Bind(*a));
  Type type = CommonTypeOf(args, what, e.location);
  auto out = std::make_shared<BoundExpr>();
  out->kind = kind;
  out->type = type;
  for (auto& a : args) out->children.push_back(Coerce(binder_, a, type, e.location));
  out->is_constant = AllConstant(out->children);
  return out;
}

BoundExprPtr ExprBinder::BindInList(const ast::Expr& e) {
  std::vector<BoundExprPtr> all;
  for (const auto& a : e.args) all.push_back(Bind(*a));
  Type type = CommonTypeOf(all, "IN", e.location);
  BoundExprPtr eq = MakeOperator("=", MakeConstant(Value::Null(type)),
                                 MakeConstant(Value::Null(type)), e.location);
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kInList;
  out->type = Type(TypeId::kBool);
  out->function = eq->function;
  out->negated = e.negated;
  for (auto& a : all)
    out->children.push_back(Coerce(binder_, a, eq->function.arg_types[0], e.location));
  out->is_constant = AllConstant(out->children);
  return out;
}

BoundExprPtr ExprBinder::BindArray(const ast::Expr& e) {
  if (e.subquery) {
    BoundQuery q = binder_.BindQuery(*e.subquery, &scope_);
    if (q.types.size() != 1) {
      ThrowAt(sqlstate::kSyntaxError, "subquery must return only one column", e.location);
    }
    auto out = std::make_shared<BoundExpr>();
    out->kind = BoundExprKind::kSubquery;
    out->subquery_kind = SubqueryKind::kArray;
    out->subplan = q.plan;
    out->type = Type::Array(q.types[0].id);
    out->correlated = true;  // conservatively re-run per row
    return out;
  }
  std::vector<BoundExprPtr> items;
  for (const auto& a : e.args) items.push_back(Bind(*a));
  if (items.empty()) {
    ThrowAt(sqlstate::kIndeterminateDatatype, "cannot determine type of empty array", e.location);
  }
  Type elem = CommonTypeOf(items, "ARRAY", e.location);
  if (elem.id == TypeId::kUnknown) elem = Type(TypeId::kText);
  if (elem.IsArray()) {
    ThrowAt(sqlstate::kFeatureNotSupported, "multidimensional arrays are not supported",
            e.location);
  }
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kArray;
  out->type = Type::Array(elem.id);
  for (auto& a : items) out->children.push_back(Coerce(binder_, a, Type(elem.id), e.location));
  out->is_constant = AllConstant(out->children);
  return out;
}

BoundExprPtr ExprBinder::BindSubscript(const ast::Expr& e) {
  BoundExprPtr arr = Bind(*e.args[0]);
  if (!arr->type.IsArray()) {
    ThrowAt(
        sqlstate::kDatatypeMismatch,
        "cannot subscript type " + arr->type.Name() + " because it does not support subscripting",
        e.location);
  }
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kSubscript;
  out->children.push_back(arr);
  out->is_slice = e.is_slice;
  out->type = e.is_slice ? arr->type : Type(arr->type.elem);
  for (size_t i = 1; i < e.args.size(); i++) {
    if (!e.args[i]) continue;
    if (e.is_slice) {
      if (i == 1) out->slice_has_lower = true;
      if (i == 2) out->slice_has_upper = true;
    }
    out->children.push_back(
        Coerce(binder_, Bind(*e.args[i]), Type(TypeId::kInt4), e.args[i]->location));
  }
  return out;
}

BoundExprPtr ExprBinder::BindSpecialValue(const ast::Expr& e) {
  const std::string& name = e.names.back();
  auto call = [&](const char* fn) {
    ResolvedFunction f = binder_.context().functions->ResolveFunction(fn, {});
    auto out = std::make_shared<BoundExpr>();
    out->kind = BoundExprKind::kFunction;
    out->function = f;
    out->type = f.return_type;
    return out;
  };
  if (name == "current_date") return call("current_date");
  if (name == "current_timestamp" || name == "now") return call("now");
  if (name == "localtimestamp") return call("localtimestamp");
  if (name == "current_user" || name == "session_user" || name == "user" ||
      name == "current_role") {
    return MakeConstant(Value::String(Type(TypeId::kName), binder_.context().user));
  }
  if (name == "current_catalog") return MakeConstant(Value::String(Type(TypeId::kName), "firn"));
  if (name == "current_schema") return MakeConstant(Value::String(Type(TypeId::kName), "public"));
  ThrowAt(sqlstate::kFeatureNotSupported, name + " is not supported", e.location);
}

}  // namespace firn
