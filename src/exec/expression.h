// BoundExpr: a typed, name-resolved expression, produced by the binder (src/sql/binder) and
// evaluated a whole chunk at a time by ExpressionEvaluator (exec/evaluator.h).
// Thread-safety: immutable after binding; shared by every execution of a prepared plan.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/function/function_registry.h"
#include "types/value.h"

namespace firn {

struct PlanNode;

enum class BoundExprKind {
  kColumn,       // input column `column`
  kOuterColumn,  // column `column` of the enclosing query `depth` levels out (correlation)
  kConstant,     // value
  kParam,        // $(param_index + 1)
  kFunction,     // function(children), function resolved
  kCast,         // children[0]::type (explicit when `negated` is false — see cast_explicit)
  kAnd,
  kOr,
  kNot,
  kIsNull,       // negated = IS NOT NULL
  kIsDistinct,   // children {a, b}; negated = IS NOT DISTINCT FROM
  kBooleanTest,  // IS [NOT] TRUE/FALSE/UNKNOWN: variant "true"/"false"/"unknown"
  kCase,         // children {when1, then1, ...}, else_expr (nullptr = NULL)
  kCoalesce,
  kGreatest,
  kLeast,
  kNullIf,     // children {a, b}; function = the "=" operator
  kInList,     // children {arg, items...}; function = "=" operator per item (same types)
  kSubquery,   // subquery_kind + subplan; children {test arg} for IN/ANY/ALL
  kArray,      // ARRAY[children]
  kSubscript,  // children {array, index} or {array, lower?, upper?} when is_slice
  kAnyArray,   // children {arg, array}; function = comparison; variant "any"/"all"
};

enum class SubqueryKind { kScalar, kExists, kAny, kAll, kArray };

struct BoundExpr;
using BoundExprPtr = std::shared_ptr<const BoundExpr>;

struct BoundExpr {
  BoundExprKind kind = BoundExprKind::kConstant;
  Type type;

  int column = -1;
  int depth = 0;
  Value value;
  int param_index = -1;
  ResolvedFunction function{};
  bool negated = false;
  bool cast_explicit = true;
  bool is_slice = false;
  bool slice_has_lower = false;
  bool slice_has_upper = false;
  std::string variant;
  std::vector<BoundExprPtr> children;
  BoundExprPtr else_expr;

  SubqueryKind subquery_kind = SubqueryKind::kScalar;
  std::shared_ptr<const PlanNode> subplan;
  bool correlated = false;

  // True when the value cannot depend on the input row (constants, params, functions of
  // those that are not volatile). Filled by the binder.
  bool is_constant = false;
  // kConstant written as a literal, kColumn written as a name: its 0-based offset in the
  // statement (-1: none), where an error about it points.
  int location = -1;
};

// The conjuncts of `e` (itself unless it is an AND), flattened.
void Conjuncts(const BoundExprPtr& e, std::vector<BoundExprPtr>& out);
// AND of `parts`: nullptr for none, the part itself for one.
BoundExprPtr AndOf(std::vector<BoundExprPtr> parts);

}  // namespace firn
