// GROUP BY binding: the clause's items (expressions, ROLLUP, CUBE, GROUPING SETS and the
// empty set ()) expanded into grouping sets as PostgreSQL 15 does, and its expressions bound
// over the FROM scope into an AggregationContext.
// Thread-safety: used by one Binder.
#pragma once

#include <string>
#include <vector>

#include "sql/binder/expr_binder.h"
#include "sql/parser/ast.h"

namespace firn {

// The GROUP BY clause flattened: every expression as written (`exprs`, in order) and the
// grouping sets as lists of indexes into it. The items combine as a cross product
// (GROUP BY a, ROLLUP(b, c) is the sets (a, b, c), (a, b), (a)); an implicit row (b, c)
// is one unit of ROLLUP / CUBE and one set of GROUPING SETS. `has_sets`: a ROLLUP, CUBE,
// GROUPING SETS or () was written. Throws 54011 for a CUBE of more than 12 elements and
// 54001 for more than 4096 sets.
struct ExpandedGroupBy {
  std::vector<const ast::Expr*> exprs;
  std::vector<std::vector<int>> sets;
  bool has_sets = false;
};
ExpandedGroupBy ExpandGroupBy(const std::vector<ast::ExprPtr>& items);

// A select-list entry as GROUP BY sees it: GROUP BY 2 and GROUP BY <output name> refer to
// it. `expr` is nullptr for a column expanded from *.
struct GroupBySelectItem {
  const ast::Expr* expr = nullptr;
  std::string name;
};

// Binds stmt.group_by into agg->groups (each distinct expression once, in order of first
// appearance) and, when the clause has grouping sets, agg->grouping_sets (ascending
// indexes into agg->groups; GROUP BY DISTINCT drops repeated sets). A clause that comes down
// to one set of every expression (GROUP BY a, () or GROUP BY ()) is a plain GROUP BY and
// leaves grouping_sets empty.
void BindGroupBy(Binder& binder, const Scope& scope, const ast::SelectStmt& stmt,
                 const std::vector<GroupBySelectItem>& select_list, AggregationContext* agg);

}  // namespace firn
