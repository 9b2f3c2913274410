// Base-10000 big-integer and fixed-point decimal arithmetic behind Numeric.
// Thread-safety: pure functions.
#include "types/numeric_internal.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace firn::numeric_internal {
namespace {

constexpr uint32_t kPow10[] = {1, 10, 100, 1000, 10000};

int DigitsOfLimb(uint32_t v) { return v >= 1000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1; }

void DivSmall(const BigNat& a, uint32_t d, BigNat* q, uint32_t* rem) {
  q->limbs.assign(a.limbs.size(), 0);
  uint64_t r = 0;
  for (size_t i = a.limbs.size(); i-- > 0;) {
    uint64_t cur = r * kBase + a.limbs[i];
    q->limbs[i] = static_cast<uint32_t>(cur / d);
    r = cur % d;
  }
  q->Trim();
  *rem = static_cast<uint32_t>(r);
}

}  // namespace

BigNat BigNat::FromUint64(uint64_t v) {
  BigNat n;
  while (v != 0) {
    n.limbs.push_back(static_cast<uint32_t>(v % kBase));
    v /= kBase;
  }
  return n;
}

int BigNat::DecimalDigits() const {
  if (limbs.empty()) return 0;
  return static_cast<int>(limbs.size() - 1) * 4 + DigitsOfLimb(limbs.back());
}

int BigNat::DigitAt(int pos) const {
  size_t limb = static_cast<size_t>(pos / 4);
  if (pos < 0 || limb >= limbs.size()) return 0;
  return static_cast<int>(limbs[limb] / kPow10[pos % 4] % 10);
}

bool BigNat::FitsUint64() const {
  if (limbs.size() <= 4) return true;
  if (limbs.size() > 5) return false;
  // 18446744073709551615 has 20 digits: 5 limbs, top limb at most 1844.
  BigNat max = FromUint64(UINT64_MAX);
  return Compare(*this, max) <= 0;
}

uint64_t BigNat::ToUint64() const {
  uint64_t v = 0;
  for (size_t i = limbs.size(); i-- > 0;) v = v * kBase + limbs[i];
  return v;
}

std::string BigNat::ToDecimalString() const {
  if (limbs.empty()) return "0";
  std::string s = std::to_string(limbs.back());
  for (size_t i = limbs.size() - 1; i-- > 0;) {
    uint32_t v = limbs[i];
    char buf[4] = {static_cast<char>('0' + v / 1000), static_cast<char>('0' + v / 100 % 10),
                   static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)};
    s.append(buf, 4);
  }
  return s;
}

int Compare(const BigNat& a, const BigNat& b) {
  if (a.limbs.size() != b.limbs.size()) return a.limbs.size() < b.limbs.size() ? -1 : 1;
  for (size_t i = a.limbs.size(); i-- > 0;) {
    if (a.limbs[i] != b.limbs[i]) return a.limbs[i] < b.limbs[i] ? -1 : 1;
  }
  return 0;
}

BigNat Add(const BigNat& a, const BigNat& b) {
  const BigNat& big = a.limbs.size() >= b.limbs.size() ? a : b;
  const BigNat& small = a.limbs.size() >= b.limbs.size() ? b : a;
  BigNat r;
  r.limbs.resize(big.limbs.size() + 1);
  uint32_t carry = 0;
  for (size_t i = 0; i < big.limbs.size(); ++i) {
    uint32_t s = big.limbs[i] + (i < small.limbs.size() ? small.limbs[i] : 0) + carry;
    carry = s >= kBase;
    r.limbs[i] = carry ? s - kBase : s;
  }
  r.limbs.back() = carry;
  r.Trim();
  return r;
}

BigNat Sub(const BigNat& a, const BigNat& b) {
  BigNat r;
  r.limbs.resize(a.limbs.size());
  int32_t borrow = 0;
  for (size_t i = 0; i < a.limbs.size(); ++i) {
    int32_t s = static_cast<int32_t>(a.limbs[i]) -
                static_cast<int32_t>(i < b.limbs.size() ? b.limbs[i] : 0) - borrow;
    borrow = s < 0;
    r.limbs[i] = static_cast<uint32_t>(borrow ? s + static_cast<int32_t>(kBase) : s);
  }
  r.Trim();
  return r;
}

