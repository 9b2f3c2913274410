// GROUP BY: expansion of grouping-set constructs and binding of the grouping expressions.
#include "sql/binder/grouping_sets.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "common/sql_error.h"

namespace firn {

namespace {

using Sets = std::vector<std::vector<int>>;

// PostgreSQL's limits (parse_clause.c / parse_agg.c).
constexpr size_t kMaxCubeElements = 12;
constexpr size_t kMaxGroupingSets = 4096;

bool IsImplicitRow(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kRowExpr && e.variant == "implicit";
}

class Expander {
 public:
  explicit Expander(ExpandedGroupBy* out) : out_(out) {}

  // The sets one GROUP BY item stands for (before the cross product with the others).
  Sets ItemSets(const ast::Expr& item) {
    if (item.kind != ast::ExprKind::kGroupingSet) return {Unit(item)};
    if (item.variant == "empty") return {{}};
    if (item.variant == "sets") {
      Sets sets;
      for (const auto& c : item.args) {
        Sets inner = ItemSets(*c);
        sets.insert(sets.end(), inner.begin(), inner.end());
      }
      return sets;
    }
    std::vector<std::vector<int>> units;
    for (const auto& c : item.args) units.push_back(Unit(*c));
    Sets sets;
    if (item.variant == "rollup") {
      // ROLLUP (u1, ..., un): (u1..un), (u1..un-1), ..., ().
      for (size_t k = units.size() + 1; k-- > 0;) sets.push_back(Concat(units, k, ~uint32_t{0}));
      return sets;
    }
    if (units.size() > kMaxCubeElements) {
      ThrowAt(sqlstate::kTooManyColumns, "CUBE is limited to 12 elements", item.location);
    }
    // CUBE (u1, ..., un): every subset, the full one first.
    uint32_t all = (uint32_t{1} << units.size()) - 1;
    for (uint32_t m = all + 1; m-- > 0;) sets.push_back(Concat(units, units.size(), m));
    return sets;
  }

 private:
  // An expression is a unit of one column; an implicit row (a, b) groups its elements.
  std::vector<int> Unit(const ast::Expr& e) {
    std::vector<int> unit;
    if (IsImplicitRow(e)) {
      for (const auto& c : e.args) unit.push_back(Leaf(*c));
    } else {
      unit.push_back(Leaf(e));
    }
    return unit;
  }

  int Leaf(const ast::Expr& e) {
    out_->exprs.push_back(&e);
    return static_cast<int>(out_->exprs.size() - 1);
  }

  // The first `count` units that `mask` selects (bit i for unit i), concatenated.
  static std::vector<int> Concat(const std::vector<std::vector<int>>& units, size_t count,
                                 uint32_t mask) {
    std::vector<int> set;
    for (size_t i = 0; i < count; i++) {
      if ((mask >> i) & 1) set.insert(set.end(), units[i].begin(), units[i].end());
    }
    return set;
  }

  ExpandedGroupBy* out_;
};

BoundExprPtr BindGroupExpr(Binder& binder, ExprBinder& gb, const Scope& scope,
                           const std::vector<GroupBySelectItem>& select_list, const ast::Expr& g) {
  // GROUP BY 2 / GROUP BY alias refer to the select list, as in PostgreSQL.
  const ast::Expr* expr = &g;
  if (g.kind == ast::ExprKind::kConstant && g.value.type().id == TypeId::kInt4) {
    int64_t n = g.value.GetInt64();
    if (n < 1 || n > static_cast<int64_t>(select_list.size()) ||
        !select_list[static_cast<size_t>(n - 1)].expr) {
      ThrowAt(sqlstate::kInvalidColumnReference,
              "GROUP BY position " + std::to_string(n) + " is not in select list", g.location);
    }
    expr = select_list[static_cast<size_t>(n - 1)].expr;
  } else if (g.kind == ast::ExprKind::kColumnRef && g.names.size() == 1 && !g.star) {
    bool in_from = false;
    for (const ScopeEntry& e : scope.entries()) {
      if (std::find(e.columns.begin(), e.columns.end(), g.names[0]) != e.columns.end()) {
        in_from = true;
      }
    }
    if (!in_from) {
      for (const GroupBySelectItem& t : select_list) {
        if (t.expr && t.name == g.names[0]) expr = t.expr;
      }
    }
  }
  // Aggregates and GROUPING are refused by the binder (no aggregation context here).
  BoundExprPtr b = gb.Bind(*expr);
  if (b->type.id == TypeId::kUnknown && b->kind != BoundExprKind::kParam) {
    b = Coerce(binder, b, Type(TypeId::kText), expr->location);  // as in a select list
  }
  return b;
}

}  // namespace

ExpandedGroupBy ExpandGroupBy(const std::vector<ast::ExprPtr>& items) {
  ExpandedGroupBy out;
  Expander expander(&out);
  std::vector<Sets> per_item;
  size_t total = 1;
  for (const auto& item : items) {
    if (item->kind == ast::ExprKind::kGroupingSet) out.has_sets = true;
    per_item.push_back(expander.ItemSets(*item));
    total *= std::max<size_t>(per_item.back().size(), 1);
    if (total > kMaxGroupingSets) {
      throw SqlError(sqlstate::kStatementTooComplex,
                     "too many grouping sets present (maximum 4096)");
    }
  }
  // The cross product, concatenating one set of each item.
  out.sets = {{}};
  for (const Sets& sets : per_item) {
    Sets next;
    for (const auto& left : out.sets) {
      for (const auto& right : sets) {
        std::vector<int> s = left;
        s.insert(s.end(), right.begin(), right.end());
        next.push_back(std::move(s));
      }
    }
    out.sets = std::move(next);
  }
  return out;
}

void BindGroupBy(Binder& binder, const Scope& scope, const ast::SelectStmt& stmt,
                 const std::vector<GroupBySelectItem>& select_list, AggregationContext* agg) {
  ExpandedGroupBy expanded = ExpandGroupBy(stmt.group_by);
  ExprBinder gb(binder, scope, "GROUP BY");
  // Index in agg->groups of each written expression.
  std::vector<int> group_of;
  for (const ast::Expr* e : expanded.exprs) {
    BoundExprPtr b = BindGroupExpr(binder, gb, scope, select_list, *e);
    int index = -1;
    for (size_t i = 0; i < agg->groups.size() && index < 0; i++) {
      if (SameExpr(*b, *agg->groups[i])) index = static_cast<int>(i);
    }
    if (index < 0) {
      agg->groups.push_back(b);
      agg->group_names.push_back(FigureColumnName(*e));
      index = static_cast<int>(agg->groups.size() - 1);
    }
    group_of.push_back(index);
  }
  if (!expanded.has_sets) return;
  std::vector<std::vector<int>> sets;
  for (const std::vector<int>& written : expanded.sets) {
    std::vector<int> set;
    for (int e : written) set.push_back(group_of[static_cast<size_t>(e)]);
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    if (stmt.group_distinct && std::find(sets.begin(), sets.end(), set) != sets.end()) continue;
    sets.push_back(std::move(set));
  }
  if (sets.size() == 1 && sets[0].size() == agg->groups.size()) return;
  agg->grouping_sets = std::move(sets);
}

}  // namespace firn
