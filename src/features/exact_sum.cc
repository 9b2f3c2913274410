#include "features/exact_sum.h"

#include <cmath>
#include <limits>
#include <utility>

namespace firn {
namespace {

// Values at or above this go to the scaled list. Below it, 2^63 values cannot overflow.
constexpr double kHugeThreshold = 0x1p960;
constexpr double kHugeScale = 0x1p-64;
constexpr double kHugeUnscale = 0x1p64;

// Adds x to the expansion p exactly (Shewchuk's Grow-Expansion with zero elimination). Each
// step is a two-sum, whose rounding error is itself a double; nonzero errors stay as partials.
void Grow(std::vector<double>* p, double x) {
  size_t n = 0;
  for (size_t i = 0; i < p->size(); ++i) {
    double y = (*p)[i];
    if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
    double hi = x + y;
    double lo = y - (hi - x);
    if (lo != 0.0) (*p)[n++] = lo;
    x = hi;
  }
  p->resize(n);
  if (x != 0.0) p->push_back(x);
}

// The correctly rounded sum of an expansion. Sums from the top until a rounding error
// appears; the partials below it are too small to matter unless that error is exactly half an
// ulp, in which case their sign breaks the tie.
double Round(const std::vector<double>& p) {
  size_t n = p.size();
  if (n == 0) return 0.0;
  double hi = p[--n];
  double lo = 0.0;
  while (n > 0) {
    double x = hi;
    double y = p[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo != 0.0) break;
  }
  if (n > 0 && (lo < 0.0) == (p[n - 1] < 0.0)) {
    double twice = lo * 2.0;
    double away = hi + twice;
    if (away - hi == twice) hi = away;  // exact only if lo was half an ulp: a tie
  }
  return hi;
}

// The correctly rounded value of huge * 2^64 + small, where huge is non-empty. No one scale
// holds both ends of the range, so split small at 2^908, the lowest bit a huge value can have:
// the part above joins huge exactly (as t), the part below (lo, |lo| < 2^908) stays unscaled.
double Combine(const std::vector<double>& huge, const std::vector<double>& small) {
  std::vector<double> t = huge;
  std::vector<double> lo;
  for (double p : small) {
    double hi = std::trunc(p * 0x1p-908) * 0x1p908;
    if (hi != 0.0) Grow(&t, hi * kHugeScale);
    if (p - hi != 0.0) Grow(&lo, p - hi);
  }
  double t_rounded = Round(t);
  if (t_rounded == 0.0) return Round(lo);  // t is a multiple of 2^844, so exactly 0
  if (std::fabs(t_rounded) >= 0x1p898) {
    // |t * 2^64| > 2^961 + 2^908: there every rounding boundary is a multiple of 2^908, as is
    // t * 2^64, so lo cannot cross one and only its sign matters (as a sticky bit).
    double lo_sign = Round(lo);
    if (lo_sign != 0.0) Grow(&t, std::copysign(0x1p-1074, lo_sign));
    return Round(t) * kHugeUnscale;  // overflows to +-inf exactly when the sum is too big
  }
  // |t * 2^64| < 2^962: everything fits unscaled.
  for (double p : t) Grow(&lo, p * kHugeUnscale);
  return Round(lo);
}

}  // namespace

void ExactSum::Update(double x, int64_t sign) {
  count_ += sign;
  if (std::isnan(x)) {
    nans_ += sign;
  } else if (std::isinf(x)) {
    (x > 0 ? pos_infs_ : neg_infs_) += sign;
  } else if (x == 0.0) {
    if (std::signbit(x)) neg_zeros_ += sign;
  } else {
    double v = sign > 0 ? x : -x;
    if (std::fabs(v) >= kHugeThreshold) {
      Grow(&huge_, v * kHugeScale);
    } else {
      Grow(&partials_, v);
    }
  }
}

double ExactSum::Value() const {
  if (nans_ > 0 || (pos_infs_ > 0 && neg_infs_ > 0)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (pos_infs_ > 0) return std::numeric_limits<double>::infinity();
  if (neg_infs_ > 0) return -std::numeric_limits<double>::infinity();
  if (count_ > 0 && count_ == neg_zeros_) return -0.0;
  if (huge_.empty()) return Round(partials_);
  return Combine(huge_, partials_);
}

void ExactSum::Clear() {
  partials_.clear();
  huge_.clear();
  count_ = neg_zeros_ = nans_ = pos_infs_ = neg_infs_ = 0;
}

}  // namespace firn
