// The clauses of a SELECT after FROM: WHERE, GROUP BY, HAVING, the select list, DISTINCT,
// ORDER BY, LIMIT/OFFSET; plus set operations, VALUES and WITH.
#include <algorithm>

#include "common/sql_error.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/grouping_sets.h"
#include "sql/binder/select_binder.h"
#include "sql/optimizer/used_columns.h"

namespace firn {

bool CteReferencesItself(const ast::SelectStmt& select, const std::string& name);

namespace {

PlanPtr OneRow() {
  auto p = std::make_shared<PlanNode>(PlanKind::kValues);
  p->rows.push_back({});
  return p;
}

// Untyped literals in a select list become text, as in PostgreSQL.
BoundExprPtr ResolveUnknown(Binder& binder, BoundExprPtr e, int location) {
  if (e->type.id == TypeId::kUnknown && e->kind != BoundExprKind::kParam) {
    return Coerce(binder, e, Type(TypeId::kText), location);
  }
  return e;
}

bool RefersTo(const ast::TableRef& ref, const std::string& name);

bool ExprRefersTo(const ast::Expr& e, const std::string& name) {
  if (e.subquery && CteReferencesItself(*e.subquery, name)) return true;
  for (const auto& c : e.args) {
    if (c && ExprRefersTo(*c, name)) return true;
  }
  return e.else_expr && ExprRefersTo(*e.else_expr, name);
}

bool RefersTo(const ast::TableRef& ref, const std::string& name) {
  switch (ref.kind) {
    case ast::TableRefKind::kTable:
      return ref.schema.empty() && ref.name == name;
    case ast::TableRefKind::kSubquery:
      return CteReferencesItself(*ref.subquery, name);
    case ast::TableRefKind::kJoin:
      return RefersTo(*ref.left, name) || RefersTo(*ref.right, name);
    case ast::TableRefKind::kFunction:
      return false;
  }
  return false;
}

}  // namespace

bool CteReferencesItself(const ast::SelectStmt& s, const std::string& name) {
  if (s.larg && CteReferencesItself(*s.larg, name)) return true;
  if (s.rarg && CteReferencesItself(*s.rarg, name)) return true;
  for (const auto& f : s.from) {
    if (RefersTo(*f, name)) return true;
  }
  for (const auto& t : s.targets) {
    if (t.expr && ExprRefersTo(*t.expr, name)) return true;
  }
  if (s.where && ExprRefersTo(*s.where, name)) return true;
  return false;
}

BoundQuery Binder::BindQuery(const ast::SelectStmt& select, const Scope* outer) {
  SelectBinder sb(*this, outer);
  BoundQuery query = sb.Bind(select);
  if (!outer) MarkUsedColumns(query.plan);  // a whole query: its scans read what it uses
  return query;
}

BoundExprPtr Binder::BindExpr(const ast::Expr& expr, const Scope& scope) {
  ExprBinder eb(*this, scope, "this context");
  return eb.Bind(expr);
}

BoundQuery SelectBinder::Bind(const ast::SelectStmt& stmt) {
  bool pushed = false;
  if (!stmt.ctes.empty()) {
    binder_.cte_frames_.emplace_back();
    pushed = true;
    for (const ast::CommonTableExpr& cte : stmt.ctes) {
      if ((cte.recursive || stmt.recursive_with) && CteReferencesItself(*cte.query, cte.name)) {
        BindRecursiveCte(cte);
        continue;
      }
      BoundQuery q = binder_.BindQuery(*cte.query, outer_);
      int index = static_cast<int>(binder_.ctes_.size());
      binder_.ctes_.push_back(q.plan);
      std::vector<std::string> names = q.names;
      for (size_t i = 0; i < cte.column_names.size() && i < names.size(); i++) {
        names[i] = cte.column_names[i];
      }
      binder_.cte_names_.push_back(names);
      binder_.cte_types_.push_back(q.types);
      binder_.cte_frames_.back()[cte.name] = index;
    }
  }
  BoundQuery q;
  try {
    if (stmt.op != ast::SetOpKind::kNone) {
      q = BindSetOp(stmt);
    } else if (!stmt.values.empty()) {
      q = BindValues(stmt);
    } else {
      q = BindSimple(stmt);
    }
  } catch (...) {
    if (pushed) binder_.cte_frames_.pop_back();
    throw;
  }
  if (pushed) binder_.cte_frames_.pop_back();
  return q;
}

// WITH RECURSIVE name AS (anchor UNION [ALL] recursive): the anchor fixes the column
// types; inside the recursive term `name` reads the previous iteration's rows (a working
// table); everywhere after, `name` is the accumulated result.
void SelectBinder::BindRecursiveCte(const ast::CommonTableExpr& cte) {
  const ast::SelectStmt& q = *cte.query;
  if (q.op != ast::SetOpKind::kUnion || !q.order_by.empty() || q.limit || q.offset) {
    ThrowAt(sqlstate::kInvalidRecursion,
            "recursive query \"" + cte.name +
                "\" does not have the form non-recursive-term "
                "UNION [ALL] recursive-term",
            cte.location);
  }
  if (CteReferencesItself(*q.larg, cte.name)) {
    ThrowAt(sqlstate::kInvalidRecursion,
            "recursive reference to query \"" + cte.name +
                "\" must not appear within its "
                "non-recursive term",
            cte.location);
  }
  BoundQuery anchor = binder_.BindQuery(*q.larg, outer_);
  std::vector<std::string> names = anchor.names;
  for (size_t i = 0; i < cte.column_names.size() && i < names.size(); i++) {
    names[i] = cte.column_names[i];
  }
  std::vector<Type> types = anchor.types;
  for (Type& t : types) {
    if (t.id == TypeId::kUnknown) t = Type(TypeId::kText);
  }
  int working = static_cast<int>(binder_.ctes_.size());
  binder_.ctes_.push_back(nullptr);  // filled by each iteration, never materialized
  binder_.cte_names_.push_back(names);
  binder_.cte_types_.push_back(types);
  binder_.cte_frames_.back()[cte.name] = working;
  BoundQuery step = binder_.BindQuery(*q.rarg, outer_);
  if (step.types.size() != types.size()) {
    ThrowAt(sqlstate::kSyntaxError, "each UNION query must have the same number of columns",
            cte.location);
  }
  std::vector<BoundExprPtr> anchor_cast, step_cast;
  for (size_t c = 0; c < types.size(); c++) {
    anchor_cast.push_back(Coerce(binder_, MakeColumnRef(static_cast<int>(c), anchor.types[c]),
                                 types[c], cte.location));
    BoundExprPtr col = MakeColumnRef(static_cast<int>(c), step.types[c]);
    if (!step.types[c].SameBase(types[c])) {
      ThrowAt(sqlstate::kDatatypeMismatch,
              "recursive query \"" + cte.name + "\" column " + std::to_string(c + 1) +
                  " has type " + types[c].Name() + " in non-recursive term but type " +
                  step.types[c].Name() + " overall",
              cte.location);
    }
    step_cast.push_back(col);
  }
  auto node = std::make_shared<PlanNode>(PlanKind::kRecursiveCte);
  node->types = types;
  node->cte_index = working;
  node->set_all = q.set_all;
  node->children = {MakeProjectPlan(anchor.plan, anchor_cast),
                    MakeProjectPlan(step.plan, step_cast)};
  int index = static_cast<int>(binder_.ctes_.size());
  binder_.ctes_.push_back(node);
  binder_.cte_names_.push_back(names);
  binder_.cte_types_.push_back(types);
  binder_.cte_frames_.back()[cte.name] = index;
}

BoundExprPtr SelectBinder::BindLimit(const ast::Expr& e, const char* what) {
  Scope empty(outer_);
  ExprBinder eb(binder_, empty, what);
  BoundExprPtr b = eb.Bind(e);
  if (b->type.id == TypeId::kNumeric || b->type.id == TypeId::kFloat8 ||
      b->type.id == TypeId::kFloat4) {
    return ExplicitCast(binder_, b, Type(TypeId::kInt8), e.location);
  }
  return Coerce(binder_, b, Type(TypeId::kInt8), e.location);
}

// ORDER BY over an output row `q` (names/types), with hidden extra columns appended by
// `extra` when an ORDER BY expression is not in the select list.
PlanPtr SelectBinder::ApplyOrderLimit(const ast::SelectStmt& stmt, BoundQuery& q) {
  PlanPtr plan = q.plan;
  if (stmt.limit || stmt.offset) {
    auto p = std::make_shared<PlanNode>(PlanKind::kLimit);
    p->types = plan->types;
    p->children.push_back(plan);
    if (stmt.limit) p->limit = BindLimit(*stmt.limit, "LIMIT");
    if (stmt.offset) p->offset = BindLimit(*stmt.offset, "OFFSET");
    plan = p;
  }
  return plan;
}

BoundQuery SelectBinder::BindValues(const ast::SelectStmt& stmt) {
  Scope empty(outer_);
  ExprBinder eb(binder_, empty, "VALUES");
  std::vector<std::vector<BoundExprPtr>> rows;
  size_t width = stmt.values[0].size();
  for (const auto& row : stmt.values) {
    if (row.size() != width) {
      ThrowAt(sqlstate::kSyntaxError, "VALUES lists must all be the same length",
              row.empty() ? -1 : row[0]->location);
    }
    std::vector<BoundExprPtr> bound;
    for (const auto& e : row) bound.push_back(eb.Bind(*e));
    rows.push_back(std::move(bound));
  }
  auto p = std::make_shared<PlanNode>(PlanKind::kValues);
  BoundQuery q;
  for (size_t c = 0; c < width; c++) {
    std::vector<BoundExprPtr> column;
    for (const auto& r : rows) column.push_back(r[c]);
    Type t = CommonTypeOf(column, "VALUES", stmt.values[0][c]->location);
    if (t.id == TypeId::kUnknown) t = Type(TypeId::kText);
    for (auto& r : rows) r[c] = Coerce(binder_, r[c], t, stmt.values[0][c]->location);
    q.types.push_back(t);
    q.names.push_back("column" + std::to_string(c + 1));
  }
  p->rows = std::move(rows);
  p->types = q.types;
  q.plan = p;
  q.table_oids.assign(width, 0);
  q.column_numbers.assign(width, 0);
  // ORDER BY over VALUES: by output column.
  if (!stmt.order_by.empty()) {
    Scope out_scope(outer_);
    ScopeEntry entry;
    entry.alias = "*VALUES*";
    entry.columns = q.names;
    entry.types = q.types;
    out_scope.Add(entry);
    ExprBinder ob(binder_, out_scope, "ORDER BY");
    auto sort = std::make_shared<PlanNode>(PlanKind::kSort);
    sort->types = q.types;
    sort->children.push_back(q.plan);
    for (const ast::SortItem& s : stmt.order_by) {
      SortKey key;
      if (s.expr->kind == ast::ExprKind::kConstant && s.expr->value.type().id == TypeId::kInt4) {
        int64_t n = s.expr->value.GetInt64();
        if (n < 1 || n > static_cast<int64_t>(width)) {
          ThrowAt(sqlstate::kInvalidColumnReference,
                  "ORDER BY position " + std::to_string(n) + " is not in select list",
                  s.expr->location);
        }
        key.expr = MakeColumnRef(static_cast<int>(n - 1), q.types[static_cast<size_t>(n - 1)]);
      } else {
        key.expr = ob.Bind(*s.expr);
      }
      key.descending = s.direction == ast::SortDirection::kDesc;
      key.nulls_first = s.nulls == ast::NullsOrder::kDefault ? key.descending
                                                             : s.nulls == ast::NullsOrder::kFirst;
      sort->sort_keys.push_back(key);
    }
    q.plan = sort;
  }
  q.plan = ApplyOrderLimit(stmt, q);
  return q;
}

BoundQuery SelectBinder::BindSetOperand(const ast::SelectStmt& stmt) {
  SelectBinder operand(binder_, outer_);
  operand.set_operand_ = true;
  return operand.Bind(stmt);
}

BoundQuery SelectBinder::BindSetOp(const ast::SelectStmt& stmt) {
  BoundQuery l = BindSetOperand(*stmt.larg);
  BoundQuery r = BindSetOperand(*stmt.rarg);
  const char* what = stmt.op == ast::SetOpKind::kUnion       ? "UNION"
                     : stmt.op == ast::SetOpKind::kIntersect ? "INTERSECT"
                                                             : "EXCEPT";
  if (l.types.size() != r.types.size()) {
    ThrowAt(sqlstate::kSyntaxError,
            std::string("each ") + what + " query must have the same number of columns",
            stmt.location);
  }
  std::vector<BoundExprPtr> lproj, rproj;
  BoundQuery q;
  for (size_t c = 0; c < l.types.size(); c++) {
    std::vector<BoundExprPtr> pair = {MakeColumnRef(static_cast<int>(c), l.types[c]),
                                      MakeColumnRef(static_cast<int>(c), r.types[c])};
    Type t = CommonTypeOf(pair, what, stmt.location);
    if (t.id == TypeId::kUnknown) t = Type(TypeId::kText);
    lproj.push_back(Coerce(binder_, pair[0], t, stmt.location));
    rproj.push_back(Coerce(binder_, pair[1], t, stmt.location));
    q.types.push_back(t);
  }
  q.names = l.names;
  q.table_oids.assign(q.types.size(), 0);
  q.column_numbers.assign(q.types.size(), 0);
  auto p = std::make_shared<PlanNode>(PlanKind::kSetOp);
  p->set_op = stmt.op == ast::SetOpKind::kUnion       ? SetOpType::kUnion
              : stmt.op == ast::SetOpKind::kIntersect ? SetOpType::kIntersect
                                                      : SetOpType::kExcept;
  p->set_all = stmt.set_all;
  p->types = q.types;
  p->children = {MakeProjectPlan(l.plan, lproj), MakeProjectPlan(r.plan, rproj)};
  q.plan = p;
  if (!stmt.order_by.empty()) {
    auto sort = std::make_shared<PlanNode>(PlanKind::kSort);
    sort->types = q.types;
    sort->children.push_back(q.plan);
    for (const ast::SortItem& s : stmt.order_by) {
      SortKey key;
      int index = -1;
      if (s.expr->kind == ast::ExprKind::kConstant && s.expr->value.type().id == TypeId::kInt4) {
        index = static_cast<int>(s.expr->value.GetInt64()) - 1;
      } else if (s.expr->kind == ast::ExprKind::kColumnRef && s.expr->names.size() == 1) {
        for (size_t c = 0; c < q.names.size(); c++) {
          if (q.names[c] == s.expr->names[0]) index = static_cast<int>(c);
        }
      }
      if (index < 0 && s.expr->kind == ast::ExprKind::kColumnRef && s.expr->names.size() == 1) {
        ThrowAt(sqlstate::kUndefinedColumn, "column \"" + s.expr->names[0] + "\" does not exist",
                s.expr->location);
      }
      if (index < 0 || index >= static_cast<int>(q.types.size())) {
        ThrowAt(sqlstate::kFeatureNotSupported,
                "ORDER BY on a UNION/INTERSECT/EXCEPT result must be on one of the result columns",
                s.expr->location);
      }
      key.expr = MakeColumnRef(index, q.types[static_cast<size_t>(index)]);
      key.descending = s.direction == ast::SortDirection::kDesc;
      key.nulls_first = s.nulls == ast::NullsOrder::kDefault ? key.descending
                                                             : s.nulls == ast::NullsOrder::kFirst;
      sort->sort_keys.push_back(key);
    }
    q.plan = sort;
  }
  q.plan = ApplyOrderLimit(stmt, q);
  return q;
}

BoundQuery SelectBinder::BindSimple(const ast::SelectStmt& stmt) {
  Scope scope(outer_);
  PlanPtr plan;
  for (const auto& ref : stmt.from) {
    Scope item(outer_);
    if (PlanPtr json = BindSetFunctionItem(*ref, plan, scope, item)) {
      plan = json;  // its rows already stand beside the items before it
      scope.Append(item);
      continue;
    }
    // A LATERAL subquery or a function may read the items before it: bound with them as its
    // enclosing level, it runs once per row of theirs when it does (kLateralJoin).
    const bool lateral = plan && ReadsEarlierItems(*ref);
    Scope hidden = Scope::Restricted(scope, outer_, ScopeAccess::kHintOnly, lateral);
    PlanPtr p = BindTableRef(*ref, item, plan ? &hidden : outer_, lateral ? &scope : nullptr);
    if (!plan) {
      plan = p;
    } else if (lateral && PlanIsCorrelated(*p)) {
      auto join = std::make_shared<PlanNode>(PlanKind::kLateralJoin);
      join->join_kind = JoinKind::kInner;
      join->types = plan->types;
      join->types.insert(join->types.end(), p->types.begin(), p->types.end());
      join->children = {plan, p};
      plan = join;
    } else {
      auto join = std::make_shared<PlanNode>(PlanKind::kJoin);
      join->join_kind = JoinKind::kInner;
      join->types = plan->types;
      join->types.insert(join->types.end(), p->types.begin(), p->types.end());
      join->children = {plan, p};
      plan = join;
    }
    scope.Append(item);
  }
  if (!plan) plan = OneRow();

  if (stmt.where) {
    ExprBinder eb(binder_, scope, "WHERE");
    plan = PushDownFeatureKeys(MakeFilterPlan(plan, eb.BindCondition(*stmt.where)));
  }

  // Expand * in the select list.
  struct Target {
    const ast::Expr* expr = nullptr;  // nullptr: a star-expanded column
    BoundExprPtr column;
    std::string name;
    int location = -1;
    uint32_t table_oid = 0;
    int16_t column_number = 0;
  };
  std::vector<Target> targets;
  for (const ast::ResultTarget& t : stmt.targets) {
    if (t.expr->kind == ast::ExprKind::kColumnRef && t.expr->star) {
      std::string table = t.expr->names.empty() ? "" : t.expr->names.back();
      bool found = false;
      for (const ScopeEntry& e : scope.entries()) {
        if (!table.empty() && e.alias != table) continue;
        found = true;
        for (size_t c = 0; c < e.columns.size(); c++) {
          if ((table.empty() && e.hidden[c]) || e.IsPseudo(c)) continue;
          Target x;
          x.column = MakeColumnRef(e.offset + static_cast<int>(c), e.types[c]);
          x.name = e.columns[c];
          x.location = t.location;
          x.table_oid = e.table_oid;
          x.column_number = e.table_oid ? static_cast<int16_t>(c + 1) : 0;
          targets.push_back(std::move(x));
        }
      }
      if (!table.empty() && !found) {
        ThrowAt(sqlstate::kUndefinedTable, "missing FROM-clause entry for table \"" + table + "\"",
                t.expr->location);
      }
      if (table.empty() && scope.entries().empty()) {
        ThrowAt(sqlstate::kSyntaxError, "SELECT * with no tables specified is not valid",
                t.expr->location);
      }
      continue;
    }
    Target x;
    x.expr = t.expr.get();
    x.name = t.alias.empty() ? FigureColumnName(*t.expr) : t.alias;
    x.location = t.location;
    if (t.expr->kind == ast::ExprKind::kColumnRef) {
      // Source table/column for RowDescription.
      ExprBinder probe(binder_, scope, "SELECT");
      BoundExprPtr b = probe.Bind(*t.expr);
      if (b->kind == BoundExprKind::kColumn) {
        for (const ScopeEntry& e : scope.entries()) {
          int rel = b->column - e.offset;
          if (rel >= 0 && rel < static_cast<int>(e.columns.size()) && e.table_oid) {
            x.table_oid = e.table_oid;
            x.column_number = static_cast<int16_t>(rel + 1);
          }
        }
      }
    }
    targets.push_back(std::move(x));
  }

  // Aggregation?
  bool has_agg = !stmt.group_by.empty() || (stmt.having != nullptr);
  for (const Target& t : targets) {
    if (t.expr && ContainsAggregateCall(*t.expr)) has_agg = true;
  }
  for (const ast::SortItem& s : stmt.order_by) {
    if (ContainsAggregateCall(*s.expr)) has_agg = true;
  }

  AggregationContext agg;
  Scope agg_scope(outer_);
  const Scope* select_scope = &scope;
  if (has_agg) {
    std::vector<GroupBySelectItem> select_list;
    for (const Target& t : targets) select_list.push_back({t.expr, t.name});
    BindGroupBy(binder_, scope, stmt, select_list, &agg);
  }

  std::vector<BoundExprPtr> exprs;
  ExprBinder sel(binder_, scope, "SELECT");
  if (has_agg) sel.set_aggregation(&agg);
  WindowContext windows;
  windows.named = &stmt.windows;
  sel.set_windows(&windows);
  SetFunctionContext srfs;
  sel.set_set_functions(&srfs);
  for (Target& t : targets) {
    if (t.expr) {
      BoundExprPtr e = sel.Bind(*t.expr);
      // A set operation's operand leaves a plain literal to the operation's common type.
      const bool literal = e->kind == BoundExprKind::kConstant && !stmt.distinct;
      exprs.push_back(set_operand_ && literal ? e : ResolveUnknown(binder_, e, t.location));
    } else if (has_agg) {
      // A star-expanded column must itself be grouped.
      bool grouped = false;
      for (size_t i = 0; i < agg.groups.size(); i++) {
        if (SameExpr(*t.column, *agg.groups[i])) {
          exprs.push_back(MakeColumnRef(static_cast<int>(i), t.column->type));
          grouped = true;
          break;
        }
      }
      if (!grouped) {
        ThrowAt(sqlstate::kGroupingError,
                "column \"" + t.name +
                    "\" must appear in the GROUP BY clause or be used in an aggregate function",
                t.location);
      }
    } else {
      exprs.push_back(t.column);
    }
  }
  BoundExprPtr having;
  if (stmt.having) {
    ExprBinder hb(binder_, scope, "HAVING");
    hb.set_aggregation(&agg);
    having = hb.BindCondition(*stmt.having);
  }

  // ORDER BY keys: output columns by position or name, else expressions over the input
  // (added as hidden projection columns).
  std::vector<SortKey> sort_keys;
  size_t visible = exprs.size();
  for (const ast::SortItem& s : stmt.order_by) {
    SortKey key;
    key.descending = s.direction == ast::SortDirection::kDesc;
    key.nulls_first =
        s.nulls == ast::NullsOrder::kDefault ? key.descending : s.nulls == ast::NullsOrder::kFirst;
    int index = -1;
    if (s.expr->kind == ast::ExprKind::kConstant && s.expr->value.type().id == TypeId::kInt4) {
      int64_t n = s.expr->value.GetInt64();
      if (n < 1 || n > static_cast<int64_t>(visible)) {
        ThrowAt(sqlstate::kInvalidColumnReference,
                "ORDER BY position " + std::to_string(n) + " is not in select list",
                s.expr->location);
      }
      index = static_cast<int>(n - 1);
    } else if (s.expr->kind == ast::ExprKind::kColumnRef && s.expr->names.size() == 1 &&
               !s.expr->star) {
      for (size_t c = 0; c < visible; c++) {
        if (targets[c].name == s.expr->names[0]) {
          if (index >= 0 && !SameExpr(*exprs[c], *exprs[static_cast<size_t>(index)])) {
            ThrowAt(sqlstate::kAmbiguousColumn,
                    "ORDER BY \"" + s.expr->names[0] + "\" is ambiguous", s.expr->location);
          }
          if (index < 0) index = static_cast<int>(c);
        }
      }
    }
    if (index < 0) {
      BoundExprPtr b = ResolveUnknown(binder_, sel.Bind(*s.expr), s.expr->location);
      for (size_t c = 0; c < exprs.size(); c++) {
        if (SameExpr(*b, *exprs[c])) index = static_cast<int>(c);
      }
      if (index < 0) {
        if (stmt.distinct && stmt.distinct_on.empty()) {
          ThrowAt(sqlstate::kInvalidColumnReference,
                  "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                  s.expr->location);
        }
        exprs.push_back(b);
        index = static_cast<int>(exprs.size() - 1);
      }
    }
    key.expr = MakeColumnRef(index, exprs[static_cast<size_t>(index)]->type);
    sort_keys.push_back(key);
  }

  // DISTINCT ON keys: output columns, hidden if not selected.
  std::vector<int> distinct_on;
  for (const auto& d : stmt.distinct_on) {
    int index = -1;
    if (d->kind == ast::ExprKind::kConstant && d->value.type().id == TypeId::kInt4) {
      int64_t n = d->value.GetInt64();
      if (n < 1 || n > static_cast<int64_t>(visible)) {
        ThrowAt(sqlstate::kInvalidColumnReference,
                "SELECT DISTINCT ON position " + std::to_string(n) + " is not in select list",
                d->location);
      }
      index = static_cast<int>(n - 1);
    } else {
      BoundExprPtr b = ResolveUnknown(binder_, sel.Bind(*d), d->location);
      for (size_t c = 0; c < exprs.size(); c++) {
        if (SameExpr(*b, *exprs[c])) index = static_cast<int>(c);
      }
      if (index < 0) {
        exprs.push_back(b);
        index = static_cast<int>(exprs.size() - 1);
      }
    }
    distinct_on.push_back(index);
  }
  if (!distinct_on.empty() && !sort_keys.empty()) {
    size_t n = std::min(distinct_on.size(), sort_keys.size());
    for (size_t i = 0; i < n; i++) {
      int key = sort_keys[i].expr->column;
      if (std::find(distinct_on.begin(), distinct_on.end(), key) == distinct_on.end()) {
        ThrowAt(sqlstate::kInvalidColumnReference,
                "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                stmt.distinct_on[0]->location);
      }
    }
  }

  if (has_agg) {
    auto a = std::make_shared<PlanNode>(PlanKind::kAggregate);
    a->group_exprs = agg.groups;
    a->aggregates = agg.aggregates;
    a->grouping_sets = agg.grouping_sets;
    for (const auto& g : agg.groups) a->types.push_back(g->type);
    for (const auto& s : agg.aggregates) a->types.push_back(s.result_type);
    a->children.push_back(plan);
    plan = a;
    if (having) plan = MakeFilterPlan(plan, having);
  }
  (void)select_scope;
  (void)agg_scope;

  if (!windows.functions.empty()) {
    int input_width = static_cast<int>(plan->types.size());
    auto w = std::make_shared<PlanNode>(PlanKind::kWindow);
    w->types = plan->types;
    for (const WindowFunction& f : windows.functions) w->types.push_back(f.type);
    w->window_functions = windows.functions;
    w->children.push_back(plan);
    plan = w;
    for (auto& e : exprs) e = RemapWindowColumns(e, input_width);
  }
  if (!srfs.names.empty()) {
    int input_width = static_cast<int>(plan->types.size());
    auto ps = std::make_shared<PlanNode>(PlanKind::kProjectSet);
    ps->types = plan->types;
    ps->types.insert(ps->types.end(), srfs.types.begin(), srfs.types.end());
    ps->set_functions = srfs.names;
    ps->set_function_args = srfs.args;
    ps->children.push_back(plan);
    plan = ps;
    for (auto& e : exprs) e = RemapWindowColumns(e, input_width, kSetFunctionColumnBase);
  }

  plan = MakeProjectPlan(plan, exprs);
  auto add_sort = [&] {
    if (sort_keys.empty()) return;
    auto s = std::make_shared<PlanNode>(PlanKind::kSort);
    s->types = plan->types;
    s->sort_keys = sort_keys;
    s->children.push_back(plan);
    plan = s;
  };
  // DISTINCT ON keeps the first row of each key in ORDER BY order, so it sorts first;
  // plain DISTINCT deduplicates the (visible) rows and then sorts.
  if (!distinct_on.empty()) add_sort();
  if (stmt.distinct) {
    auto d = std::make_shared<PlanNode>(PlanKind::kDistinct);
    d->types = plan->types;
    for (int c : distinct_on) {
      d->distinct_on.push_back(MakeColumnRef(c, exprs[static_cast<size_t>(c)]->type));
    }
    d->children.push_back(plan);
    plan = d;
  }
  if (distinct_on.empty()) add_sort();
  BoundQuery q;
  q.plan = plan;
  q.plan = ApplyOrderLimit(stmt, q);
  if (exprs.size() > visible) {
    std::vector<BoundExprPtr> keep;
    for (size_t c = 0; c < visible; c++)
      keep.push_back(MakeColumnRef(static_cast<int>(c), exprs[c]->type));
    q.plan = MakeProjectPlan(q.plan, keep);
  }
  for (size_t c = 0; c < visible; c++) {
    q.names.push_back(targets[c].name);
    q.types.push_back(exprs[c]->type);
    q.table_oids.push_back(targets[c].table_oid);
    q.column_numbers.push_back(targets[c].column_number);
  }
  return q;
}

}  // namespace firn
