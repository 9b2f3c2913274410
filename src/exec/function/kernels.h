// Loop templates shared by the function families: typed access to a Vector's physical
// storage and tight unary/binary loops that call an inlinable element function, so each
// registered implementation is one monomorphic loop with no per-row dispatch.
// Internal to src/exec/function/. Thread-safety: stateless.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "exec/function/function.h"
#include "exec/function/function_registry.h"

namespace firn::function_internal {

template <typename T>
const std::vector<T>& Col(const Vector& v);
template <>
inline const std::vector<int64_t>& Col(const Vector& v) {
  return v.ints();
}
template <>
inline const std::vector<double>& Col(const Vector& v) {
  return v.doubles();
}
template <>
inline const std::vector<std::string>& Col(const Vector& v) {
  return v.strings();
}
template <>
inline const std::vector<Numeric>& Col(const Vector& v) {
  return v.numerics();
}
template <>
inline const std::vector<Interval>& Col(const Vector& v) {
  return v.intervals();
}
template <>
inline const std::vector<ArrayPtr>& Col(const Vector& v) {
  return v.arrays();
}
template <>
inline const std::vector<Uuid>& Col(const Vector& v) {
  return v.uuids();
}

template <typename T>
std::vector<T>& MutCol(Vector& v);
template <>
inline std::vector<int64_t>& MutCol(Vector& v) {
  return v.ints();
}
template <>
inline std::vector<double>& MutCol(Vector& v) {
  return v.doubles();
}
template <>
inline std::vector<std::string>& MutCol(Vector& v) {
  return v.strings();
}
template <>
inline std::vector<Numeric>& MutCol(Vector& v) {
  return v.numerics();
}
template <>
inline std::vector<Interval>& MutCol(Vector& v) {
  return v.intervals();
}
template <>
inline std::vector<ArrayPtr>& MutCol(Vector& v) {
  return v.arrays();
}
template <>
inline std::vector<Uuid>& MutCol(Vector& v) {
  return v.uuids();
}

// Marks rows [0, n) of `out` non-NULL.
inline void SetAllValid(Vector& out, size_t n) {
  for (size_t i = 0; i < n; ++i) out.SetNull(i, false);
}

// out[i] = F(a[i]) for every row.
template <typename A, typename R, auto F>
void UnaryKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) r[i] = F(a[i]);
  SetAllValid(out, in.count);
}

// out[i] = F(a[i], b[i]) for every row.
template <typename A, typename B, typename R, auto F>
void BinaryKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  const std::vector<B>& b = Col<B>(*in.args[1]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) r[i] = F(a[i], b[i]);
  SetAllValid(out, in.count);
}

// out[i] = F(a[i], b[i], c[i]) for every row.
template <typename A, typename B, typename C, typename R, auto F>
void TernaryKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  const std::vector<B>& b = Col<B>(*in.args[1]);
  const std::vector<C>& c = Col<C>(*in.args[2]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) r[i] = F(a[i], b[i], c[i]);
  SetAllValid(out, in.count);
}

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };

template <CmpOp Op>
inline bool Holds(int c) {
  switch (Op) {
    case CmpOp::kEq:
      return c == 0;
    case CmpOp::kNe:
      return c != 0;
    case CmpOp::kLt:
      return c < 0;
    case CmpOp::kLe:
      return c <= 0;
    case CmpOp::kGt:
      return c > 0;
    case CmpOp::kGe:
      return c >= 0;
  }
  return false;
}

