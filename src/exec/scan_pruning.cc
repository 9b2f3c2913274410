#include "exec/scan_pruning.h"

#include <optional>

#include "common/sql_error.h"
#include "exec/evaluator.h"
#include "exec/plan.h"

namespace firn {
namespace {

// Types whose comparison operators with each other compare the stored values in the one
// order the zone map keeps (comparison_operators.cc registers them pairwise within a family;
// anything across families goes through conversions: date vs timestamptz depends on the
// time zone, int vs numeric casts the column). 0 = not prunable.
int ComparisonFamily(TypeId id) {
  switch (id) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      return 1;
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return 2;
    case TypeId::kNumeric:
      return 3;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kName:
      return 4;
    case TypeId::kBool:
      return 5;
    case TypeId::kOid:
      return 6;
    case TypeId::kDate:
      return 7;
    case TypeId::kTimestamp:
      return 8;
    case TypeId::kTimestampTz:
      return 9;
    default:
      return 0;
  }
}

int IntWidth(TypeId id) {
  return id == TypeId::kInt2 ? 2 : id == TypeId::kInt4 ? 4 : id == TypeId::kInt8 ? 8 : 0;
}

// True when casting `from` to `to` keeps every value (and so its order) unchanged.
bool ValuePreservingCast(Type from, Type to) {
  if (IntWidth(from.id) > 0 && IntWidth(to.id) > 0) return IntWidth(to.id) >= IntWidth(from.id);
  if (from.id == TypeId::kFloat4 || from.id == TypeId::kFloat8) {
    return to.id == TypeId::kFloat8 || (to.id == TypeId::kFloat4 && from.id == TypeId::kFloat4);
  }
  if (ComparisonFamily(from.id) == 4) {
    // name would truncate and varchar(n) may: only unconstrained targets.
    return to.id == TypeId::kText || (to.id == TypeId::kVarchar && to.typmod < 0);
  }
  return false;
}

// The table column `e` reads, directly or under a value-preserving cast; -1 if none (the
// row-id column of a DELETE scan is not a table column).
int TableColumnOf(const BoundExpr& e, const PlanNode& scan) {
  const BoundExpr* col = &e;
  if (e.kind == BoundExprKind::kCast && e.children.size() == 1 &&
      e.children[0]->kind == BoundExprKind::kColumn &&
      ValuePreservingCast(e.children[0]->type, e.type)) {
    col = e.children[0].get();
  }
  if (col->kind != BoundExprKind::kColumn) return -1;
  if (col->column < 0 || static_cast<size_t>(col->column) >= scan.scan_columns.size()) return -1;
  return scan.scan_columns[static_cast<size_t>(col->column)];
}

// A constant, parameter or outer row's column (fixed while a correlated subquery's scan
// runs), possibly under casts: evaluated once, like PostgreSQL folds it.
bool IsSimpleConstant(const BoundExpr& e) {
  if (e.kind == BoundExprKind::kConstant || e.kind == BoundExprKind::kParam ||
      e.kind == BoundExprKind::kOuterColumn) {
    return true;
  }
  return e.kind == BoundExprKind::kCast && e.children.size() == 1 &&
         IsSimpleConstant(*e.children[0]);
}

// The value of a simple constant of family `family` (NULL counts); nullopt when it cannot be
// used: another family, or its evaluation fails (then the filter reports that error itself).
std::optional<Value> ConstantOf(const BoundExpr& e, int family, ExecContext& ctx) {
  if (!IsSimpleConstant(e)) return std::nullopt;
  try {
    Value v = EvaluateConstant(e, ctx);
    if (!v.is_null() && ComparisonFamily(v.type().id) != family) return std::nullopt;
    return v;
  } catch (const SqlError&) {
    return std::nullopt;
  }
}

std::optional<CompareOp> OpOf(const std::string& name) {
  if (name == "=") return CompareOp::kEq;
  if (name == "<") return CompareOp::kLt;
  if (name == "<=") return CompareOp::kLe;
  if (name == ">") return CompareOp::kGt;
  if (name == ">=") return CompareOp::kGe;
  return std::nullopt;
}

// The family both arguments of comparison `f` share, or 0.
int OperatorFamily(const ResolvedFunction& f) {
  if (f.fn == nullptr || !f.fn->strict || f.arg_types.size() != 2) return 0;
  int family = ComparisonFamily(f.arg_types[0].id);
  return family == ComparisonFamily(f.arg_types[1].id) ? family : 0;
}

// True when the column `col_expr` reads (under its cast, if any) is of `family`.
bool ColumnInFamily(const BoundExpr& col_expr, int family) {
  const BoundExpr& base = col_expr.kind == BoundExprKind::kCast ? *col_expr.children[0] : col_expr;
  return ComparisonFamily(base.type.id) == family;
}

std::optional<PrunePredicate> FromComparison(const BoundExpr& e, const PlanNode& scan,
                                             ExecContext& ctx) {
  int family = OperatorFamily(e.function);
  if (e.children.size() != 2 || family == 0) return std::nullopt;
  std::optional<CompareOp> op = OpOf(e.function.fn->name);
  if (!op) return std::nullopt;
  for (int side = 0; side < 2; side++) {
    const BoundExpr& col = *e.children[static_cast<size_t>(side)];
    const BoundExpr& other = *e.children[static_cast<size_t>(1 - side)];
    int column = TableColumnOf(col, scan);
    if (column < 0 || !ColumnInFamily(col, family)) continue;
    std::optional<Value> value = ConstantOf(other, family, ctx);
    if (!value) return std::nullopt;
    PrunePredicate p;
    p.column = column;
    p.op = side == 0 ? *op : FlipCompareOp(*op);
    p.constants.push_back(std::move(*value));
    return p;
  }
  return std::nullopt;
}

std::optional<PrunePredicate> FromInList(const BoundExpr& e, const PlanNode& scan,
                                         ExecContext& ctx) {
  int family = OperatorFamily(e.function);
  if (e.negated || e.children.size() < 2 || family == 0 || e.function.fn->name != "=") {
    return std::nullopt;
  }
  int column = TableColumnOf(*e.children[0], scan);
  if (column < 0 || !ColumnInFamily(*e.children[0], family)) return std::nullopt;
  PrunePredicate p;
  p.column = column;
  p.op = CompareOp::kEq;
  for (size_t i = 1; i < e.children.size(); i++) {
    std::optional<Value> value = ConstantOf(*e.children[i], family, ctx);
    if (!value) return std::nullopt;
    p.constants.push_back(std::move(*value));
  }
  return p;
}

std::optional<PrunePredicate> FromConjunct(const BoundExpr& e, const PlanNode& scan,
                                           ExecContext& ctx) {
  switch (e.kind) {
    case BoundExprKind::kFunction:
      return FromComparison(e, scan, ctx);
    case BoundExprKind::kInList:
      return FromInList(e, scan, ctx);
    case BoundExprKind::kIsNull: {
      if (e.children.size() != 1) return std::nullopt;
      int column = TableColumnOf(*e.children[0], scan);
      if (column < 0) return std::nullopt;
      return PrunePredicate{column, e.negated ? CompareOp::kIsNotNull : CompareOp::kIsNull, {}};
    }
    case BoundExprKind::kColumn:
    case BoundExprKind::kNot: {
      // WHERE flag, WHERE NOT flag: flag = true / flag = false.
      bool negated = e.kind == BoundExprKind::kNot;
      if (negated && e.children.size() != 1) return std::nullopt;
      const BoundExpr& col = negated ? *e.children[0] : e;
      if (col.kind != BoundExprKind::kColumn || col.type.id != TypeId::kBool) return std::nullopt;
      int column = TableColumnOf(col, scan);
      if (column < 0) return std::nullopt;
      return PrunePredicate{column, CompareOp::kEq, {Value::Bool(!negated)}};
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::vector<PrunePredicate> ExtractPrunePredicates(const BoundExprPtr& filter, const PlanNode& scan,
                                                   ExecContext& ctx) {
  std::vector<PrunePredicate> out;
  if (!filter || scan.kind != PlanKind::kTableScan) return out;
  std::vector<BoundExprPtr> conjuncts;
  Conjuncts(filter, conjuncts);
  for (const BoundExprPtr& c : conjuncts) {
    if (std::optional<PrunePredicate> p = FromConjunct(*c, scan, ctx)) out.push_back(std::move(*p));
  }
  return out;
}

bool ZoneMapMayMatch(const std::vector<PrunePredicate>& predicates, const ZoneMap& zone_map) {
  for (const PrunePredicate& p : predicates) {
    if (p.column < 0 || static_cast<size_t>(p.column) >= zone_map.columns.size()) continue;
    const ColumnStats& stats = zone_map.columns[static_cast<size_t>(p.column)];
    if (p.op == CompareOp::kIsNull || p.op == CompareOp::kIsNotNull) {
      if (!RangeMayMatch(stats, p.op, Value())) return false;
      continue;
    }
    bool any = false;
    for (const Value& v : p.constants) any = any || RangeMayMatch(stats, p.op, v);
    if (!any) return false;
  }
  return true;
}

}  // namespace firn
