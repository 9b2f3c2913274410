// FunctionRegistry: the catalogue of built-in scalar functions and operators, with
// PostgreSQL's overload resolution ("Type Conversion" chapter: exact match, implicit casts,
// most exact matches, preferred types, unknown-literal heuristics, ambiguity errors) and the
// generic strictness wrapper around the vectorized implementations.
// Thread-safety: built once by its constructor (the Database owns one), immutable afterwards;
// all const methods may be called concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exec/function/function.h"

namespace firn {

class FunctionRegistry {
 public:
  FunctionRegistry();  // registers every built-in
  FunctionRegistry(const FunctionRegistry&) = delete;
  FunctionRegistry& operator=(const FunctionRegistry&) = delete;

  // Resolves a call `name(arg_types...)`; unknown-typed arguments are untyped literals.
  // Throws SqlError 42883 "function foo(integer) does not exist" (with PostgreSQL's hint) or
  // 42725 "function foo(unknown) is not unique".
  ResolvedFunction ResolveFunction(std::string_view name, const std::vector<Type>& arg_types) const;

  // Resolves `left op right`, or the prefix form `op right` when `left` is empty.
  // Throws SqlError 42883 "operator does not exist: text + integer" or 42725.
  ResolvedFunction ResolveOperator(std::string_view op, std::optional<Type> left, Type right) const;

  // Runs f over in.count rows into out (resized to in.count rows of f.return_type if it is
  // not already). Strict functions yield NULL wherever an argument is NULL; the
  // implementation only sees the remaining rows.
  // REQUIRES: each in.args[i] has type f.arg_types[i] (same base type) and in.count rows.
  void Invoke(const ResolvedFunction& f, const ScalarArgs& in, Vector& out, EvalContext& ctx) const;

  // Row-at-a-time convenience over Invoke (constant folding, tests): evaluates f on one row
  // of argument values and returns the result.
  // REQUIRES: each args[i] is NULL or has f.arg_types[i]'s physical representation.
  Value InvokeValues(const ResolvedFunction& f, const std::vector<Value>& args,
                     EvalContext& ctx) const;

  // True if some function (not operator) of this name exists, whatever its arguments.
  bool HasFunction(std::string_view name) const;

  // Registration, used by the per-family Register* functions during construction only.
  void AddFunction(ScalarFunction fn);
  void AddOperator(ScalarFunction op);

 private:
  using Overloads = std::vector<ScalarFunction>;
  std::unordered_map<std::string, Overloads> functions_;
  std::unordered_map<std::string, Overloads> operators_;
};

}  // namespace firn
