// Internal arithmetic for Numeric: an unsigned big integer in base 10000 (little-endian limbs)
// and a signed fixed-point decimal built on it (value = mag * 10^-scale). Numeric converts to
// this form to compute and back to PostgreSQL's (weight, digits, dscale) form to store.
// Not part of the public API. Thread-safety: plain value types, no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace firn::numeric_internal {

inline constexpr uint32_t kBase = 10000;

// Unsigned integer, limbs in base 10000, least significant first, no high zero limbs.
struct BigNat {
  std::vector<uint32_t> limbs;

  bool IsZero() const { return limbs.empty(); }
  void Trim() {
    while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
  }
  static BigNat FromUint64(uint64_t v);
  // Number of decimal digits (0 for zero).
  int DecimalDigits() const;
  // Decimal digit at position `pos` counted from the least significant (0-based).
  int DigitAt(int pos) const;
  bool FitsUint64() const;
  uint64_t ToUint64() const;            // REQUIRES: FitsUint64()
  std::string ToDecimalString() const;  // "0" for zero
};

int Compare(const BigNat& a, const BigNat& b);
BigNat Add(const BigNat& a, const BigNat& b);
BigNat Sub(const BigNat& a, const BigNat& b);  // REQUIRES: a >= b
BigNat Mul(const BigNat& a, const BigNat& b);
BigNat MulSmall(const BigNat& a, uint32_t m);
// Quotient and remainder; REQUIRES: !b.IsZero().
void DivMod(const BigNat& a, const BigNat& b, BigNat* quotient, BigNat* remainder);
BigNat MulPow10(const BigNat& a, int k);  // a * 10^k, k >= 0
// Drops the lowest k decimal digits, rounding half away from zero when `round`.
BigNat ShiftRightDecimal(const BigNat& a, int k, bool round);
BigNat ISqrt(const BigNat& a);  // floor(sqrt(a))

// Signed fixed-point decimal: (neg ? -1 : 1) * mag * 10^-scale, scale >= 0.
struct Dec {
  bool neg = false;
  BigNat mag;
  int scale = 0;

  bool IsZero() const { return mag.IsZero(); }
  // Decimal exponent of the leading digit (floor(log10(|x|))); meaningless for zero.
  int DecimalWeight() const { return mag.DecimalDigits() - 1 - scale; }
};

Dec DecFromInt(int64_t v);
Dec Rescale(const Dec& a, int scale);   // rounds half away from zero when shrinking
Dec Truncate(const Dec& a, int scale);  // drops digits toward zero when shrinking
int CompareDec(const Dec& a, const Dec& b);
int CompareAbs(const Dec& a, const Dec& b);
Dec AddDec(const Dec& a, const Dec& b);  // exact, scale = max
Dec SubDec(const Dec& a, const Dec& b);
Dec MulDec(const Dec& a, const Dec& b);  // exact, scale = sum
// a / b rounded half away from zero to `scale` digits; REQUIRES: b != 0.
Dec DivDec(const Dec& a, const Dec& b, int scale);
// a / b truncated toward zero to `scale` digits; REQUIRES: b != 0.
Dec DivTruncDec(const Dec& a, const Dec& b, int scale);
Dec NegDec(Dec a);
double DecToDouble(const Dec& a);

}  // namespace firn::numeric_internal
