// Numeric: text I/O, conversions, the four operations, rounding, typmods, order and hash.
// Result scales follow PostgreSQL (add/sub: max scale; mul: sum; div: select_div_scale).
// Thread-safety: plain value type.
#include "types/numeric.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/sql_error.h"
#include "types/numeric_access.h"
#include "types/type.h"

namespace firn {

using numeric_internal::BigNat;
using numeric_internal::Dec;

namespace {

constexpr int kMaxWeight = 32767;                // base-10000 digits before the point
constexpr int kMaxDscale = 0x3FFF;               // display scale field width
constexpr int64_t kMaxExponent = INT32_MAX / 2;  // numeric_in's bound on a written exponent

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

[[noreturn]] void ThrowBadInput(std::string_view text) {
  throw SqlError(sqlstate::kInvalidTextRepresentation,
                 "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

[[noreturn]] void ThrowDivisionByZero() {
  throw SqlError(sqlstate::kDivisionByZero, "division by zero");
}

BigNat BigNatFromDigits(std::string_view digits) {
  BigNat n;
  size_t end = digits.size();
  while (end > 0) {
    size_t begin = end >= 4 ? end - 4 : 0;
    uint32_t v = 0;
    for (size_t i = begin; i < end; ++i) v = v * 10 + static_cast<uint32_t>(digits[i] - '0');
    n.limbs.push_back(v);
    end = begin;
  }
  n.Trim();
  return n;
}

int CompareAbsStored(const Numeric& a, const Numeric& b) {
  const auto& ad = a.digits();
  const auto& bd = b.digits();
  if (ad.empty() || bd.empty()) return ad.empty() ? (bd.empty() ? 0 : -1) : 1;
  if (a.weight() != b.weight()) return a.weight() < b.weight() ? -1 : 1;
  size_t n = std::min(ad.size(), bd.size());
  for (size_t i = 0; i < n; ++i) {
    if (ad[i] != bd[i]) return ad[i] < bd[i] ? -1 : 1;
  }
  if (ad.size() == bd.size()) return 0;
  return ad.size() < bd.size() ? -1 : 1;
}

// PostgreSQL's select_div_scale: at least 16 significant digits, never fewer fractional
// digits than either input shows.
int SelectDivScale(const Numeric& a, const Numeric& b) {
  int w1 = 0, w2 = 0, f1 = 0, f2 = 0;
  if (!a.digits().empty()) {
    w1 = a.weight();
    f1 = a.digits()[0];
  }
  if (!b.digits().empty()) {
    w2 = b.weight();
    f2 = b.digits()[0];
  }
  int qweight = w1 - w2;
  if (f1 <= f2) --qweight;
  int rscale = kNumericMinSigDigits - qweight * 4;
  rscale = std::max({rscale, static_cast<int>(a.dscale()), static_cast<int>(b.dscale()), 0});
  return std::min(rscale, kNumericMaxDisplayScale);
}

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

}  // namespace

Dec NumericAccess::ToDec(const Numeric& n) {
  Dec d;
  d.neg = n.sign_ == Numeric::Sign::kNegative;
  if (n.digits_.empty()) {
    d.neg = false;
    return d;
  }
  d.mag.limbs.assign(n.digits_.rbegin(), n.digits_.rend());
  int exp = n.weight_ - static_cast<int>(n.digits_.size()) + 1;
  if (exp >= 0) {
    d.mag.limbs.insert(d.mag.limbs.begin(), static_cast<size_t>(exp), 0);
  } else {
    d.scale = -exp * 4;
  }
  d.mag.Trim();
  return d;
}

Numeric NumericAccess::FromDec(const Dec& in, int dscale) {
  dscale = std::max(dscale, 0);
  if (dscale > kMaxDscale) {
    throw SqlError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  }
  Dec d = numeric_internal::Rescale(in, dscale);
  Numeric out;
  out.dscale_ = static_cast<uint16_t>(dscale);
  if (d.IsZero()) return out;
  int pad = (4 - dscale % 4) % 4;
  BigNat mag = numeric_internal::MulPow10(d.mag, pad);
  int frac_limbs = (dscale + pad) / 4;
  int weight = static_cast<int>(mag.limbs.size()) - 1 - frac_limbs;
  if (weight > kMaxWeight) {
    throw SqlError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  }
  size_t low = 0;
  while (low < mag.limbs.size() && mag.limbs[low] == 0) ++low;
  out.digits_.reserve(mag.limbs.size() - low);
  for (size_t i = mag.limbs.size(); i-- > low;) {
    out.digits_.push_back(static_cast<int16_t>(mag.limbs[i]));
  }
  out.weight_ = static_cast<int16_t>(weight);
  out.sign_ = d.neg ? Numeric::Sign::kNegative : Numeric::Sign::kPositive;
  return out;
}

Numeric Numeric::NaN() { return NumericAccess::Special(Sign::kNaN); }
Numeric Numeric::Infinity(bool negative) {
  return NumericAccess::Special(negative ? Sign::kNegInf : Sign::kPosInf);
}

Numeric Numeric::Parse(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (EqualsIgnoreCase(s, "nan")) return NaN();
  if (EqualsIgnoreCase(s, "infinity") || EqualsIgnoreCase(s, "+infinity") ||
      EqualsIgnoreCase(s, "inf") || EqualsIgnoreCase(s, "+inf")) {
    return Infinity(false);
  }
  if (EqualsIgnoreCase(s, "-infinity") || EqualsIgnoreCase(s, "-inf")) return Infinity(true);
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  std::string digits;
  int frac = 0;
  bool seen_point = false, any_digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (!digits.empty() || c != '0') digits.push_back(c);
      if (seen_point) ++frac;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) ThrowBadInput(text);
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) ThrowBadInput(text);
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      exponent = std::min<int64_t>(exponent * 10 + (s[i] - '0'), kMaxExponent + 1);
    }
    if (eneg) exponent = -exponent;
  }
  if (i != s.size()) ThrowBadInput(text);
  // As PostgreSQL: any exponent is read, and only a value numeric cannot hold (more than
  // 131072 digits before the point, more than 16383 after it) is 22003, checked before
  // the digits are built.
  int64_t scale = frac - exponent;
  int64_t integer_digits = static_cast<int64_t>(digits.size()) - scale;
  if (exponent > kMaxExponent || exponent < -kMaxExponent || scale > kMaxDscale ||
      (!digits.empty() && integer_digits > (kMaxWeight + 1) * 4)) {
    throw SqlError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  }
  Dec d;
  d.mag = BigNatFromDigits(digits);
  if (scale < 0) {
    d.mag = numeric_internal::MulPow10(d.mag, static_cast<int>(-scale));
    scale = 0;
  }
  d.scale = static_cast<int>(scale);
  d.neg = neg && !d.IsZero();
  return NumericAccess::FromDec(d, static_cast<int>(scale));
}

