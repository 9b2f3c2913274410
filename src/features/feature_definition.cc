#include "features/feature_definition.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>

#include "common/sql_error.h"
#include "types/cast.h"

namespace firn {

namespace {

constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

[[noreturn]] void Refuse(const std::string& construct) {
  throw SqlError(sqlstate::kFeatureNotSupported, "feature views do not support " + construct)
      .WithHint(
          "A feature view is SELECT <entity columns>, <aggregates and expressions over them> "
          "FROM <one table with an event_time option> [WHERE ...] GROUP BY <entity columns>; "
          "windows are predicates such as event_time > now() - interval '7 days' "
          "(docs/features.md).");
}

// Walks every expression of the definition: refuses what cannot be evaluated exactly at an
// arbitrary instant.
void CheckExpr(const BoundExpr& e) {
  switch (e.kind) {
    case BoundExprKind::kSubquery:
      Refuse("subqueries");
    case BoundExprKind::kParam:
      Refuse("parameters");
    case BoundExprKind::kOuterColumn:
      Refuse("outer references");
    default:
      break;
  }
  if (e.kind == BoundExprKind::kFunction && e.function.fn && e.function.fn->is_volatile) {
    Refuse("the volatile function " + e.function.fn->name +
           "(): a feature's value must depend only on the rows and the instant");
  }
  for (const BoundExprPtr& c : e.children) {
    if (c) CheckExpr(*c);
  }
  if (e.else_expr) CheckExpr(*e.else_expr);
}

// A conservative length of `now() - <interval>`'s distance from now(): a month counts as
// 31 days and a day as 25 hours (daylight-saving shifts), plus a day of slack.
// nullopt (no bound) for intervals too long to matter, rather than overflow.
std::optional<int64_t> IntervalHorizon(const Interval& iv) {
  auto magnitude = [](__int128 v) { return v < 0 ? -v : v; };
  __int128 h = magnitude(iv.months) * 31 * kMicrosPerDay +
               magnitude(iv.days) * 25 * 3600 * __int128{1000000} + magnitude(iv.micros) +
               kMicrosPerDay;
  if (h > INT64_MAX / 2) return std::nullopt;
  return static_cast<int64_t>(h);
}

// now() or localtimestamp (whose distance from now() is the zone's offset, under a day).
bool IsClockCall(const BoundExpr& e) {
  return IsNowCall(e) || (e.kind == BoundExprKind::kFunction && e.function.fn &&
                          e.function.fn->name == "localtimestamp" && e.children.empty());
}

// The horizon of `bound` when it is now() or now() - <constant interval> (or localtimestamp
// in their place, for a timestamp event time).
std::optional<int64_t> NowMinus(const BoundExpr& bound) {
  if (IsClockCall(bound)) return kMicrosPerDay;
  if (bound.kind != BoundExprKind::kFunction || !bound.function.fn ||
      bound.function.fn->name != "-" || bound.children.size() != 2) {
    return std::nullopt;
  }
  const BoundExpr& lhs = *bound.children[0];
  // `interval '7 days'` is bound as a cast of a text constant.
  BoundExprPtr folded = FoldIntervalLiterals(bound.children[1]);
  const BoundExpr& rhs = *folded;
  if (!IsClockCall(lhs) || rhs.kind != BoundExprKind::kConstant || rhs.value.is_null() ||
      rhs.type.id != TypeId::kInterval) {
    return std::nullopt;
  }
  return IntervalHorizon(rhs.value.GetInterval());
}

// How far back from now() a row can satisfy `predicate`: recognizes event_time > / >=
// now() - interval (either side), under AND (the tightest) and OR (the loosest).
std::optional<int64_t> LowerBound(const BoundExpr& p, int event_time) {
  if (p.kind == BoundExprKind::kAnd) {
    std::optional<int64_t> best;
    for (const BoundExprPtr& c : p.children) {
      std::optional<int64_t> b = LowerBound(*c, event_time);
      if (b && (!best || *b < *best)) best = b;
    }
    return best;
  }
  if (p.kind == BoundExprKind::kOr) {
    int64_t worst = 0;
    for (const BoundExprPtr& c : p.children) {
      std::optional<int64_t> b = LowerBound(*c, event_time);
      if (!b) return std::nullopt;
      worst = std::max(worst, *b);
    }
    return worst;
  }
  if (p.kind != BoundExprKind::kFunction || !p.function.fn || p.children.size() != 2) {
    return std::nullopt;
  }
  const std::string& op = p.function.fn->name;
  auto is_event_time = [&](const BoundExpr& e) {
    return e.kind == BoundExprKind::kColumn && e.column == event_time;
  };
  if ((op == ">" || op == ">=") && is_event_time(*p.children[0])) {
    return NowMinus(*p.children[1]);
  }
  if ((op == "<" || op == "<=") && is_event_time(*p.children[1])) {
    return NowMinus(*p.children[0]);
  }
  return std::nullopt;
}

const char* ConstructOf(PlanKind kind) {
  switch (kind) {
    case PlanKind::kSort:
      return "ORDER BY";
    case PlanKind::kLimit:
      return "LIMIT or OFFSET";
    case PlanKind::kDistinct:
      return "SELECT DISTINCT";
    case PlanKind::kJoin:
    case PlanKind::kFeatureJoin:
    case PlanKind::kLateralJoin:
      return "joins: a feature view reads one table";
    case PlanKind::kSetOp:
      return "UNION, INTERSECT or EXCEPT";
    case PlanKind::kWindow:
      return "window functions (OVER)";
    case PlanKind::kFilter:
      return "HAVING";
    case PlanKind::kProjectSet:
    case PlanKind::kFunctionScan:
      return "set-returning functions";
    case PlanKind::kCteScan:
    case PlanKind::kRecursiveCte:
      return "WITH queries";
    case PlanKind::kFeatureScan:
      return "feature views as sources";
    default:
      return nullptr;
  }
}

// The first construct under `node` that a feature view cannot have.
std::string Describe(const PlanNode& node) {
  if (const char* what = ConstructOf(node.kind)) return what;
  for (const auto& c : node.children) {
    std::string inner = Describe(*c);
    if (!inner.empty()) return inner;
  }
  return "";
}

[[noreturn]] void RefuseShape(const PlanNode& node) {
  std::string what = Describe(node);
  if (what.empty() && node.kind == PlanKind::kProject) what = "subqueries in FROM";
  Refuse(what.empty() ? "this query shape" : what);
}

}  // namespace

BoundExprPtr FoldIntervalLiterals(const BoundExprPtr& e) {
  if (!e) return e;
  if (e->kind == BoundExprKind::kCast && e->type.id == TypeId::kInterval &&
      e->children.size() == 1 && e->children[0]->kind == BoundExprKind::kConstant &&
      !e->children[0]->value.is_null()) {
    try {
      auto folded = std::make_shared<BoundExpr>();
      folded->kind = BoundExprKind::kConstant;
      folded->type = e->type;
      folded->value = CastValue(e->children[0]->value, e->type, CastContext{});
      folded->is_constant = true;
      return folded;
    } catch (const SqlError&) {
      return e;  // the evaluation reports it, as before
    }
  }
  auto copy = std::make_shared<BoundExpr>(*e);
  for (BoundExprPtr& c : copy->children) c = FoldIntervalLiterals(c);
  copy->else_expr = FoldIntervalLiterals(copy->else_expr);
  return copy;
}

bool IsNowCall(const BoundExpr& e) {
  if (e.kind != BoundExprKind::kFunction || !e.function.fn) return false;
  const std::string& n = e.function.fn->name;
  return n == "now" || n == "current_timestamp" || n == "transaction_timestamp" ||
         n == "statement_timestamp";
}

namespace {
// Whether `e` itself (not its children) reads the clock.
bool CallsClock(const BoundExpr& e) {
  if (e.kind != BoundExprKind::kFunction || !e.function.fn) return false;
  const std::string& n = e.function.fn->name;
  return IsNowCall(e) || n == "current_date" || n == "localtimestamp" ||
         (n == "age" && e.children.size() == 1);
}
}  // namespace

bool DependsOnNow(const BoundExpr& e) {
  if (CallsClock(e)) return true;
  for (const BoundExprPtr& c : e.children) {
    if (c && DependsOnNow(*c)) return true;
  }
  return e.else_expr && DependsOnNow(*e.else_expr);
}

bool DependsOnZone(const BoundExpr& e) {
  switch (e.kind) {
    case BoundExprKind::kColumn:
    case BoundExprKind::kOuterColumn:
    case BoundExprKind::kConstant:
    case BoundExprKind::kParam:
      return false;
    default:
      break;
  }
  // Conservative, by types: an instant (timestamptz) turned into anything but an instant or
  // a truth value (its fields, text, a date), met by a wall-clock time, date, text or
  // interval (cross-type comparisons, date_trunc, calendar arithmetic), or made from one.
  bool instant_in = false, other_in = false;
  auto look = [&](const BoundExprPtr& c) {
    if (!c) return;
    TypeId id = c->type.id;
    instant_in |= id == TypeId::kTimestampTz;
    other_in |= id == TypeId::kTimestamp || id == TypeId::kDate || id == TypeId::kText ||
                id == TypeId::kVarchar || id == TypeId::kInterval || id == TypeId::kUnknown;
  };
  for (const BoundExprPtr& c : e.children) look(c);
  look(e.else_expr);
  bool instant_out = e.type.id == TypeId::kTimestampTz;
  if (instant_in && other_in) return true;
  if (instant_in && !instant_out && e.type.id != TypeId::kBool) return true;
  if (instant_out && other_in) return true;
  for (const BoundExprPtr& c : e.children) {
    if (c && DependsOnZone(*c)) return true;
  }
  return e.else_expr && DependsOnZone(*e.else_expr);
}

bool DependsOnRowAlone(const BoundExpr& e) {
  if (CallsClock(e)) return false;
  switch (e.kind) {
    case BoundExprKind::kSubquery:
    case BoundExprKind::kParam:
    case BoundExprKind::kOuterColumn:
      return false;
    case BoundExprKind::kCast:
      if (e.type.id == TypeId::kOid) return false;  // regclass and friends read the catalog
      break;
    default:
      break;
  }
  if (e.function.fn && (e.function.fn->is_volatile || e.function.fn->reads_session)) {
    return false;
  }
  for (const BoundExprPtr& c : e.children) {
    if (c && !DependsOnRowAlone(*c)) return false;
  }
  return !e.else_expr || DependsOnRowAlone(*e.else_expr);
}

FeatureDefinition AnalyzeFeatureView(const PlanNode& plan, const std::vector<std::string>& names,
                                     const std::vector<std::string>& entity) {
  FeatureDefinition def;
  const PlanNode* node = &plan;
  if (node->kind != PlanKind::kProject) RefuseShape(*node);
  def.outputs = node->exprs;
  def.types = node->types;
  def.names = names;
  node = node->children[0].get();
  if (node->kind == PlanKind::kFilter && node->children[0]->kind == PlanKind::kAggregate) {
    Refuse("HAVING");
  }
  if (node->kind == PlanKind::kTableScan ||
      (node->kind == PlanKind::kFilter && node->children[0]->kind == PlanKind::kTableScan)) {
    Refuse("queries without GROUP BY <entity columns>");
  }
  if (node->kind != PlanKind::kAggregate) RefuseShape(*node);
  if (node->group_exprs.empty()) Refuse("queries without GROUP BY <entity columns>");
  const PlanNode& aggregate = *node;
  if (!aggregate.grouping_sets.empty()) Refuse("GROUPING SETS, ROLLUP or CUBE");
  for (const AggregateSpec& a : aggregate.aggregates) {
    if (a.name == "grouping") Refuse("GROUPING");
  }
  node = node->children[0].get();
  if (node->kind == PlanKind::kFilter) {
    std::vector<BoundExprPtr> parts, fixed, moving;
    Conjuncts(node->predicate, parts);
    // Static conditions are evaluated once, as rows are indexed; one that depends on the
    // session's time zone is evaluated at each evaluation instead, in the reader's zone.
    for (const BoundExprPtr& c : parts) {
      (DependsOnNow(*c) || DependsOnZone(*c) ? moving : fixed).push_back(c);
    }
    def.where_static = AndOf(fixed);
    def.where_dynamic = AndOf(moving);
    node = node->children[0].get();
  }
  if (node->kind != PlanKind::kTableScan) RefuseShape(*node);
  def.source = node->table;
  if (!def.source->data || def.source->system_rows) Refuse("system tables as sources");
  for (size_t i = 0; i < node->scan_columns.size(); i++) {
    if (node->scan_columns[i] != static_cast<int>(i)) Refuse("this scan");
  }

  const TableInfo& table = *def.source;
  std::string event_time;
  for (const auto& [key, value] : table.options) {
    if (key == "event_time") event_time = value;
  }
  if (event_time.empty()) {
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "table \"" + table.name + "\" has no event_time column")
        .WithHint("Declare it: CREATE TABLE ... WITH (event_time = 'column').");
  }
  def.event_time_column = table.FindColumn(event_time);
  TypeId time_type = def.event_time_column < 0
                         ? TypeId::kUnknown
                         : table.columns[static_cast<size_t>(def.event_time_column)].type.id;
  if (time_type != TypeId::kTimestampTz && time_type != TypeId::kTimestamp) {
    Refuse("an event_time column that is not timestamptz or timestamp (\"" + event_time + "\")");
  }
  def.event_time_is_local = time_type == TypeId::kTimestamp;

