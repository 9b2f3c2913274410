// Arithmetic operators + - * / % ^ and prefix - + @ over int2/int4/int8 (including
// PostgreSQL's cross-width variants), float4/float8 (and their mixes) and numeric, with
// PostgreSQL's overflow, underflow and division-by-zero errors.
// Integers are stored as int64 whatever their width, so every integer operator computes in
// int64 and checks the result against its result type's range.
// Thread-safety: stateless functions.
#include <cmath>
#include <cstdint>
#include <limits>

#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"

namespace firn::function_internal {
namespace {

// ---- integers ----

template <TypeId R>
struct IntRange;
template <>
struct IntRange<TypeId::kInt2> {
  static constexpr int64_t kMin = -32768, kMax = 32767;
  static constexpr const char* kError = "smallint out of range";
};
template <>
struct IntRange<TypeId::kInt4> {
  static constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
  static constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  static constexpr const char* kError = "integer out of range";
};
template <>
struct IntRange<TypeId::kInt8> {
  static constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  static constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  static constexpr const char* kError = "bigint out of range";
};

template <TypeId R>
[[noreturn]] void IntOverflow() {
  throw SqlError(sqlstate::kNumericValueOutOfRange, IntRange<R>::kError);
}

[[noreturn]] void DivisionByZero() {
  throw SqlError(sqlstate::kDivisionByZero, "division by zero");
}

template <TypeId R>
inline int64_t Checked(bool overflowed, int64_t v) {
  if (overflowed || v < IntRange<R>::kMin || v > IntRange<R>::kMax) IntOverflow<R>();
  return v;
}

template <TypeId R>
int64_t IntAdd(int64_t a, int64_t b) {
  int64_t r;
  bool o = __builtin_add_overflow(a, b, &r);
  return Checked<R>(o, r);
}
template <TypeId R>
int64_t IntSub(int64_t a, int64_t b) {
  int64_t r;
  bool o = __builtin_sub_overflow(a, b, &r);
  return Checked<R>(o, r);
}
template <TypeId R>
int64_t IntMul(int64_t a, int64_t b) {
  int64_t r;
  bool o = __builtin_mul_overflow(a, b, &r);
  return Checked<R>(o, r);
}
template <TypeId R>
int64_t IntDiv(int64_t a, int64_t b) {
  if (b == 0) DivisionByZero();
  if (b == -1) return IntMul<R>(a, -1);
  return a / b;  // truncates toward zero, as PostgreSQL does
}
template <TypeId R>
int64_t IntMod(int64_t a, int64_t b) {
  if (b == 0) DivisionByZero();
  if (b == -1) return 0;
  return a % b;
}
template <TypeId R>
int64_t IntNeg(int64_t a) {
  return IntSub<R>(0, a);
}
template <TypeId R>
int64_t IntAbs(int64_t a) {
  return a < 0 ? IntNeg<R>(a) : a;
}
int64_t IntIdentity(int64_t a) { return a; }

// ---- floats: float4 values are computed in single precision ----

[[noreturn]] void FloatOverflow() {
  throw SqlError(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
}
[[noreturn]] void FloatUnderflow() {
  throw SqlError(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
}

// F is float (float4 op float4) or double (any op involving float8).
template <typename F>
double FloatAdd(double a, double b) {
  F r = static_cast<F>(a) + static_cast<F>(b);
  if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) FloatOverflow();
  return r;
}
template <typename F>
double FloatSub(double a, double b) {
  F r = static_cast<F>(a) - static_cast<F>(b);
  if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) FloatOverflow();
  return r;
}
template <typename F>
double FloatMul(double a, double b) {
  F r = static_cast<F>(a) * static_cast<F>(b);
  if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) FloatOverflow();
  if (r == 0 && a != 0 && b != 0) FloatUnderflow();
  return r;
}
template <typename F>
double FloatDiv(double a, double b) {
  if (b == 0 && !std::isnan(a)) DivisionByZero();
  F r = static_cast<F>(a) / static_cast<F>(b);
  if (std::isinf(r) && !std::isinf(a)) FloatOverflow();
  if (r == 0 && a != 0 && !std::isinf(b)) FloatUnderflow();
  return r;
}
double FloatNeg(double a) { return -a; }
double FloatAbs(double a) { return std::fabs(a); }
double FloatIdentity(double a) { return a; }

}  // namespace

// float8 power with PostgreSQL's (POSIX) special cases and errors; shared with power().
double Float8Power(double x, double y) {
  if (std::isnan(x)) return (std::isnan(y) || y != 0) ? x : 1.0;
  if (std::isnan(y)) return x == 1.0 ? 1.0 : y;
  if (x == 0 && y < 0) {
    throw SqlError(sqlstate::kInvalidArgumentForPower,
                   "zero raised to a negative power is undefined");
  }
  if (x < 0 && std::floor(y) != y) {
    throw SqlError(sqlstate::kInvalidArgumentForPower,
                   "a negative number raised to a non-integer power yields a complex result");
  }
  if (std::isinf(y)) {
    double ax = std::fabs(x);
    if (ax == 1.0) return 1.0;
    if (y > 0) return ax > 1.0 ? y : 0.0;
    return ax > 1.0 ? 0.0 : -y;
  }
  if (std::isinf(x)) {
    if (y == 0) return 1.0;
    if (x > 0) return y > 0 ? x : 0.0;
    bool odd_integer = std::floor(y / 2) != y / 2;
    if (y > 0) return odd_integer ? x : -x;
    return odd_integer ? -0.0 : 0.0;
  }
  double r = std::pow(x, y);
  if (std::isinf(r)) FloatOverflow();
  if (r == 0 && x != 0) FloatUnderflow();
  return r;
}