Numeric Numeric::FromInt64(int64_t value) {
  return NumericAccess::FromDec(numeric_internal::DecFromInt(value), 0);
}

Numeric Numeric::FromInt128(__int128 value) {
  if (value >= INT64_MIN && value <= INT64_MAX) return FromInt64(static_cast<int64_t>(value));
  constexpr int64_t kBase = 1000000000000000000;  // 10^18: quotient and remainder fit
  return FromInt128(value / kBase)
      .Mul(FromInt64(kBase))
      .Add(FromInt64(static_cast<int64_t>(value % kBase)));
}

Numeric Numeric::FromDouble(double value) {
  if (std::isnan(value)) return NaN();
  if (std::isinf(value)) return Infinity(value < 0);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.15g", value);
  return Parse(buf);
}

Numeric Numeric::FromParts(Sign sign, int16_t weight, uint16_t dscale,
                           std::vector<int16_t> digits) {
  auto bad = [] {
    return SqlError(sqlstate::kInvalidBinaryRepresentation,
                    "invalid digit in external \"numeric\" value");
  };
  if (sign == Sign::kNaN || sign == Sign::kPosInf || sign == Sign::kNegInf) {
    return NumericAccess::Special(sign);
  }
  if (sign != Sign::kPositive && sign != Sign::kNegative) {
    throw SqlError(sqlstate::kInvalidBinaryRepresentation,
                   "invalid sign in external \"numeric\" value");
  }
  if (dscale > kMaxDscale) {
    throw SqlError(sqlstate::kInvalidBinaryRepresentation,
                   "invalid scale in external \"numeric\" value");
  }
  for (int16_t d : digits) {
    if (d < 0 || d >= 10000) throw bad();
  }
  Numeric raw;
  raw.sign_ = sign;
  raw.weight_ = weight;
  raw.digits_ = std::move(digits);
  // Normalize: strip leading/trailing zero digits and round to the display scale.
  Dec d = NumericAccess::ToDec(raw);
  return NumericAccess::FromDec(d, dscale);
}