  std::set<int> grouped;
  for (const BoundExprPtr& g : aggregate.group_exprs) {
    if (g->kind != BoundExprKind::kColumn) Refuse("GROUP BY expressions other than columns");
    def.entity_columns.push_back(g->column);
    grouped.insert(g->column);
  }
  std::set<int> named;
  for (const std::string& e : entity) {
    int c = table.FindColumn(e);
    if (c < 0) {
      throw SqlError(sqlstate::kUndefinedColumn,
                     "entity column \"" + e + "\" does not exist in table \"" + table.name + "\"");
    }
    named.insert(c);
  }
  if (named != grouped || def.entity_columns.size() != grouped.size()) {
    Refuse(
        "a GROUP BY other than the entity columns (GROUP BY exactly the columns named by "
        "the entity option)");
  }
  for (int c : def.entity_columns) {
    TypeId id = table.columns[static_cast<size_t>(c)].type.id;
    bool ok = id == TypeId::kInt2 || id == TypeId::kInt4 || id == TypeId::kInt8 ||
              id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBool ||
              id == TypeId::kUuid;
    if (!ok) Refuse("entity columns of type " + table.columns[static_cast<size_t>(c)].type.Name());
  }

  def.aggregates = aggregate.aggregates;
  for (const AggregateSpec& a : def.aggregates) {
    for (const BoundExprPtr& e : a.args) CheckExpr(*e);
    for (const BoundExprPtr& e : a.order_exprs) CheckExpr(*e);
    if (a.filter) CheckExpr(*a.filter);
  }
  for (const BoundExprPtr& e : def.outputs) CheckExpr(*e);
  if (def.where_static) CheckExpr(*def.where_static);
  if (def.where_dynamic) CheckExpr(*def.where_dynamic);

  // How far back rows matter. With a now()-dependent WHERE, a row it admits makes the
  // entity's group exist, so its window bounds everything; otherwise the widest aggregate
  // window does (and the group exists once any row is old enough).
  if (def.where_dynamic) {
    def.horizon_us = LowerBound(*def.where_dynamic, def.event_time_column);
  } else {
    int64_t widest = 0;
    for (const AggregateSpec& a : def.aggregates) {
      std::optional<int64_t> b =
          a.filter ? LowerBound(*a.filter, def.event_time_column) : std::nullopt;
      if (!b) return def;  // horizon_us stays nullopt: every row matters
      widest = std::max(widest, *b);
    }
    def.horizon_us = widest;
  }
  return def;
}

}  // namespace firn
