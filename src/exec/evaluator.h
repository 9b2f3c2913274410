// Expression evaluation over whole chunks: Evaluate() computes a BoundExpr for every row of
// an input chunk into a Vector, with PostgreSQL's NULL and three-valued-logic semantics.
// Thread-safety: stateless; uses the caller's ExecContext.
#pragma once

#include <vector>

#include "exec/exec_context.h"

namespace firn {

// Returns a vector of input.size() rows of expr.type.
Vector Evaluate(const BoundExpr& expr, const DataChunk& input, ExecContext& ctx);

// Like Evaluate, but a plain column reference yields the input's column itself instead of a
// copy; anything else is evaluated into `scratch`, which the result then refers to.
const Vector& EvaluateRef(const BoundExpr& expr, const DataChunk& input, ExecContext& ctx,
                          Vector& scratch);

// Evaluates an expression that does not depend on input rows (LIMIT, VALUES, defaults).
Value EvaluateConstant(const BoundExpr& expr, ExecContext& ctx);

// Evaluates a predicate into a selection of the rows where it is true.
std::vector<uint32_t> EvaluateFilter(const BoundExpr& predicate, const DataChunk& input,
                                     ExecContext& ctx);

// Casts every row of `input` to `target` with PostgreSQL's cast semantics.
Vector CastVector(const Vector& input, Type target, bool explicit_cast, ExecContext& ctx);

// Runs a complete plan and returns all its rows.
std::vector<DataChunk> ExecutePlan(const PlanNode& plan, ExecContext& ctx);

}  // namespace firn