namespace {

Numeric NumAdd(const Numeric& a, const Numeric& b) { return a.Add(b); }
Numeric NumSub(const Numeric& a, const Numeric& b) { return a.Sub(b); }
Numeric NumMul(const Numeric& a, const Numeric& b) { return a.Mul(b); }
Numeric NumDiv(const Numeric& a, const Numeric& b) { return a.Div(b); }
Numeric NumMod(const Numeric& a, const Numeric& b) { return a.Mod(b); }
Numeric NumPow(const Numeric& a, const Numeric& b) { return a.Power(b); }
Numeric NumNeg(const Numeric& a) { return a.Neg(); }
Numeric NumAbs(const Numeric& a) { return a.Abs(); }
Numeric NumIdentity(const Numeric& a) { return a; }

template <TypeId R>
void AddIntOperators(FunctionRegistry& r, Type left, Type right) {
  const Type ret{R};
  using K = int64_t;
  r.AddOperator(Fn("+", {left, right}, ret, BinaryKernel<K, K, K, IntAdd<R>>));
  r.AddOperator(Fn("-", {left, right}, ret, BinaryKernel<K, K, K, IntSub<R>>));
  r.AddOperator(Fn("*", {left, right}, ret, BinaryKernel<K, K, K, IntMul<R>>));
  r.AddOperator(Fn("/", {left, right}, ret, BinaryKernel<K, K, K, IntDiv<R>>));
}

template <TypeId R>
void AddIntPrefixAndMod(FunctionRegistry& r) {
  const Type t{R};
  using K = int64_t;
  r.AddOperator(Fn("%", {t, t}, t, BinaryKernel<K, K, K, IntMod<R>>));
  r.AddOperator(Fn("-", {t}, t, UnaryKernel<K, K, IntNeg<R>>));
  r.AddOperator(Fn("+", {t}, t, UnaryKernel<K, K, IntIdentity>));
  r.AddOperator(Fn("@", {t}, t, UnaryKernel<K, K, IntAbs<R>>));
}

template <typename F>
void AddFloatOperators(FunctionRegistry& r, Type left, Type right, Type ret) {
  using D = double;
  r.AddOperator(Fn("+", {left, right}, ret, BinaryKernel<D, D, D, FloatAdd<F>>));
  r.AddOperator(Fn("-", {left, right}, ret, BinaryKernel<D, D, D, FloatSub<F>>));
  r.AddOperator(Fn("*", {left, right}, ret, BinaryKernel<D, D, D, FloatMul<F>>));
  r.AddOperator(Fn("/", {left, right}, ret, BinaryKernel<D, D, D, FloatDiv<F>>));
}

}  // namespace

void RegisterArithmeticOperators(FunctionRegistry& r) {
  AddIntOperators<TypeId::kInt2>(r, kInt2T, kInt2T);
  AddIntOperators<TypeId::kInt4>(r, kInt2T, kInt4T);
  AddIntOperators<TypeId::kInt8>(r, kInt2T, kInt8T);
  AddIntOperators<TypeId::kInt4>(r, kInt4T, kInt2T);
  AddIntOperators<TypeId::kInt4>(r, kInt4T, kInt4T);
  AddIntOperators<TypeId::kInt8>(r, kInt4T, kInt8T);
  AddIntOperators<TypeId::kInt8>(r, kInt8T, kInt2T);
  AddIntOperators<TypeId::kInt8>(r, kInt8T, kInt4T);
  AddIntOperators<TypeId::kInt8>(r, kInt8T, kInt8T);
  AddIntPrefixAndMod<TypeId::kInt2>(r);
  AddIntPrefixAndMod<TypeId::kInt4>(r);
  AddIntPrefixAndMod<TypeId::kInt8>(r);

  AddFloatOperators<float>(r, kFloat4T, kFloat4T, kFloat4T);
  AddFloatOperators<double>(r, kFloat4T, kFloat8T, kFloat8T);
  AddFloatOperators<double>(r, kFloat8T, kFloat4T, kFloat8T);
  AddFloatOperators<double>(r, kFloat8T, kFloat8T, kFloat8T);
  for (Type t : {kFloat4T, kFloat8T}) {
    r.AddOperator(Fn("-", {t}, t, UnaryKernel<double, double, FloatNeg>));
    r.AddOperator(Fn("+", {t}, t, UnaryKernel<double, double, FloatIdentity>));
    r.AddOperator(Fn("@", {t}, t, UnaryKernel<double, double, FloatAbs>));
  }
  r.AddOperator(
      Fn("^", {kFloat8T, kFloat8T}, kFloat8T, BinaryKernel<double, double, double, Float8Power>));

  using N = Numeric;
  const Type n = kNumericT;
  r.AddOperator(Fn("+", {n, n}, n, BinaryKernel<N, N, N, NumAdd>));
  r.AddOperator(Fn("-", {n, n}, n, BinaryKernel<N, N, N, NumSub>));
  r.AddOperator(Fn("*", {n, n}, n, BinaryKernel<N, N, N, NumMul>));
  r.AddOperator(Fn("/", {n, n}, n, BinaryKernel<N, N, N, NumDiv>));
  r.AddOperator(Fn("%", {n, n}, n, BinaryKernel<N, N, N, NumMod>));
  r.AddOperator(Fn("^", {n, n}, n, BinaryKernel<N, N, N, NumPow>));
  r.AddOperator(Fn("-", {n}, n, UnaryKernel<N, N, NumNeg>));
  r.AddOperator(Fn("+", {n}, n, UnaryKernel<N, N, NumIdentity>));
  r.AddOperator(Fn("@", {n}, n, UnaryKernel<N, N, NumAbs>));
}

}  // namespace firn::function_internal