BigNat Mul(const BigNat& a, const BigNat& b) {
  if (a.IsZero() || b.IsZero()) return BigNat();
  std::vector<uint64_t> acc(a.limbs.size() + b.limbs.size(), 0);
  for (size_t i = 0; i < a.limbs.size(); ++i) {
    uint64_t carry = 0;
    uint64_t ai = a.limbs[i];
    for (size_t j = 0; j < b.limbs.size(); ++j) {
      uint64_t cur = acc[i + j] + ai * b.limbs[j] + carry;
      acc[i + j] = cur % kBase;
      carry = cur / kBase;
    }
    size_t k = i + b.limbs.size();
    while (carry != 0) {
      uint64_t cur = acc[k] + carry;
      acc[k] = cur % kBase;
      carry = cur / kBase;
      ++k;
    }
  }
  BigNat r;
  r.limbs.assign(acc.begin(), acc.end());
  r.Trim();
  return r;
}

BigNat MulSmall(const BigNat& a, uint32_t m) {
  if (m == 0 || a.IsZero()) return BigNat();
  BigNat r;
  r.limbs.reserve(a.limbs.size() + 3);
  uint64_t carry = 0;
  for (uint32_t limb : a.limbs) {
    uint64_t cur = static_cast<uint64_t>(limb) * m + carry;
    r.limbs.push_back(static_cast<uint32_t>(cur % kBase));
    carry = cur / kBase;
  }
  while (carry != 0) {
    r.limbs.push_back(static_cast<uint32_t>(carry % kBase));
    carry /= kBase;
  }
  return r;
}

void DivMod(const BigNat& a, const BigNat& b, BigNat* quotient, BigNat* remainder) {
  if (Compare(a, b) < 0) {
    *remainder = a;
    *quotient = BigNat();
    return;
  }
  if (b.limbs.size() == 1) {
    uint32_t rem;
    DivSmall(a, b.limbs[0], quotient, &rem);
    *remainder = BigNat::FromUint64(rem);
    return;
  }
  // Knuth's algorithm D on normalized operands.
  uint32_t d = kBase / (b.limbs.back() + 1);
  BigNat u = MulSmall(a, d);
  BigNat v = MulSmall(b, d);
  size_t n = v.limbs.size();
  if (u.limbs.size() == a.limbs.size()) u.limbs.push_back(0);
  u.limbs.push_back(0);
  size_t m = u.limbs.size() - n - 1;
  std::vector<uint32_t> q(m, 0);
  const int64_t base = kBase;
  for (size_t jj = m; jj-- > 0;) {
    size_t j = jj;
    int64_t num = u.limbs[j + n] * base + u.limbs[j + n - 1];
    int64_t qhat = num / v.limbs[n - 1];
    int64_t rhat = num % v.limbs[n - 1];
    while (qhat >= base || qhat * v.limbs[n - 2] > base * rhat + u.limbs[j + n - 2]) {
      --qhat;
      rhat += v.limbs[n - 1];
      if (rhat >= base) break;
    }
    int64_t borrow = 0, carry = 0;
    for (size_t i = 0; i < n; ++i) {
      int64_t p = qhat * v.limbs[i] + carry;
      carry = p / base;
      int64_t t = static_cast<int64_t>(u.limbs[i + j]) - (p % base) - borrow;
      borrow = t < 0;
      u.limbs[i + j] = static_cast<uint32_t>(t < 0 ? t + base : t);
    }
    int64_t t = static_cast<int64_t>(u.limbs[j + n]) - carry - borrow;
    borrow = t < 0;
    u.limbs[j + n] = static_cast<uint32_t>(t < 0 ? t + base : t);
    if (borrow) {
      --qhat;
      int64_t c = 0;
      for (size_t i = 0; i < n; ++i) {
        int64_t s = static_cast<int64_t>(u.limbs[i + j]) + v.limbs[i] + c;
        c = s >= base;
        u.limbs[i + j] = static_cast<uint32_t>(c ? s - base : s);
      }
      u.limbs[j + n] = static_cast<uint32_t>((u.limbs[j + n] + c) % base);
    }
    q[j] = static_cast<uint32_t>(qhat);
  }
  quotient->limbs = std::move(q);
  quotient->Trim();
  u.limbs.resize(n);
  u.Trim();
  uint32_t rem;
  DivSmall(u, d, remainder, &rem);
}

BigNat MulPow10(const BigNat& a, int k) {
  if (a.IsZero() || k <= 0) return a;
  BigNat r = MulSmall(a, kPow10[k % 4]);
  r.limbs.insert(r.limbs.begin(), static_cast<size_t>(k / 4), 0);
  return r;
}

BigNat ShiftRightDecimal(const BigNat& a, int k, bool round) {
  if (k <= 0) return a;
  bool up = round && a.DigitAt(k - 1) >= 5;
  BigNat r;
  size_t drop = static_cast<size_t>(k / 4);
  if (drop < a.limbs.size()) {
    r.limbs.assign(a.limbs.begin() + static_cast<std::ptrdiff_t>(drop), a.limbs.end());
    if (k % 4 != 0) {
      uint32_t rem;
      BigNat q;
      DivSmall(r, kPow10[k % 4], &q, &rem);
      r = std::move(q);
    }
  }
  if (up) r = Add(r, BigNat::FromUint64(1));
  return r;
}