std::string Numeric::ToString() const {
  switch (sign_) {
    case Sign::kNaN:
      return "NaN";
    case Sign::kPosInf:
      return "Infinity";
    case Sign::kNegInf:
      return "-Infinity";
    default:
      break;
  }
  Dec d = numeric_internal::Rescale(NumericAccess::ToDec(*this), dscale_);
  std::string mag = d.mag.ToDecimalString();
  int scale = dscale_;
  if (static_cast<int>(mag.size()) <= scale) {
    mag.insert(0, static_cast<size_t>(scale - static_cast<int>(mag.size()) + 1), '0');
  }
  std::string out;
  out.reserve(mag.size() + 2);
  if (d.neg) out.push_back('-');
  out.append(mag, 0, mag.size() - static_cast<size_t>(scale));
  if (scale > 0) {
    out.push_back('.');
    out.append(mag, mag.size() - static_cast<size_t>(scale), std::string::npos);
  }
  return out;
}

double Numeric::ToDouble() const {
  if (IsNaN()) return std::nan("");
  if (sign_ == Sign::kPosInf) return HUGE_VAL;
  if (sign_ == Sign::kNegInf) return -HUGE_VAL;
  return std::strtod(ToString().c_str(), nullptr);
}

int64_t Numeric::ToInt64() const {
  if (IsNaN()) throw SqlError(sqlstate::kFeatureNotSupported, "cannot convert NaN to bigint");
  if (IsInf()) {
    throw SqlError(sqlstate::kFeatureNotSupported, "cannot convert infinity to bigint");
  }
  Dec d = numeric_internal::Rescale(NumericAccess::ToDec(*this), 0);
  uint64_t limit = d.neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (!d.mag.FitsUint64() || d.mag.ToUint64() > limit) {
    throw SqlError(sqlstate::kNumericValueOutOfRange, "bigint out of range");
  }
  uint64_t m = d.mag.ToUint64();
  return d.neg ? static_cast<int64_t>(0 - m) : static_cast<int64_t>(m);
}

bool Numeric::IsZero() const {
  return (sign_ == Sign::kPositive || sign_ == Sign::kNegative) && digits_.empty();
}

Numeric Numeric::Add(const Numeric& other) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  if (IsInf() || other.IsInf()) {
    if (IsInf() && other.IsInf() && sign_ != other.sign_) return NaN();
    return IsInf() ? *this : other;
  }
  Dec r = numeric_internal::AddDec(NumericAccess::ToDec(*this), NumericAccess::ToDec(other));
  return NumericAccess::FromDec(r, std::max(dscale_, other.dscale_));
}

Numeric Numeric::Sub(const Numeric& other) const { return Add(other.Neg()); }

Numeric Numeric::Mul(const Numeric& other) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  if (IsInf() || other.IsInf()) {
    if (IsZero() || other.IsZero()) return NaN();
    return Infinity(IsNegative() != other.IsNegative());
  }
  Dec r = numeric_internal::MulDec(NumericAccess::ToDec(*this), NumericAccess::ToDec(other));
  return NumericAccess::FromDec(r, dscale_ + other.dscale_);
}

Numeric Numeric::Div(const Numeric& other) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  if (IsInf()) {
    if (other.IsInf()) return NaN();
    if (other.IsZero()) ThrowDivisionByZero();
    return Infinity(IsNegative() != other.IsNegative());
  }
  if (other.IsInf()) return Numeric();
  if (other.IsZero()) ThrowDivisionByZero();
  int rscale = SelectDivScale(*this, other);
  Dec r =
      numeric_internal::DivDec(NumericAccess::ToDec(*this), NumericAccess::ToDec(other), rscale);
  return NumericAccess::FromDec(r, rscale);
}

Numeric Numeric::Mod(const Numeric& other) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  if (IsInf()) {
    if (other.IsZero()) ThrowDivisionByZero();
    return NaN();
  }
  if (other.IsInf()) return *this;
  if (other.IsZero()) ThrowDivisionByZero();
  Dec a = NumericAccess::ToDec(*this), b = NumericAccess::ToDec(other);
  Dec q = numeric_internal::DivTruncDec(a, b, 0);
  Dec r = numeric_internal::SubDec(a, numeric_internal::MulDec(q, b));
  return NumericAccess::FromDec(r, std::max(dscale_, other.dscale_));
}

