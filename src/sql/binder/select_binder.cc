// SELECT: FROM, WHERE, GROUP BY / HAVING, the select list, DISTINCT, ORDER BY, LIMIT,
// set operations, VALUES and WITH.
#include <algorithm>

#include "catalog/qualified_name.h"
#include "catalog/system/system_tables.h"
#include "common/sql_error.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/select_binder.h"

namespace firn {

void ThrowAt(const char* state, std::string message, int location, std::string hint,
             std::string detail) {
  throw SqlError(state, std::move(message))
      .WithPosition(location >= 0 ? location + 1 : 0)
      .WithHint(std::move(hint))
      .WithDetail(std::move(detail));
}

namespace {

bool ExprIsCorrelated(const BoundExpr& e, int level);

bool PlanCorrelatedAt(const PlanNode& p, int level) {
  auto check = [level](const BoundExprPtr& e) { return e && ExprIsCorrelated(*e, level); };
  for (const auto& e : p.exprs)
    if (check(e)) return true;
  for (const auto& row : p.rows)
    for (const auto& e : row)
      if (check(e)) return true;
  if (check(p.predicate) || check(p.limit) || check(p.offset)) return true;
  for (const auto& e : p.group_exprs)
    if (check(e)) return true;
  for (const auto& a : p.aggregates) {
    for (const auto& e : a.args)
      if (check(e)) return true;
    if (check(a.filter)) return true;
    for (const auto& e : a.order_exprs)
      if (check(e)) return true;
  }
  for (const auto& k : p.sort_keys)
    if (check(k.expr)) return true;
  for (const auto& e : p.distinct_on)
    if (check(e)) return true;
  for (const auto& e : p.left_keys)
    if (check(e)) return true;
  for (const auto& e : p.right_keys)
    if (check(e)) return true;
  for (const auto& args : p.set_function_args) {
    for (const auto& e : args) {
      if (check(e)) return true;
    }
  }
  for (const auto& w : p.window_functions) {
    for (const auto& e : w.args) {
      if (check(e)) return true;
    }
    for (const auto& e : w.partition_by) {
      if (check(e)) return true;
    }
    for (const auto& k : w.order_by) {
      if (check(k.expr)) return true;
    }
    if (check(w.aggregate.filter)) return true;
  }
  for (size_t i = 0; i < p.children.size(); i++) {
    // A LATERAL join's right side runs with the left row pushed as one more outer row.
    bool pushed = p.kind == PlanKind::kLateralJoin && i == 1;
    if (PlanCorrelatedAt(*p.children[i], pushed ? level + 1 : level)) return true;
  }
  return false;
}

bool ExprIsCorrelated(const BoundExpr& e, int level) {
  if (e.kind == BoundExprKind::kOuterColumn && e.depth >= level) return true;
  if (e.kind == BoundExprKind::kSubquery && e.subplan && PlanCorrelatedAt(*e.subplan, level + 1)) {
    return true;
  }
  for (const auto& c : e.children) {
    if (c && ExprIsCorrelated(*c, level)) return true;
  }
  return e.else_expr && ExprIsCorrelated(*e.else_expr, level);
}

// Splits a condition into its AND-ed parts.
// Columns an expression uses: -1 none, or the min/max column index.
void ColumnRange(const BoundExpr& e, int& lo, int& hi, bool& other) {
  if (e.kind == BoundExprKind::kColumn) {
    lo = std::min(lo, e.column);
    hi = std::max(hi, e.column);
  }
  if (e.kind == BoundExprKind::kSubquery) other = true;
  for (const auto& c : e.children) {
    if (c) ColumnRange(*c, lo, hi, other);
  }
  if (e.else_expr) ColumnRange(*e.else_expr, lo, hi, other);
}

// Rewrites column references by subtracting `shift` (right side of a join).
BoundExprPtr Shift(const BoundExprPtr& e, int shift) {
  auto out = std::make_shared<BoundExpr>(*e);
  if (out->kind == BoundExprKind::kColumn) out->column -= shift;
  for (auto& c : out->children) {
    if (c) c = Shift(c, shift);
  }
  if (out->else_expr) out->else_expr = Shift(out->else_expr, shift);
  return out;
}

}  // namespace

bool PlanIsCorrelated(const PlanNode& plan) { return PlanCorrelatedAt(plan, 1); }

std::shared_ptr<const TableInfo> Binder::ResolveTable(const std::string& schema,
                                                      const std::string& name, int location) const {
  if (!schema.empty()) {
    if (!ctx_.catalog->GetSchema(schema)) {
      ThrowAt(sqlstate::kInvalidSchemaName, "schema \"" + schema + "\" does not exist", location);
    }
    auto t = ctx_.catalog->GetTable(schema, name);
    if (!t) {
      ThrowAt(sqlstate::kUndefinedTable, "relation \"" + schema + "." + name + "\" does not exist",
              location);
    }
    return t;
  }
  // PostgreSQL searches pg_catalog first unless the search path names it explicitly.
  if (std::find(ctx_.search_path.begin(), ctx_.search_path.end(), "pg_catalog") ==
      ctx_.search_path.end()) {
    if (auto t = ctx_.catalog->GetTable("pg_catalog", name)) return t;
  }
  for (const std::string& s : ctx_.search_path) {
    if (auto t = ctx_.catalog->GetTable(s, name)) return t;
  }
  if (ResolveView("", name)) {
    ThrowAt(sqlstate::kWrongObjectType, "cannot change materialized view \"" + name + "\"",
            location);
  }
  if (ResolveSequence("", name)) {
    ThrowAt(sqlstate::kWrongObjectType, "cannot change sequence \"" + name + "\"", -1);
  }
  if (ResolveSqlView("", name)) {
    ThrowAt(sqlstate::kWrongObjectType, "\"" + name + "\" is not a table", location);
  }
  ThrowAt(sqlstate::kUndefinedTable, "relation \"" + name + "\" does not exist", location);
}

std::shared_ptr<const FeatureViewInfo> Binder::ResolveView(const std::string& schema,
                                                           const std::string& name) const {
  if (!schema.empty()) return ctx_.catalog->GetView(schema, name);
  for (const std::string& s : ctx_.search_path) {
    if (ctx_.catalog->GetTable(s, name) || ctx_.catalog->GetSqlView(s, name)) return nullptr;
    if (auto v = ctx_.catalog->GetView(s, name)) return v;
  }
  return nullptr;
}

std::shared_ptr<const SqlViewInfo> Binder::ResolveSqlView(const std::string& schema,
                                                          const std::string& name) const {
  if (!schema.empty()) return ctx_.catalog->GetSqlView(schema, name);
  // pg_catalog comes first unless the search path places it (as in ResolveTable).
  if (std::find(ctx_.search_path.begin(), ctx_.search_path.end(), "pg_catalog") ==
          ctx_.search_path.end() &&
      ctx_.catalog->GetTable("pg_catalog", name)) {
    return nullptr;
  }
  for (const std::string& s : ctx_.search_path) {
    if (ctx_.catalog->GetTable(s, name) || ctx_.catalog->GetView(s, name) ||
        ctx_.catalog->GetSequence(s, name)) {
      return nullptr;
    }
    if (auto v = ctx_.catalog->GetSqlView(s, name)) return v;
  }
  return nullptr;
}

std::shared_ptr<const SequenceInfo> Binder::ResolveSequence(const std::string& schema,
                                                            const std::string& name) const {
  if (!schema.empty()) return ctx_.catalog->GetSequence(schema, name);
  for (const std::string& s : ctx_.search_path) {
    if (ctx_.catalog->GetTable(s, name) || ctx_.catalog->GetView(s, name) ||
        ctx_.catalog->GetSqlView(s, name)) {
      return nullptr;
    }
    if (auto seq = ctx_.catalog->GetSequence(s, name)) return seq;
  }
  return nullptr;
}

std::shared_ptr<const TableInfo> Binder::ResolveTableText(const std::string& text,
                                                          int location) const {
  std::vector<std::string> parts = SplitQualifiedName(text);
  if (parts.size() == 2) return ResolveTable(parts[0], parts[1], location);
  if (parts.size() != 1 || parts[0].empty()) {
    ThrowAt(sqlstate::kInvalidName, "invalid table name \"" + text + "\"", location);
  }
  return ResolveTable("", parts[0], location);
}

// ---- FROM --------------------------------------------------------------------------------

PlanPtr SelectBinder::BindTableRef(const ast::TableRef& ref, Scope& scope, const Scope* outer,
                                   const Scope* lateral) {
  const Scope* function_outer = lateral ? lateral : outer;  // functions in FROM are LATERAL
  switch (ref.kind) {
    case ast::TableRefKind::kTable: {
      // A CTE of that name shadows tables.
      if (ref.schema.empty()) {
        for (auto it = binder_.cte_frames_.rbegin(); it != binder_.cte_frames_.rend(); ++it) {
          auto f = it->find(ref.name);
          if (f == it->end()) continue;
          int index = f->second;
          auto p = std::make_shared<PlanNode>(PlanKind::kCteScan);
          p->cte_index = index;
          p->types = binder_.cte_types_[static_cast<size_t>(index)];
          ScopeEntry entry;
          entry.alias = ref.alias.empty() ? ref.name : ref.alias;
          entry.columns = binder_.cte_names_[static_cast<size_t>(index)];
          for (size_t i = 0; i < ref.column_aliases.size() && i < entry.columns.size(); i++) {
            entry.columns[i] = ref.column_aliases[i];
          }
          entry.types = p->types;
          scope.Add(std::move(entry));
          return p;
        }
      }
      return BindRelation(ref, scope);
    }
    case ast::TableRefKind::kSubquery: {
      BoundQuery q = binder_.BindQuery(*ref.subquery, ref.lateral ? function_outer : outer);
      ScopeEntry entry;
      entry.alias = ref.alias;
      entry.columns = q.names;
      for (size_t i = 0; i < ref.column_aliases.size() && i < entry.columns.size(); i++) {
        entry.columns[i] = ref.column_aliases[i];
      }
      entry.types = q.types;
      scope.Add(std::move(entry));
      return q.plan;
    }
    case ast::TableRefKind::kFunction: {
      const ast::Expr& call = *ref.function;
      std::string name = call.names.back();
      if (name == "firn_snapshots") return BindSnapshotsFunction(ref, scope);
      if (PlanPtr system = BindSystemFunction(name, ref, scope)) return system;
      if (PlanPtr set = BindSetFunctionItem(ref, nullptr, Scope(function_outer), scope)) {
        return set;
      }
      if (name != "generate_series") {
        ThrowAt(sqlstate::kFeatureNotSupported, "function " + name + "() is not supported in FROM",
                call.location);
      }
      Scope empty(function_outer);
      ExprBinder eb(binder_, empty, "functions in FROM");
      std::vector<BoundExprPtr> args;
      for (const auto& a : call.args) args.push_back(eb.Bind(*a));
      auto p = std::make_shared<PlanNode>(PlanKind::kFunctionScan);
      p->function_name = name;
      p->with_ordinality = ref.with_ordinality;
      if (args.size() < 2 || args.size() > 3) {
        ThrowAt(sqlstate::kUndefinedFunction,
                "function generate_series with " + std::to_string(args.size()) +
                    " arguments does not exist",
                call.location);
      }
      std::vector<BoundExprPtr> bounds = {args[0], args[1]};
      Type out_type = CommonTypeOf(bounds, "generate_series", call.location);
      if (out_type.id == TypeId::kUnknown || out_type.id == TypeId::kText) {
        out_type = Type(TypeId::kTimestampTz);
      }
      if (out_type.id == TypeId::kInt2) out_type = Type(TypeId::kInt4);
      if (out_type.id == TypeId::kDate) out_type = Type(TypeId::kTimestamp);
      if (out_type.id == TypeId::kFloat4 || out_type.id == TypeId::kFloat8) {
        out_type = Type(TypeId::kNumeric);
      }
      p->exprs.push_back(Coerce(binder_, args[0], out_type, call.location));
      p->exprs.push_back(Coerce(binder_, args[1], out_type, call.location));
      if (args.size() == 3) {
        Type step = IsDateTimeType(out_type.id) ? Type(TypeId::kInterval) : out_type;
        p->exprs.push_back(Coerce(binder_, args[2], step, call.location));
      }
      p->types.push_back(out_type);
      ScopeEntry entry;
      entry.alias = ref.alias.empty() ? name : ref.alias;
      entry.columns.push_back(!ref.column_aliases.empty() ? ref.column_aliases[0]
                              : ref.alias.empty()         ? name
                                                          : ref.alias);
      entry.types.push_back(out_type);
      if (ref.with_ordinality) {
        p->types.push_back(Type(TypeId::kInt8));
        entry.columns.push_back(ref.column_aliases.size() > 1 ? ref.column_aliases[1]
                                                              : "ordinality");
        entry.types.push_back(Type(TypeId::kInt8));
      }
      scope.Add(std::move(entry));
      return p;
    }
    case ast::TableRefKind::kJoin:
      return BindJoin(ref, scope, outer, lateral);
  }
  ThrowAt(sqlstate::kInternalError, "unknown FROM item", ref.location);
}

// firn_snapshots('table'): the table's Iceberg snapshots.
PlanPtr SelectBinder::BindSnapshotsFunction(const ast::TableRef& ref, Scope& scope) {
  const ast::Expr& call = *ref.function;
  if (call.args.size() != 1 || call.args[0]->kind != ast::ExprKind::kConstant ||
      (call.args[0]->value.type().id != TypeId::kUnknown &&
       !IsStringType(call.args[0]->value.type().id))) {
    ThrowAt(sqlstate::kUndefinedFunction,
            "function firn_snapshots takes one table name given as a string literal",
            call.location);
  }
  const ast::Expr& arg = *call.args[0];
  std::string text = arg.value.type().id == TypeId::kUnknown ? arg.text : arg.value.GetString();
  auto p = std::make_shared<PlanNode>(PlanKind::kFunctionScan);
  p->function_name = "firn_snapshots";
  p->table = binder_.ResolveTableText(text, arg.location);
  AddFixedColumns(ref, "firn_snapshots",
                  {{"snapshot_id", Type(TypeId::kInt8)},
                   {"parent_id", Type(TypeId::kInt8)},
                   {"committed_at", Type(TypeId::kTimestampTz)},
                   {"operation", Type(TypeId::kText)},
                   {"summary", Type(TypeId::kText)},
                   {"tags", Type::Array(TypeId::kText)}},
                  *p, scope);
  return p;
}

PlanPtr SelectBinder::BindSystemFunction(const std::string& name, const ast::TableRef& ref,
                                         Scope& scope) {
  using Columns = std::vector<std::pair<const char*, Type>>;
  const Type text(TypeId::kText), int8(TypeId::kInt8);
  Columns columns;
  if (name == "firn_feature_views") {  // every feature view and the size of its state
    columns = {{"schema", text},
               {"name", text},
               {"source", text},
               {"entities", int8},
               {"indexed_rows", int8},
               {"state_bytes", int8},
               {"sliding_aggregates", int8},
               {"recomputed_aggregates", int8},
               {"evicted_rows", int8},
               {"history_bytes", int8}};
  } else if (name == "firn_tables") {  // every table and where its rows are
    columns = {{"schema", text},      {"name", text},      {"live_rows", int8},
               {"memory_rows", int8}, {"file_rows", int8}, {"data_files", int8}};
  } else if (name == "firn_cache") {  // the column cache of checkpointed rows
    columns = {{"budget_bytes", int8},
               {"bytes", int8},
               {"entries", int8},
               {"hits", int8},
               {"misses", int8}};
  } else {
    return nullptr;
  }
  if (!ref.function->args.empty()) {
    ThrowAt(sqlstate::kUndefinedFunction, "function " + name + " takes no arguments",
            ref.function->location);
  }
  auto p = std::make_shared<PlanNode>(PlanKind::kFunctionScan);
  p->function_name = name;
  AddFixedColumns(ref, p->function_name.c_str(), columns, *p, scope);
  return p;
}

void SelectBinder::AddFixedColumns(const ast::TableRef& ref, const char* name,
                                   const std::vector<std::pair<const char*, Type>>& columns,
                                   PlanNode& plan, Scope& scope) {
  ScopeEntry entry;
  entry.alias = ref.alias.empty() ? name : ref.alias;
  for (size_t i = 0; i < columns.size(); i++) {
    plan.types.push_back(columns[i].second);
    entry.columns.push_back(i < ref.column_aliases.size() ? ref.column_aliases[i]
                                                          : columns[i].first);
    entry.types.push_back(columns[i].second);
  }
  scope.Add(std::move(entry));
}

bool SelectBinder::ReadsEarlierItems(const ast::TableRef& ref) {
  switch (ref.kind) {
    case ast::TableRefKind::kSubquery:
      return ref.lateral;
    case ast::TableRefKind::kFunction:
      return true;
    case ast::TableRefKind::kJoin:
      return ReadsEarlierItems(*ref.left) || ReadsEarlierItems(*ref.right);
    case ast::TableRefKind::kTable:
      return false;
  }
  return false;
}

PlanPtr SelectBinder::BindJoin(const ast::TableRef& ref, Scope& scope, const Scope* outer,
                               const Scope* lateral) {
  // The left scope encloses a LATERAL right side, which may read what the left may read.
  Scope left_scope(lateral ? lateral : outer), right_scope(outer);
  PlanPtr left = BindTableRef(*ref.left, left_scope, outer, lateral);
  // A LATERAL item on the right (a subquery or function) of an inner or left join reads the
  // left side's row as its outer row, so the whole right side is bound with the left scope as
  // its innermost enclosing level. Other parts see the left side only to explain why they
  // may not read it.
  const bool outer_join =
      ref.join_type == ast::JoinType::kRight || ref.join_type == ast::JoinType::kFull;
  const bool right_lateral = ReadsEarlierItems(*ref.right) && !outer_join;
  Scope hidden_left = Scope::Restricted(left_scope, outer, ScopeAccess::kHintOnly, right_lateral);
  Scope wrong_join = Scope::Restricted(left_scope, outer, ScopeAccess::kWrongJoinType, false);
  PlanPtr right = BindTableRef(*ref.right, right_scope, &hidden_left,
                               right_lateral ? &left_scope
                               : outer_join  ? &wrong_join
                                             : nullptr);
  Scope combined(outer);
  combined.Append(left_scope);
  combined.Append(right_scope);
  int left_width = left_scope.width();
  const bool lateral_join = right_lateral && PlanIsCorrelated(*right);

  auto p = std::make_shared<PlanNode>(PlanKind::kJoin);
  switch (ref.join_type) {
    case ast::JoinType::kLeft:
      p->join_kind = JoinKind::kLeft;
      break;
    case ast::JoinType::kRight:
      p->join_kind = JoinKind::kRight;
      break;
    case ast::JoinType::kFull:
      p->join_kind = JoinKind::kFull;
      break;
    default:
      p->join_kind = JoinKind::kInner;
  }
  p->children = {left, right};
  p->types = left->types;
  p->types.insert(p->types.end(), right->types.begin(), right->types.end());

  BoundExprPtr condition;
  std::vector<std::string> using_cols = ref.using_columns;
  if (ref.natural) {
    for (const ScopeEntry& le : left_scope.entries()) {
      for (const std::string& c : le.columns) {
        for (const ScopeEntry& re : right_scope.entries()) {
          if (std::find(re.columns.begin(), re.columns.end(), c) != re.columns.end() &&
              std::find(using_cols.begin(), using_cols.end(), c) == using_cols.end()) {
            using_cols.push_back(c);
          }
        }
      }
    }
  }
  if (!using_cols.empty()) {
    ExprBinder eb(binder_, combined, "JOIN/USING");
    std::vector<BoundExprPtr> parts;
    for (const std::string& c : using_cols) {
      auto find = [&](const Scope& s) -> BoundExprPtr {
        for (const ScopeEntry& e : s.entries()) {
          for (size_t i = 0; i < e.columns.size(); i++) {
            if (e.columns[i] == c) return MakeColumnRef(e.offset + static_cast<int>(i), e.types[i]);
          }
        }
        ThrowAt(sqlstate::kUndefinedColumn,
                "column \"" + c + "\" specified in USING clause does not exist in " +
                    (&s == &left_scope ? "left" : "right") + " table",
                ref.location);
      };
      BoundExprPtr l = find(left_scope);
      BoundExprPtr r = find(right_scope);
      auto rs = std::make_shared<BoundExpr>(*r);
      rs->column += left_width;
      ResolvedFunction eq = binder_.context().functions->ResolveOperator("=", l->type, rs->type);
      parts.push_back(MakeCall(binder_, eq, {l, rs}, ref.location));
    }
    condition = AndOf(std::move(parts));
  } else if (ref.join_condition) {
    ExprBinder eb(binder_, combined, "JOIN conditions");
    condition = eb.BindCondition(*ref.join_condition);
  }

  if (lateral_join) {
    p->kind = PlanKind::kLateralJoin;
    p->predicate = condition;
  } else if (using_cols.empty()) {
    if (PlanPtr feature = MakeFeatureJoin(left, right, left_width, p->join_kind, condition)) {
      scope.Append(combined);
      return feature;
    }
  }
  if (lateral_join) {
    // Run once per left row: no hash keys; ON is the residual condition.
  } else if (condition) {
    // Equi-join keys: a = b with a over the left input and b over the right.
    std::vector<BoundExprPtr> parts, residual;
    Conjuncts(condition, parts);
    for (const BoundExprPtr& c : parts) {
      bool is_eq = c->kind == BoundExprKind::kFunction && c->function.fn &&
                   c->function.fn->name == "=" && c->children.size() == 2;
      if (is_eq) {
        int llo = 1 << 30, lhi = -1, rlo = 1 << 30, rhi = -1;
        bool lother = false, rother = false;
        ColumnRange(*c->children[0], llo, lhi, lother);
        ColumnRange(*c->children[1], rlo, rhi, rother);
        bool same_type = c->children[0]->type.SameBase(c->children[1]->type);
        if (!lother && !rother && same_type && lhi >= 0 && rhi >= 0) {
          if (lhi < left_width && rlo >= left_width) {
            p->left_keys.push_back(c->children[0]);
            p->right_keys.push_back(Shift(c->children[1], left_width));
            continue;
          }
          if (rhi < left_width && llo >= left_width) {
            p->left_keys.push_back(c->children[1]);
            p->right_keys.push_back(Shift(c->children[0], left_width));
            continue;
          }
        }
      }
      residual.push_back(c);
    }
    p->predicate = AndOf(std::move(residual));
  } else if (ref.join_type != ast::JoinType::kCross && ref.join_type != ast::JoinType::kInner) {
    ThrowAt(sqlstate::kSyntaxError, "syntax error: join requires a condition", ref.location);
  }
  if (using_cols.empty()) {
    scope.Append(combined);
    return p;
  }
  // USING/NATURAL: the merged columns come first in `*` and answer unqualified names —
  // the left value for inner/left joins, the right for right joins, COALESCE for full.
  std::vector<BoundExprPtr> exprs;
  for (size_t c = 0; c < p->types.size(); c++) {
    exprs.push_back(MakeColumnRef(static_cast<int>(c), p->types[c]));
  }
  ScopeEntry merged;
  for (const std::string& name : using_cols) {
    BoundExprPtr l, r;
    for (const ScopeEntry& e : left_scope.entries()) {
      for (size_t i = 0; i < e.columns.size() && !l; i++) {
        if (e.columns[i] == name) l = MakeColumnRef(e.offset + static_cast<int>(i), e.types[i]);
      }
    }
    for (const ScopeEntry& e : right_scope.entries()) {
      for (size_t i = 0; i < e.columns.size() && !r; i++) {
        if (e.columns[i] == name) {
          r = MakeColumnRef(left_width + e.offset + static_cast<int>(i), e.types[i]);
        }
      }
    }
    Type t = CommonTypeOf({l, r}, "JOIN/USING", ref.location);
    BoundExprPtr value;
    if (p->join_kind == JoinKind::kRight) {
      value = Coerce(binder_, r, t, ref.location);
    } else if (p->join_kind == JoinKind::kFull) {
      auto coalesce = std::make_shared<BoundExpr>();
      coalesce->kind = BoundExprKind::kCoalesce;
      coalesce->type = t;
      coalesce->children = {Coerce(binder_, l, t, ref.location),
                            Coerce(binder_, r, t, ref.location)};
      value = coalesce;
    } else {
      value = Coerce(binder_, l, t, ref.location);
    }
    exprs.push_back(value);
    merged.columns.push_back(name);
    merged.types.push_back(t);
  }
  for (ScopeEntry& e : combined.entries()) {
    for (size_t i = 0; i < e.columns.size(); i++) {
      if (std::find(using_cols.begin(), using_cols.end(), e.columns[i]) != using_cols.end()) {
        e.hidden[i] = true;
      }
    }
  }
  combined.AddMergedColumns(std::move(merged));
  scope.Append(combined);
  return MakeProjectPlan(p, std::move(exprs));
}

}  // namespace firn
