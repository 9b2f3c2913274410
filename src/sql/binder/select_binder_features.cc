// SelectBinder: feature views in FROM. A view binds to a kFeatureScan (its columns plus the
// as_of pseudo-column); WHERE equalities on its entity columns and as_of become the scan's
// lookup keys and instant, and `JOIN view f ON f.<entity> = <expr> AND f.as_of = <expr>`
// becomes a kFeatureJoin that evaluates the view once per input row, as of that row's time.
#include <algorithm>

#include "common/sql_error.h"
#include "exec/feature_source.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/select_binder.h"

namespace firn {

namespace {

// Whether a value of type `value` equal under `=` to a column of type `column` is found by
// the view's hash lookup (same representation: integers with integers, strings with
// strings, bool with bool).
bool LookupCompatible(const Type& column, const Type& value) {
  if (IsIntegerType(column.id)) return IsIntegerType(value.id);
  if (IsStringType(column.id)) return IsStringType(value.id);
  return column.id == value.id;
}

// The column `e` reads, looking through a cast between lookup-compatible types; -1 if none.
int ColumnOf(const BoundExpr& e) {
  if (e.kind == BoundExprKind::kColumn) return e.column;
  if (e.kind == BoundExprKind::kCast && e.children.size() == 1 &&
      e.children[0]->kind == BoundExprKind::kColumn &&
      LookupCompatible(e.children[0]->type, e.type)) {
    return e.children[0]->column;
  }
  return -1;
}

bool IsEquality(const BoundExpr& e) {
  return e.kind == BoundExprKind::kFunction && e.function.fn && e.function.fn->name == "=" &&
         e.children.size() == 2;
}

// The entity position (GROUP BY order) view column `column` shows, or -1.
int EntityAt(const FeatureSource& view, int column) {
  const std::vector<int>& outputs = view.entity_outputs();
  for (size_t j = 0; j < outputs.size(); j++) {
    if (outputs[j] == column && column >= 0) return static_cast<int>(j);
  }
  return -1;
}

// True when `e` reads no input column at or after `width` and has no subquery (whose
// correlation the check would not see).
bool ReadsOnlyBelow(const BoundExpr& e, int width) {
  if (e.kind == BoundExprKind::kColumn && e.column >= width) return false;
  if (e.kind == BoundExprKind::kSubquery) return false;
  for (const auto& c : e.children) {
    if (c && !ReadsOnlyBelow(*c, width)) return false;
  }
  return !e.else_expr || ReadsOnlyBelow(*e.else_expr, width);
}

// Whether f.as_of = <value of type id> names an instant: timestamptz, or a timestamp or date
// read in the session time zone (PostgreSQL's cross-type comparisons do the same).
bool IsInstantType(TypeId id) {
  return id == TypeId::kTimestampTz || id == TypeId::kTimestamp || id == TypeId::kDate;
}

}  // namespace

PlanPtr SelectBinder::BindFeatureView(const FeatureViewInfo& view, const ast::TableRef& ref,
                                      Scope& scope) {
  if (!view.runtime) {
    ThrowAt(sqlstate::kObjectNotInPrerequisiteState,
            "feature view \"" + view.name + "\" could not be restored; the server log says why",
            ref.location);
  }
  auto p = std::make_shared<PlanNode>(PlanKind::kFeatureScan);
  p->feature = view.runtime;
  ScopeEntry entry;
  entry.alias = ref.alias.empty() ? ref.name : ref.alias;
  entry.table_oid = view.oid;
  for (size_t c = 0; c < view.columns.size(); c++) {
    p->types.push_back(view.columns[c].type);
    entry.columns.push_back(c < ref.column_aliases.size() ? ref.column_aliases[c]
                                                          : view.columns[c].name);
    entry.types.push_back(view.columns[c].type);
  }
  p->types.push_back(Type(TypeId::kTimestampTz));
  entry.columns.push_back("as_of");
  entry.types.push_back(Type(TypeId::kTimestampTz));
  entry.pseudo.assign(entry.columns.size(), false);
  entry.pseudo.back() = true;
  scope.Add(std::move(entry));
  return p;
}

// WHERE over a lone feature view: `entity = const`, `entity IN (...)`, `entity = ANY(array)`
// (one entity column), equalities on every entity column, and `as_of = const` turn the scan
// into lookups. The filter stays above the scan, so the answer is the same either way, except
// for the conjuncts the lookup answers exactly: `as_of = const` and `<integer entity column>
// = <integer constant>` (a hash lookup finds exactly the rows that `=` admits there, and a
// NULL finds none). Text keys keep their conjunct (bpchar compares without trailing blanks).
PlanPtr SelectBinder::PushDownFeatureKeys(PlanPtr filter) {
  if (filter->kind == PlanKind::kFilter && (filter->children[0]->kind == PlanKind::kFeatureJoin ||
                                            filter->children[0]->kind == PlanKind::kProjectSet ||
                                            filter->children[0]->kind == PlanKind::kLateralJoin)) {
    return PushBelowFirstInput(filter);
  }
  if (filter->kind != PlanKind::kFilter || filter->children[0]->kind != PlanKind::kFeatureScan) {
    return filter;
  }
  const PlanNode& scan = *filter->children[0];
  const FeatureSource& view = *scan.feature;
  int as_of_column = static_cast<int>(scan.types.size()) - 1;
  size_t entities = view.entity_outputs().size();
  std::vector<BoundExprPtr> equal(entities);
  std::vector<std::vector<BoundExprPtr>> alternatives;
  bool is_array = false;
  BoundExprPtr as_of;
  std::vector<BoundExprPtr> parts;
  Conjuncts(filter->predicate, parts);
  // Per entity column (and as_of): the conjunct the lookup uses, when it answers it exactly.
  constexpr size_t kNone = SIZE_MAX;
  std::vector<size_t> exact_entity(entities, kNone);
  size_t exact_as_of = kNone;
  for (size_t i = 0; i < parts.size(); i++) {
    const BoundExprPtr& c = parts[i];
    if (IsEquality(*c)) {
      for (int side = 0; side < 2; side++) {
        const BoundExpr& col = *c->children[static_cast<size_t>(side)];
        const BoundExprPtr& other = c->children[static_cast<size_t>(1 - side)];
        if (!other->is_constant) continue;
        int column = ColumnOf(col);
        bool direct = col.kind == BoundExprKind::kColumn;
        if (column == as_of_column && IsInstantType(other->type.id)) {
          as_of = Coerce(binder_, other, Type(TypeId::kTimestampTz), -1);
          exact_as_of = direct ? i : kNone;
          break;
        }
        int entity = EntityAt(view, column);
        const Type& type = scan.types[static_cast<size_t>(column)];
        if (entity >= 0 && LookupCompatible(type, other->type)) {
          equal[static_cast<size_t>(entity)] = other;
          exact_entity[static_cast<size_t>(entity)] = direct && IsIntegerType(type.id) ? i : kNone;
          break;
        }
      }
      continue;
    }
    if (entities != 1 || !alternatives.empty()) continue;
    if (c->kind == BoundExprKind::kInList && !c->negated && c->function.fn &&
        c->function.fn->name == "=") {
      int column = ColumnOf(*c->children[0]);
      if (EntityAt(view, column) != 0) continue;
      bool ok = true;
      for (size_t i = 1; i < c->children.size(); i++) {
        ok &= c->children[i]->is_constant &&
              LookupCompatible(scan.types[static_cast<size_t>(column)], c->children[i]->type);
      }
      if (!ok) continue;
      for (size_t i = 1; i < c->children.size(); i++) alternatives.push_back({c->children[i]});
    } else if (c->kind == BoundExprKind::kAnyArray && c->variant == "any" && c->function.fn &&
               c->function.fn->name == "=" && c->children[1]->is_constant) {
      int column = ColumnOf(*c->children[0]);
      if (EntityAt(view, column) != 0 || !LookupCompatible(scan.types[static_cast<size_t>(column)],
                                                           Type(c->children[1]->type.elem))) {
        continue;
      }
      alternatives.push_back({c->children[1]});
      is_array = true;
    }
  }
  bool all_equal = entities > 0;
  for (const BoundExprPtr& e : equal) all_equal &= e != nullptr;
  auto keyed = std::make_shared<PlanNode>(scan);
  if (all_equal) {
    keyed->feature_keys = {equal};
    keyed->feature_key_is_array = false;
  } else if (!alternatives.empty()) {
    keyed->feature_keys = alternatives;
    keyed->feature_key_is_array = is_array;
  }
  keyed->feature_as_of = as_of;
  std::vector<bool> answered(parts.size(), false);
  if (exact_as_of != kNone) answered[exact_as_of] = true;
  for (size_t i : exact_entity) {
    if (all_equal && i != kNone) answered[i] = true;
  }
  std::vector<BoundExprPtr> rest;
  for (size_t i = 0; i < parts.size(); i++) {
    if (!answered[i]) rest.push_back(parts[i]);
  }
  if (rest.empty()) return keyed;
  return MakeFilterPlan(keyed, rest.size() == parts.size() ? filter->predicate : AndOf(rest));
}

// WHERE over a point-in-time join: conjuncts that read only the labels' side filter the
// labels before the view is evaluated for them (valid for inner and LEFT joins alike: WHERE
// drops rows after the join either way).
PlanPtr SelectBinder::PushBelowFirstInput(PlanPtr filter) {
  const PlanNode& join = *filter->children[0];
  int input_width = static_cast<int>(join.children[0]->types.size());
  std::vector<BoundExprPtr> parts, below, above;
  Conjuncts(filter->predicate, parts);
  for (const BoundExprPtr& c : parts)
    (ReadsOnlyBelow(*c, input_width) ? below : above).push_back(c);
  if (below.empty()) return filter;
  auto pushed = std::make_shared<PlanNode>(join);
  pushed->children[0] = MakeFilterPlan(join.children[0], AndOf(std::move(below)));
  if (above.empty()) return pushed;
  return MakeFilterPlan(pushed, AndOf(std::move(above)));
}

// `left JOIN view f ON f.<entity> = <left expr> [AND ...] [AND f.as_of = <left expr>]`: per
// left row, the view's row for that key as of that time (now() without an as_of term).
// nullptr when the join is not of that form.
PlanPtr SelectBinder::MakeFeatureJoin(PlanPtr left, PlanPtr right, int left_width, JoinKind kind,
                                      const BoundExprPtr& condition) {
  if (right->kind != PlanKind::kFeatureScan || !condition) return nullptr;
  const FeatureSource& view = *right->feature;
  int as_of_column = left_width + static_cast<int>(right->types.size()) - 1;
  size_t entities = view.entity_outputs().size();
  std::vector<BoundExprPtr> keys(entities);
  BoundExprPtr as_of;
  std::vector<BoundExprPtr> parts, residual;
  Conjuncts(condition, parts);
  auto left_only = [&](const BoundExpr& e) { return ReadsOnlyBelow(e, left_width); };
  for (const BoundExprPtr& c : parts) {
    bool used = false;
    if (IsEquality(*c)) {
      for (int side = 0; side < 2 && !used; side++) {
        const BoundExpr& col = *c->children[static_cast<size_t>(side)];
        const BoundExprPtr& other = c->children[static_cast<size_t>(1 - side)];
        if (!left_only(*other)) continue;
        int column = ColumnOf(col);
        if (column == as_of_column && IsInstantType(other->type.id) && !as_of) {
          as_of = Coerce(binder_, other, Type(TypeId::kTimestampTz), -1);
          used = true;
          continue;
        }
        if (column < left_width) continue;
        int entity = EntityAt(view, column - left_width);
        if (entity >= 0 && !keys[static_cast<size_t>(entity)] &&
            LookupCompatible(right->types[static_cast<size_t>(column - left_width)], other->type)) {
          keys[static_cast<size_t>(entity)] = other;
          used = true;
        }
      }
    }
    if (!used) residual.push_back(c);
  }
  bool all_keys = entities > 0;
  for (const BoundExprPtr& k : keys) all_keys &= k != nullptr;
  if (!all_keys) {
    if (as_of) {
      ThrowAt(sqlstate::kFeatureNotSupported,
              "a point-in-time join needs f.<column> = <expression> for every entity column of "
              "the feature view, besides f.as_of = <expression>",
              -1);
    }
    return nullptr;
  }
  if (kind != JoinKind::kInner && kind != JoinKind::kLeft) {
    ThrowAt(sqlstate::kFeatureNotSupported,
            "joins with a feature view on the right must be inner or LEFT joins", -1);
  }
  if (kind == JoinKind::kInner) {  // ON terms about the labels alone filter them first
    std::vector<BoundExprPtr> below, above;
    for (const BoundExprPtr& c : residual) (left_only(*c) ? below : above).push_back(c);
    if (!below.empty()) left = MakeFilterPlan(left, AndOf(std::move(below)));
    residual = std::move(above);
  }
  auto p = std::make_shared<PlanNode>(PlanKind::kFeatureJoin);
  p->feature = right->feature;
  p->join_kind = kind;
  p->children = {left};
  p->types = left->types;
  p->types.insert(p->types.end(), right->types.begin(), right->types.end());
  p->feature_keys = {keys};
  p->feature_as_of = as_of;
  p->predicate = AndOf(residual);
  return p;
}

}  // namespace firn