BigNat ISqrt(const BigNat& a) {
  if (a.IsZero()) return a;
  int digits = a.DecimalDigits();
  // Initial guess from the leading digits, scaled up so it is never below the root.
  int drop = std::max(0, (digits - 16) & ~1);
  double lead = std::stod(ShiftRightDecimal(a, drop, false).ToDecimalString());
  BigNat x =
      MulPow10(BigNat::FromUint64(static_cast<uint64_t>(std::sqrt(lead) * 1.0001) + 2), drop / 2);
  for (;;) {
    BigNat q, r;
    DivMod(a, x, &q, &r);
    BigNat y = Add(x, q);
    uint32_t rem;
    BigNat half;
    DivSmall(y, 2, &half, &rem);
    if (Compare(half, x) >= 0) break;
    x = std::move(half);
  }
  return x;
}

Dec DecFromInt(int64_t v) {
  Dec d;
  d.neg = v < 0;
  uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  d.mag = BigNat::FromUint64(mag);
  return d;
}

Dec Rescale(const Dec& a, int scale) {
  Dec r;
  r.neg = a.neg;
  r.scale = scale;
  if (scale >= a.scale) {
    r.mag = MulPow10(a.mag, scale - a.scale);
  } else {
    r.mag = ShiftRightDecimal(a.mag, a.scale - scale, true);
  }
  if (r.mag.IsZero()) r.neg = false;
  return r;
}

Dec Truncate(const Dec& a, int scale) {
  if (scale >= a.scale) return Rescale(a, scale);
  Dec r;
  r.neg = a.neg;
  r.scale = scale;
  r.mag = ShiftRightDecimal(a.mag, a.scale - scale, false);
  if (r.mag.IsZero()) r.neg = false;
  return r;
}

int CompareAbs(const Dec& a, const Dec& b) {
  int s = std::max(a.scale, b.scale);
  return Compare(MulPow10(a.mag, s - a.scale), MulPow10(b.mag, s - b.scale));
}

int CompareDec(const Dec& a, const Dec& b) {
  bool an = a.neg && !a.IsZero(), bn = b.neg && !b.IsZero();
  if (an != bn) return an ? -1 : 1;
  int c = CompareAbs(a, b);
  return an ? -c : c;
}

Dec AddDec(const Dec& a, const Dec& b) {
  int s = std::max(a.scale, b.scale);
  BigNat am = MulPow10(a.mag, s - a.scale), bm = MulPow10(b.mag, s - b.scale);
  Dec r;
  r.scale = s;
  if (a.neg == b.neg) {
    r.mag = Add(am, bm);
    r.neg = a.neg;
  } else if (Compare(am, bm) >= 0) {
    r.mag = Sub(am, bm);
    r.neg = a.neg;
  } else {
    r.mag = Sub(bm, am);
    r.neg = b.neg;
  }
  if (r.mag.IsZero()) r.neg = false;
  return r;
}

Dec NegDec(Dec a) {
  if (!a.IsZero()) a.neg = !a.neg;
  return a;
}

Dec SubDec(const Dec& a, const Dec& b) { return AddDec(a, NegDec(b)); }

Dec MulDec(const Dec& a, const Dec& b) {
  Dec r;
  r.mag = Mul(a.mag, b.mag);
  r.scale = a.scale + b.scale;
  r.neg = !r.mag.IsZero() && a.neg != b.neg;
  return r;
}

Dec DivTruncDec(const Dec& a, const Dec& b, int scale) {
  // a.mag * 10^-sa / (b.mag * 10^-sb) = a.mag * 10^(sb - sa + scale) / b.mag * 10^-scale.
  int shift = b.scale - a.scale + scale;
  BigNat num = a.mag, den = b.mag;
  if (shift >= 0) {
    num = MulPow10(num, shift);
  } else {
    den = MulPow10(den, -shift);
  }
  Dec r;
  BigNat rem;
  DivMod(num, den, &r.mag, &rem);
  r.scale = scale;
  r.neg = !r.mag.IsZero() && a.neg != b.neg;
  return r;
}

Dec DivDec(const Dec& a, const Dec& b, int scale) {
  Dec r = DivTruncDec(a, b, scale + 1);
  r.neg = a.neg != b.neg;
  r = Rescale(r, scale);
  return r;
}

double DecToDouble(const Dec& a) {
  std::string s = a.mag.ToDecimalString();
  s += "e-" + std::to_string(a.scale);
  double v = std::strtod(s.c_str(), nullptr);
  return a.neg ? -v : v;
}

}  // namespace firn::numeric_internal
