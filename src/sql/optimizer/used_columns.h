// MarkUsedColumns: which columns of each table scan a query plan actually reads, so scans
// decode and copy only those (a cold segment's other columns are never read from its data
// file). It walks the plan from the root, which needs all its output columns, and derives
// what each node needs from its children: the columns its expressions reference plus the
// ones its parent needs that it passes through. Anything it cannot follow exactly (an
// expression with a subquery, which may read the whole outer row; set operations;
// DISTINCT) needs every input column, so the result errs toward reading more.
//
// Sets PlanNode::used_columns of the scans; runs once, right after binding, before the
// plan is shared. Scans it does not reach (CTE bodies, plans the binder builds elsewhere)
// keep an empty list, which means every column.
// Thread-safety: none; the plan must not be shared yet.
#pragma once

#include "exec/plan.h"

namespace firn {

void MarkUsedColumns(const PlanPtr& root);

}  // namespace firn
