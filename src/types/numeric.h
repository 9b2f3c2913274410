// Numeric: PostgreSQL's arbitrary-precision decimal, with PostgreSQL's representation
// (base-10000 digits, weight, sign, display scale) and PostgreSQL's rules for result scale,
// rounding (half away from zero) and errors. The binary wire format is this representation.
// Thread-safety: plain value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace firn {

class Numeric {
 public:
  enum class Sign : uint16_t {
    kPositive = 0x0000,
    kNegative = 0x4000,
    kNaN = 0xC000,
    kPosInf = 0xD000,
    kNegInf = 0xF000
  };

  Numeric() = default;  // zero, scale 0

  // Text input as numeric_in accepts it ("12.50", "-1e3", "NaN", "Infinity").
  // Throws SqlError 22P02 on bad input.
  static Numeric Parse(std::string_view text);
  static Numeric FromInt64(int64_t value);
  // Exact, for 128-bit integer sums (sum(bigint) accumulates in __int128).
  static Numeric FromInt128(__int128 value);
  // float8 -> numeric as PostgreSQL does it (via 15 significant digits; NaN/inf kept).
  static Numeric FromDouble(double value);
  // From the wire's binary fields; throws SqlError 22P03 when inconsistent.
  static Numeric FromParts(Sign sign, int16_t weight, uint16_t dscale, std::vector<int16_t> digits);
  static Numeric NaN();
  static Numeric Infinity(bool negative = false);

  // numeric_out: "12.50", "-0.001", "NaN", "Infinity".
  std::string ToString() const;
  double ToDouble() const;
  // Rounds half away from zero; throws SqlError 22003 if out of int64 range (or NaN).
  int64_t ToInt64() const;

  // Arithmetic with PostgreSQL's result scales. Div throws 22012 on zero divisor.
  Numeric Add(const Numeric& other) const;
  Numeric Sub(const Numeric& other) const;
  Numeric Mul(const Numeric& other) const;
  Numeric Div(const Numeric& other) const;
  Numeric Mod(const Numeric& other) const;
  Numeric Neg() const;
  Numeric Abs() const;
  Numeric Round(int32_t scale) const;  // round(numeric, int); negative scales allowed
  Numeric Trunc(int32_t scale) const;
  Numeric Floor() const;
  Numeric Ceil() const;
  Numeric Sqrt() const;  // 2201F for negative input
  Numeric Ln() const;    // 2201E for zero or negative input
  Numeric Exp() const;
  Numeric Power(const Numeric& exponent) const;

  // Applies numeric(precision, scale): rounds to scale, 22003 if the integer part overflows.
  Numeric ApplyTypmod(int32_t typmod) const;

  // Total order as PostgreSQL sorts numerics: -Inf < numbers < +Inf < NaN; NaN = NaN.
  int Compare(const Numeric& other) const;
  bool operator==(const Numeric& other) const { return Compare(other) == 0; }
  // Equal values hash equal regardless of scale (1.0 and 1.00).
  uint64_t Hash() const;

  bool IsNaN() const { return sign_ == Sign::kNaN; }
  bool IsInf() const { return sign_ == Sign::kPosInf || sign_ == Sign::kNegInf; }
  bool IsZero() const;
  bool IsNegative() const { return sign_ == Sign::kNegative || sign_ == Sign::kNegInf; }
  Sign sign() const { return sign_; }
  int16_t weight() const { return weight_; }
  uint16_t dscale() const { return dscale_; }
  const std::vector<int16_t>& digits() const { return digits_; }

 private:
  friend struct NumericAccess;  // numeric*.cc conversions to and from the working form

  Sign sign_ = Sign::kPositive;
  int16_t weight_ = 0;           // weight of digits_[0] in base 10000
  uint16_t dscale_ = 0;          // digits after the decimal point to display
  std::vector<int16_t> digits_;  // base-10000 digits, most significant first, no leading zeros
};

}  // namespace firn