// out[i] = (Cmp(a[i], b[i], ctx) <op> 0) for every row; Cmp returns <0, 0 or >0. Either
// argument may be constant (ScalarArgs::constant). Text with dictionary codes (read from
// Parquet) compared with a constant is compared once per dictionary value.
template <typename A, typename B, auto Cmp, CmpOp Op>
void CompareKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  const std::vector<B>& b = Col<B>(*in.args[1]);
  std::vector<int64_t>& r = out.ints();
  if constexpr (std::is_same_v<A, std::string>) {
    const StringDictionary* dict = in.args[0]->dictionary();
    if (dict && in.IsConstant(1) && !in.IsConstant(0) && !dict->values->empty() &&
        dict->values->size() * 4 <= in.count) {
      std::vector<int64_t> holds(dict->values->size());
      for (size_t k = 0; k < holds.size(); ++k) {
        holds[k] = Holds<Op>(Cmp((*dict->values)[k], b[0], ctx)) ? 1 : 0;
      }
      for (size_t i = 0; i < in.count; ++i) r[i] = holds[dict->codes[i]];
      SetAllValid(out, in.count);
      return;
    }
  }
  if (in.IsConstant(1)) {
    const B& right = b[0];
    if (in.IsConstant(0)) {
      const int64_t holds = Holds<Op>(Cmp(a[0], right, ctx)) ? 1 : 0;
      for (size_t i = 0; i < in.count; ++i) r[i] = holds;
    } else {
      for (size_t i = 0; i < in.count; ++i) r[i] = Holds<Op>(Cmp(a[i], right, ctx)) ? 1 : 0;
    }
  } else if (in.IsConstant(0)) {
    const A& left = a[0];
    for (size_t i = 0; i < in.count; ++i) r[i] = Holds<Op>(Cmp(left, b[i], ctx)) ? 1 : 0;
  } else {
    for (size_t i = 0; i < in.count; ++i) r[i] = Holds<Op>(Cmp(a[i], b[i], ctx)) ? 1 : 0;
  }
  SetAllValid(out, in.count);
}

// out[i] = F(in, i, ctx) for every row: a function computed row by row from any arguments.
template <typename R, auto F>
void RowKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; i++) r[i] = F(in, i, ctx);
  SetAllValid(out, in.count);
}

// The same where F may return nothing: that row is NULL.
template <typename R, auto F>
void NullableRowKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; i++) {
    auto v = F(in, i, ctx);
    out.SetNull(i, !v.has_value());
    if (v) r[i] = std::move(*v);
  }
}

// A one-dimensional array value of `items` (an array function's result row).
inline ArrayPtr MakeArray(TypeId elem, std::vector<Value> items) {
  auto arr = std::make_shared<ArrayValue>();
  arr->elem = elem;
  arr->items = std::move(items);
  return arr;
}

// `f` called with NULL arguments too (it sets its own NULL results); `variadic` as
// ScalarFunction::variadic.
inline ScalarFunction NonStrict(ScalarFunction f, bool variadic = false) {
  f.strict = false;
  f.variadic = variadic;
  return f;
}

// A descriptor shorthand for registration tables.
inline ScalarFunction Fn(std::string name, std::vector<Type> params, Type ret, ScalarImpl impl) {
  ScalarFunction f;
  f.name = std::move(name);
  f.params = std::move(params);
  f.return_type = ret;
  f.impl = impl;
  return f;
}

inline constexpr Type kBoolT{TypeId::kBool};
inline constexpr Type kInt2T{TypeId::kInt2};
inline constexpr Type kInt4T{TypeId::kInt4};
inline constexpr Type kInt8T{TypeId::kInt8};
inline constexpr Type kFloat4T{TypeId::kFloat4};
inline constexpr Type kFloat8T{TypeId::kFloat8};
inline constexpr Type kNumericT{TypeId::kNumeric};
inline constexpr Type kTextT{TypeId::kText};
inline constexpr Type kBpcharT{TypeId::kBpchar};
inline constexpr Type kNameT{TypeId::kName};
inline constexpr Type kCharT{TypeId::kChar};
inline constexpr Type kDateT{TypeId::kDate};
inline constexpr Type kTimestampT{TypeId::kTimestamp};
inline constexpr Type kTimestampTzT{TypeId::kTimestampTz};
inline constexpr Type kIntervalT{TypeId::kInterval};
inline constexpr Type kUuidT{TypeId::kUuid};

// Registers = <> < <= > >= for (left, right) with the three-way comparator
// Cmp(const A&, const B&, const EvalContext&).
template <typename A, typename B, auto Cmp>
void AddComparisons(FunctionRegistry& r, Type left, Type right) {
  auto add = [&](const char* name, ScalarImpl impl) {
    ScalarFunction f = Fn(name, {left, right}, kBoolT, impl);
    f.constant_args = true;
    r.AddOperator(std::move(f));
  };
  add("=", CompareKernel<A, B, Cmp, CmpOp::kEq>);
  add("<>", CompareKernel<A, B, Cmp, CmpOp::kNe>);
  add("<", CompareKernel<A, B, Cmp, CmpOp::kLt>);
  add("<=", CompareKernel<A, B, Cmp, CmpOp::kLe>);
  add(">", CompareKernel<A, B, Cmp, CmpOp::kGt>);
  add(">=", CompareKernel<A, B, Cmp, CmpOp::kGe>);
}

}  // namespace firn::function_internal