Numeric Numeric::Neg() const {
  Numeric r = *this;
  switch (sign_) {
    case Sign::kPositive:
      if (!digits_.empty()) r.sign_ = Sign::kNegative;
      break;
    case Sign::kNegative:
      r.sign_ = Sign::kPositive;
      break;
    case Sign::kPosInf:
      r.sign_ = Sign::kNegInf;
      break;
    case Sign::kNegInf:
      r.sign_ = Sign::kPosInf;
      break;
    case Sign::kNaN:
      break;
  }
  return r;
}

Numeric Numeric::Abs() const { return IsNegative() ? Neg() : *this; }

namespace {

// Rounds or truncates to `scale` decimal places (negative: to the left of the point).
Numeric RoundImpl(const Numeric& n, int32_t scale, bool round) {
  if (n.IsNaN() || n.IsInf()) return n;
  scale = std::clamp(scale, -kNumericMaxResultScale, kNumericMaxResultScale);
  Dec d = NumericAccess::ToDec(n);
  if (scale < d.scale) {
    d.mag = numeric_internal::ShiftRightDecimal(d.mag, d.scale - scale, round);
    if (scale < 0) {
      d.mag = numeric_internal::MulPow10(d.mag, -scale);
      d.scale = 0;
    } else {
      d.scale = scale;
    }
    if (d.IsZero()) d.neg = false;
  }
  return NumericAccess::FromDec(d, std::max(scale, 0));
}

}  // namespace

Numeric Numeric::Round(int32_t scale) const { return RoundImpl(*this, scale, true); }
Numeric Numeric::Trunc(int32_t scale) const { return RoundImpl(*this, scale, false); }

Numeric Numeric::Floor() const {
  if (IsNaN() || IsInf()) return *this;
  Numeric t = Trunc(0);
  if (IsNegative() && t.Compare(*this) != 0) t = t.Sub(FromInt64(1));
  return t;
}

Numeric Numeric::Ceil() const {
  if (IsNaN() || IsInf()) return *this;
  Numeric t = Trunc(0);
  if (!IsNegative() && t.Compare(*this) != 0) t = t.Add(FromInt64(1));
  return t;
}

Numeric Numeric::ApplyTypmod(int32_t typmod) const {
  if (typmod < 4 || IsNaN()) return *this;
  int precision = NumericTypmodPrecision(typmod);
  int scale = NumericTypmodScale(typmod);
  if (IsInf()) {
    throw SqlError(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
        .WithDetail("A field with precision " + std::to_string(precision) + ", scale " +
                    std::to_string(scale) + " cannot hold an infinite value.");
  }
  Numeric r = Round(scale);
  int maxdigits = precision - scale;
  if (!r.IsZero()) {
    Dec d = NumericAccess::ToDec(r);
    if (d.DecimalWeight() + 1 > maxdigits) {
      std::string bound = maxdigits != 0 ? "10^" + std::to_string(maxdigits) : "1";
      throw SqlError(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
          .WithDetail("A field with precision " + std::to_string(precision) + ", scale " +
                      std::to_string(scale) + " must round to an absolute value less than " +
                      bound + ".");
    }
  }
  return r;
}

int Numeric::Compare(const Numeric& other) const {
  auto rank = [](const Numeric& n) {
    switch (n.sign_) {
      case Sign::kNegInf:
        return 0;
      case Sign::kPosInf:
        return 2;
      case Sign::kNaN:
        return 3;
      default:
        return 1;
    }
  };
  int ra = rank(*this), rb = rank(other);
  if (ra != rb || ra != 1) return ra < rb ? -1 : ra > rb ? 1 : 0;
  int sa = digits_.empty() ? 0 : sign_ == Sign::kNegative ? -1 : 1;
  int sb = other.digits_.empty() ? 0 : other.sign_ == Sign::kNegative ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  int c = CompareAbsStored(*this, other);
  return sa < 0 ? -c : c;
}

uint64_t Numeric::Hash() const {
  uint64_t h = 0x84222325cbf29ce4ULL;
  if (sign_ != Sign::kPositive && sign_ != Sign::kNegative) {
    return Mix(h, static_cast<uint64_t>(sign_));
  }
  if (digits_.empty()) return Mix(h, 0x5a5a);
  h = Mix(h, static_cast<uint64_t>(sign_));
  h = Mix(h, static_cast<uint64_t>(static_cast<uint16_t>(weight_)));
  for (int16_t d : digits_) h = Mix(h, static_cast<uint64_t>(d));
  return h;
}

}  // namespace firn
