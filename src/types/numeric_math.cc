// Numeric transcendental functions: sqrt, ln, exp, power, with PostgreSQL 15's result scales.
// Computed in fixed point with guard digits, then rounded half away from zero.
// Thread-safety: pure functions.
#include <algorithm>
#include <cmath>

#include "common/sql_error.h"
#include "types/numeric.h"
#include "types/numeric_access.h"

namespace firn {

using numeric_internal::BigNat;
using numeric_internal::Dec;

namespace {

int ClampScale(int rscale, int dscale) {
  rscale = std::max({rscale, dscale, 0});
  return std::min(rscale, kNumericMaxDisplayScale);
}

Dec One() { return numeric_internal::DecFromInt(1); }

// sqrt(x) truncated to `scale` digits; REQUIRES: x >= 0.
Dec SqrtFixed(const Dec& x, int scale) {
  int shift = 2 * scale - x.scale;
  BigNat m = shift >= 0 ? numeric_internal::MulPow10(x.mag, shift)
                        : numeric_internal::ShiftRightDecimal(x.mag, -shift, false);
  Dec r;
  r.mag = numeric_internal::ISqrt(m);
  r.scale = scale;
  return r;
}

// ln(x) to about `scale` correct digits; REQUIRES: x > 0.
Dec LnFixed(Dec x, int scale) {
  bool invert = numeric_internal::CompareDec(x, One()) < 0;
  int work = scale + 12;
  if (invert) x = numeric_internal::DivDec(One(), x, work + std::max(0, -x.DecimalWeight()));
  // Take square roots until x is within 0.01 of 1; each halves ln(x).
  int halvings = 0;
  Dec limit = numeric_internal::Rescale(numeric_internal::DecFromInt(101), 2);  // 1.01
  while (numeric_internal::CompareDec(x, limit) > 0) {
    x = SqrtFixed(x, work + 8);
    ++halvings;
  }
  int w = work + 8 + halvings / 3;
  x = numeric_internal::Rescale(x, w);
  Dec z = numeric_internal::DivDec(numeric_internal::SubDec(x, One()),
                                   numeric_internal::AddDec(x, One()), w);
  Dec z2 = numeric_internal::Rescale(numeric_internal::MulDec(z, z), w);
  Dec term = z, sum = z;
  for (int64_t k = 3;; k += 2) {
    term = numeric_internal::Rescale(numeric_internal::MulDec(term, z2), w);
    if (term.IsZero()) break;
    Dec part = numeric_internal::DivDec(term, numeric_internal::DecFromInt(k), w);
    if (part.IsZero()) break;
    sum = numeric_internal::AddDec(sum, part);
  }
  BigNat factor = BigNat::FromUint64(2);
  for (int i = 0; i < halvings; ++i) factor = numeric_internal::MulSmall(factor, 2);
  Dec f;
  f.mag = factor;
  sum = numeric_internal::MulDec(sum, f);
  return invert ? numeric_internal::NegDec(sum) : sum;
}

// exp(x) with absolute error well below 10^-scale (relative when the result is large).
Dec ExpFixed(const Dec& x, int scale) {
  bool negative = x.neg;
  Dec a = x;
  a.neg = false;
  double mag = numeric_internal::DecToDouble(a);
  int halvings = 0;
  while (mag / std::ldexp(1.0, halvings) > 0.01) ++halvings;
  int dweight = static_cast<int>(mag * 0.434294481903252) + 1;
  int w = scale + dweight + halvings / 3 + 12;
  Dec two_n;
  two_n.mag = BigNat::FromUint64(1);
  for (int i = 0; i < halvings; ++i) two_n.mag = numeric_internal::MulSmall(two_n.mag, 2);
  Dec y = numeric_internal::DivDec(a, two_n, w);
  Dec term = One(), sum = One();
  for (int64_t k = 1;; ++k) {
    term = numeric_internal::DivDec(numeric_internal::MulDec(term, y),
                                    numeric_internal::DecFromInt(k), w);
    if (term.IsZero()) break;
    sum = numeric_internal::AddDec(sum, term);
  }
  for (int i = 0; i < halvings; ++i) {
    sum = numeric_internal::Rescale(numeric_internal::MulDec(sum, sum), w);
  }
  if (negative) sum = numeric_internal::DivDec(One(), sum, scale + 2);
  return sum;
}

// PostgreSQL's estimate of the decimal weight of ln(x), x > 0.
int EstimateLnDweight(const Numeric& x) {
  Dec d = NumericAccess::ToDec(x);
  double v = numeric_internal::DecToDouble(d);
  if (v >= 0.9 && v <= 1.1) {
    Dec diff = numeric_internal::SubDec(d, One());
    return diff.IsZero() ? 0 : diff.DecimalWeight();
  }
  double ln;
  if (std::isfinite(v) && v > 1e-300) {
    ln = std::log(v);
  } else {
    int w = d.DecimalWeight();
    ln = w * std::log(10.0);
  }
  return static_cast<int>(std::log10(std::fabs(ln)));
}

[[noreturn]] void ThrowPower(const char* message) {
  throw SqlError(sqlstate::kInvalidArgumentForPower, message);
}

}  // namespace

Numeric Numeric::Sqrt() const {
  if (IsNaN()) return *this;
  if (IsNegative() && !IsZero()) {
    throw SqlError(sqlstate::kInvalidArgumentForPower,
                   "cannot take square root of a negative number");
  }
  if (IsInf()) return *this;
  int sweight = (weight_ + 1) * 4 / 2 - 1;
  int rscale = ClampScale(kNumericMinSigDigits - sweight, dscale_);
  Dec r = SqrtFixed(NumericAccess::ToDec(*this), rscale + 1);
  return NumericAccess::FromDec(r, rscale);
}

Numeric Numeric::Ln() const {
  if (IsNaN()) return *this;
  if (IsZero()) throw SqlError(sqlstate::kInvalidArgumentForLog, "cannot take logarithm of zero");
  if (IsNegative()) {
    throw SqlError(sqlstate::kInvalidArgumentForLog, "cannot take logarithm of a negative number");
  }
  if (IsInf()) return *this;
  int rscale = ClampScale(kNumericMinSigDigits - EstimateLnDweight(*this), dscale_);
  return NumericAccess::FromDec(LnFixed(NumericAccess::ToDec(*this), rscale + 2), rscale);
}

Numeric Numeric::Exp() const {
  if (IsNaN()) return *this;
  if (sign_ == Sign::kPosInf) return *this;
  if (sign_ == Sign::kNegInf) return Numeric();
  double val = ToDouble() * 0.434294481903252;
  if (std::fabs(val) > kNumericMaxResultScale * 3) {
    if (val > 0) {
      throw SqlError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
    }
    return NumericAccess::FromDec(Dec(), ClampScale(kNumericMaxDisplayScale, dscale_));
  }
  val = std::clamp(val, -static_cast<double>(kNumericMaxResultScale),
                   static_cast<double>(kNumericMaxResultScale));
  int rscale = ClampScale(kNumericMinSigDigits - static_cast<int>(val), dscale_);
  if (val > 131072 / 1.0) {
    throw SqlError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  }
  return NumericAccess::FromDec(ExpFixed(NumericAccess::ToDec(*this), rscale + 2), rscale);
}

Numeric Numeric::Power(const Numeric& exponent) const {
  const Numeric& base = *this;
  Numeric one = FromInt64(1);
  if (base.IsNaN() || exponent.IsNaN()) {
    if (base.IsNaN() && exponent.IsZero()) return one;
    if (exponent.IsNaN() && base.Compare(one) == 0) return one;
    return NaN();
  }
  if (exponent.IsZero()) return NumericAccess::FromDec(One(), kNumericMinSigDigits);
  bool exp_integral = !exponent.IsInf() && exponent.Trunc(0).Compare(exponent) == 0;
  if (base.IsZero() && exponent.IsNegative()) {
    ThrowPower("zero raised to a negative power is undefined");
  }
  if (base.IsNegative() && !base.IsInf() && !exponent.IsInf() && !exp_integral) {
    ThrowPower("a negative number raised to a non-integer power yields a complex result");
  }
  if (base.IsInf() || exponent.IsInf()) {
    if (exponent.IsInf()) {
      int c = base.Abs().Compare(one);
      if (c == 0) return one;
      bool grow = (c > 0) != exponent.IsNegative();
      return grow ? Infinity(false) : Numeric();
    }
    if (exponent.IsNegative()) return Numeric();
    bool odd = exponent.Mod(FromInt64(2)).Abs().Compare(one) == 0;
    return Infinity(base.IsNegative() && odd);
  }
  if (base.IsZero()) return NumericAccess::FromDec(Dec(), kNumericMinSigDigits);

  Dec b = NumericAccess::ToDec(base);
  if (exp_integral && exponent.Abs().Compare(FromInt64(INT32_MAX)) <= 0) {
    int64_t n = exponent.ToInt64();
    int rscale = ClampScale(kNumericMinSigDigits, std::max(base.dscale_, exponent.dscale_));
    uint64_t un = static_cast<uint64_t>(n < 0 ? -n : n);
    double est = static_cast<double>(un) * (b.DecimalWeight() + 1);
    if (est > 131072) {
      throw SqlError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
    }
    if (static_cast<double>(un) * b.mag.DecimalDigits() < 20000) {
      Dec result = One(), sq = b;
      for (uint64_t e = un; e != 0; e >>= 1) {
        if (e & 1) result = numeric_internal::MulDec(result, sq);
        if (e > 1) sq = numeric_internal::MulDec(sq, sq);
      }
      if (n < 0) {
        int sig = rscale + std::max(0, result.DecimalWeight()) + 2;
        result = numeric_internal::DivDec(One(), result, sig);
      }
      return NumericAccess::FromDec(result, rscale);
    }
  }
  // General case: exp(exponent * ln(base)).
  Dec e = NumericAccess::ToDec(exponent);
  bool negate = base.IsNegative();  // integral exponent on a negative base
  b.neg = false;
  double ln_est = std::log(std::fabs(numeric_internal::DecToDouble(b)));
  if (!std::isfinite(ln_est)) ln_est = b.DecimalWeight() * std::log(10.0);
  double val = numeric_internal::DecToDouble(e) * ln_est * 0.434294481903252;
  if (val > 131072) {
    throw SqlError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  }
  val = std::clamp(val, -static_cast<double>(kNumericMaxResultScale),
                   static_cast<double>(kNumericMaxResultScale));
  int rscale = ClampScale(kNumericMinSigDigits - static_cast<int>(val),
                          std::max(base.dscale_, exponent.dscale_));
  int work = rscale + std::max(0, static_cast<int>(val)) + e.DecimalWeight() + 8;
  Dec ln = LnFixed(b, std::max(work, 8));
  Dec prod = numeric_internal::Rescale(numeric_internal::MulDec(ln, e), std::max(work, 8));
  Dec r = ExpFixed(prod, rscale + 2);
  if (negate && NumericAccess::ToDec(exponent.Mod(FromInt64(2))).IsZero() == false) {
    r = numeric_internal::NegDec(r);
  }
  return NumericAccess::FromDec(r, rscale);
}

}  // namespace firn
