// Mathematical functions: abs, round, trunc, floor, ceil/ceiling, sqrt, cbrt, ln, log,
// log10, exp, power/pow, mod, sign, pi, degrees, radians, random — the float8 and numeric
// overloads pg_proc has, with PostgreSQL's errors (2201E/2201F/22003/22012).
// Numeric math is delegated to types/numeric.h; log/log10 of numeric is a thin adapter
// (ln(x) / ln(b)) until Numeric grows a Log().
// Thread-safety: stateless functions; random() keeps its state in the EvalContext.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"

namespace firn::function_internal {
namespace {

using D = double;
using I = int64_t;
using N = Numeric;

[[noreturn]] void Overflow() {
  throw SqlError(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
}
[[noreturn]] void Underflow() {
  throw SqlError(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
}

// ---- abs / mod over integers ----

template <int64_t kMin, const char* kError>
int64_t IntAbsChecked(int64_t a) {
  if (a == kMin) throw SqlError(sqlstate::kNumericValueOutOfRange, kError);
  return a < 0 ? -a : a;
}
constexpr char kInt2Error[] = "smallint out of range";
constexpr char kInt4Error[] = "integer out of range";
constexpr char kInt8Error[] = "bigint out of range";

int64_t IntMod(int64_t a, int64_t b) {
  if (b == 0) throw SqlError(sqlstate::kDivisionByZero, "division by zero");
  if (b == -1) return 0;
  return a % b;
}

// ---- float8 ----

D FAbs(D x) { return std::fabs(x); }
D FRound(D x) { return std::nearbyint(x); }  // half to even, as PostgreSQL's rint()
D FTrunc(D x) { return std::trunc(x); }
D FFloor(D x) { return std::floor(x); }
D FCeil(D x) { return std::ceil(x); }
D FCbrt(D x) { return std::cbrt(x); }
D FSign(D x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); }

D FSqrt(D x) {
  if (x < 0) {
    throw SqlError(sqlstate::kInvalidArgumentForPower,
                   "cannot take square root of a negative number");
  }
  return std::sqrt(x);
}

void CheckLogArgument(D x) {
  if (x == 0) throw SqlError(sqlstate::kInvalidArgumentForLog, "cannot take logarithm of zero");
  if (x < 0) {
    throw SqlError(sqlstate::kInvalidArgumentForLog, "cannot take logarithm of a negative number");
  }
}

template <D (*Log)(D)>
D FLog(D x) {
  CheckLogArgument(x);
  D r = Log(x);
  if (std::isinf(r) && !std::isinf(x)) Overflow();
  if (r == 0 && x != 1) Underflow();
  return r;
}
D LnRaw(D x) { return std::log(x); }
D Log10Raw(D x) { return std::log10(x); }

D FExp(D x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? x : 0.0;
  D r = std::exp(x);
  if (std::isinf(r)) Overflow();
  if (r == 0) Underflow();
  return r;
}

constexpr D kRadiansPerDegree = 0.0174532925199432957692;

D FDegrees(D x) {
  D r = x / kRadiansPerDegree;
  if (std::isinf(r) && !std::isinf(x)) Overflow();
  return r;
}
D FRadians(D x) {
  D r = x * kRadiansPerDegree;
  if (std::isinf(r) && !std::isinf(x)) Overflow();
  if (r == 0 && x != 0) Underflow();
  return r;
}

void PiKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  auto& r = out.doubles();
  for (size_t i = 0; i < in.count; ++i) r[i] = M_PI;
  SetAllValid(out, in.count);
}

// splitmix64: a small, well-mixed generator whose whole state is one word in EvalContext.
uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void RandomKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  if (ctx.random_state == 0) {
    std::random_device device;
    ctx.random_state = (static_cast<uint64_t>(device()) << 32) ^ device() ^ 1;
  }
  auto& r = out.doubles();
  for (size_t i = 0; i < in.count; ++i) {
    r[i] = static_cast<D>(NextRandom(ctx.random_state) >> 11) * 0x1.0p-53;  // [0, 1)
  }
  SetAllValid(out, in.count);
}

// ---- numeric ----

N NAbs(const N& x) { return x.Abs(); }
N NRound0(const N& x) { return x.Round(0); }
N NTrunc0(const N& x) { return x.Trunc(0); }
N NFloor(const N& x) { return x.Floor(); }
N NCeil(const N& x) { return x.Ceil(); }
N NSqrt(const N& x) { return x.Sqrt(); }
N NLn(const N& x) { return x.Ln(); }
N NExp(const N& x) { return x.Exp(); }
N NPower(const N& x, const N& y) { return x.Power(y); }
N NMod(const N& x, const N& y) { return x.Mod(y); }

int32_t ScaleArg(int64_t s) {
  // The scale argument is an int4; Numeric clamps extreme scales itself.
  return static_cast<int32_t>(s);
}
N NRound(const N& x, int64_t s) { return x.Round(ScaleArg(s)); }
N NTrunc(const N& x, int64_t s) { return x.Trunc(ScaleArg(s)); }

N NSign(const N& x) {
  if (x.IsNaN()) return x;
  if (x.IsZero()) return N::FromInt64(0);
  return N::FromInt64(x.IsNegative() ? -1 : 1);
}

// PostgreSQL's estimate of the decimal weight of ln(x), which fixes log()'s result scale:
// near 1 (0.9 <= x <= 1.1) the weight of x - 1, else log10(|ln x|) truncated toward zero,
// with ln x estimated from x's two leading base-10000 digits.
int EstimateLnWeight(const N& x) {
  if (x.IsNegative() || x.IsNaN() || x.IsInf() || x.IsZero()) return 0;
  auto digit_weight = [](const N& n) {
    return n.weight() * 4 + static_cast<int>(std::log10(static_cast<double>(n.digits()[0])));
  };
  if (x.Compare(N::Parse("0.9")) >= 0 && x.Compare(N::Parse("1.1")) <= 0) {
    N d = x.Sub(N::FromInt64(1));
    return d.IsZero() ? 0 : digit_weight(d);
  }
  const std::vector<int16_t>& digits = x.digits();
  double lead = digits[0];
  int dweight = x.weight() * 4;
  if (digits.size() > 1) {
    lead = lead * 10000 + digits[1];
    dweight -= 4;
  }
  double ln = std::log(lead) + dweight * 2.302585092994046;
  return ln == 0 ? 0 : static_cast<int>(std::log10(std::fabs(ln)));
}

// ln(x) computed with at least `scale` fractional digits: Numeric::Ln() keeps at least its
// input's display scale, so the input is first widened to that scale.
N LnWithScale(const N& x, int scale) { return scale > x.dscale() ? x.Round(scale).Ln() : x.Ln(); }

// log(b, x) = ln(x) / ln(b) with PostgreSQL's result scale: at least 16 significant digits
// and no fewer fractional digits than either input shows. Errors come from ln() (2201E) and
// the division (22012 for base 1).
N NLog(const N& base, const N& x) {
  if (base.IsNaN() || x.IsNaN()) return N::Parse("NaN");
  int base_weight = EstimateLnWeight(base);
  int x_weight = EstimateLnWeight(x);
  int result_weight = x_weight - base_weight;
  int rscale = 16 - result_weight;
  rscale = std::max<int>(rscale, base.dscale());
  rscale = std::max<int>(rscale, x.dscale());
  rscale = std::clamp(rscale, 0, 1000);
  N ln_base = LnWithScale(base, std::max(rscale + result_weight - base_weight + 8, 0));
  N ln_x = LnWithScale(x, std::max(rscale + result_weight - x_weight + 8, 0));
  if (ln_base.IsZero()) throw SqlError(sqlstate::kDivisionByZero, "division by zero");
  return ln_x.Div(ln_base).Round(rscale);
}
N NLog10(const N& x) { return NLog(N::FromInt64(10), x); }

template <typename T, auto F>
void AddUnary(FunctionRegistry& r, const char* name, Type t) {
  r.AddFunction(Fn(name, {t}, t, UnaryKernel<T, T, F>));
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& r) {
  r.AddFunction(Fn("abs", {kInt2T}, kInt2T, UnaryKernel<I, I, IntAbsChecked<-32768, kInt2Error>>));
  r.AddFunction(
      Fn("abs", {kInt4T}, kInt4T,
         UnaryKernel<I, I, IntAbsChecked<std::numeric_limits<int32_t>::min(), kInt4Error>>));
  r.AddFunction(
      Fn("abs", {kInt8T}, kInt8T,
         UnaryKernel<I, I, IntAbsChecked<std::numeric_limits<int64_t>::min(), kInt8Error>>));
  r.AddFunction(Fn("abs", {kFloat4T}, kFloat4T, UnaryKernel<D, D, FAbs>));
  AddUnary<D, FAbs>(r, "abs", kFloat8T);
  AddUnary<N, NAbs>(r, "abs", kNumericT);

  for (Type t : {kInt2T, kInt4T, kInt8T}) {
    r.AddFunction(Fn("mod", {t, t}, t, BinaryKernel<I, I, I, IntMod>));
  }
  r.AddFunction(Fn("mod", {kNumericT, kNumericT}, kNumericT, BinaryKernel<N, N, N, NMod>));

  AddUnary<D, FRound>(r, "round", kFloat8T);
  AddUnary<N, NRound0>(r, "round", kNumericT);
  r.AddFunction(Fn("round", {kNumericT, kInt4T}, kNumericT, BinaryKernel<N, I, N, NRound>));
  AddUnary<D, FTrunc>(r, "trunc", kFloat8T);
  AddUnary<N, NTrunc0>(r, "trunc", kNumericT);
  r.AddFunction(Fn("trunc", {kNumericT, kInt4T}, kNumericT, BinaryKernel<N, I, N, NTrunc>));
  AddUnary<D, FFloor>(r, "floor", kFloat8T);
  AddUnary<N, NFloor>(r, "floor", kNumericT);
  for (const char* name : {"ceil", "ceiling"}) {
    AddUnary<D, FCeil>(r, name, kFloat8T);
    AddUnary<N, NCeil>(r, name, kNumericT);
  }
  AddUnary<D, FSqrt>(r, "sqrt", kFloat8T);
  AddUnary<N, NSqrt>(r, "sqrt", kNumericT);
  AddUnary<D, FCbrt>(r, "cbrt", kFloat8T);
  AddUnary<D, FLog<LnRaw>>(r, "ln", kFloat8T);
  AddUnary<N, NLn>(r, "ln", kNumericT);
  for (const char* name : {"log", "log10"}) {
    AddUnary<D, FLog<Log10Raw>>(r, name, kFloat8T);
    AddUnary<N, NLog10>(r, name, kNumericT);
  }
  r.AddFunction(Fn("log", {kNumericT, kNumericT}, kNumericT, BinaryKernel<N, N, N, NLog>));
  AddUnary<D, FExp>(r, "exp", kFloat8T);
  AddUnary<N, NExp>(r, "exp", kNumericT);
  for (const char* name : {"power", "pow"}) {
    r.AddFunction(Fn(name, {kFloat8T, kFloat8T}, kFloat8T, BinaryKernel<D, D, D, Float8Power>));
    r.AddFunction(Fn(name, {kNumericT, kNumericT}, kNumericT, BinaryKernel<N, N, N, NPower>));
  }
  AddUnary<D, FSign>(r, "sign", kFloat8T);
  AddUnary<N, NSign>(r, "sign", kNumericT);
  r.AddFunction(Fn("pi", {}, kFloat8T, PiKernel));
  AddUnary<D, FDegrees>(r, "degrees", kFloat8T);
  AddUnary<D, FRadians>(r, "radians", kFloat8T);
  ScalarFunction random = Fn("random", {}, kFloat8T, RandomKernel);
  random.is_volatile = true;
  r.AddFunction(random);
}

}  // namespace firn::function_internal
