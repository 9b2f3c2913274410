// to_char's number formatter (the template reader: number_from_char.cc). The value is first printed
// as plain digits (rounded to the template's digits after the point; '#'s when it overflows; Roman
// numerals for RN; d.ddde+XX for EEEE), then laid out over the template the way PostgreSQL's
// NUM_processor lays it out: leading digit positions become spaces (or zeros from the first 0 on),
// the sign goes before the first printed digit (or where S, MI, PL, SG or PR put it), FM drops
// padding and trailing zeros after the point. PostgreSQL quirks are kept: a digit position past the
// end of the printed number ends the output there (as to_char(12, '99.') = ' 12').
#include "exec/function/number_template.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/sql_error.h"
#include "exec/function/number_template_internal.h"

namespace firn::function_internal {
namespace {

using K = NumKey;

// PostgreSQL's int_to_roman: 1..3999, fifteen '#' otherwise.
std::string IntToRoman(int64_t n) {
  if (n < 1 || n > 3999) return std::string(15, '#');
  static const char* const kOnes[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
  static const char* const kTens[] = {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
  static const char* const kHundreds[] = {"",  "C",  "CC",  "CCC",  "CD",
                                          "D", "DC", "DCC", "DCCC", "CM"};
  return std::string(static_cast<size_t>(n / 1000), 'M') + kHundreds[n / 100 % 10] +
         kTens[n / 10 % 10] + kOnes[n % 10];
}

// The '#' string of an overflowing value: pre + post + 1 characters, the point at `pre`.
std::string Hashes(const NumDesc& num) {
  std::string s(static_cast<size_t>(num.pre + num.post + 1), '#');
  s[static_cast<size_t>(num.pre)] = '.';
  return s;
}

// EEEE of NaN or infinity: a space, the digit positions and the exponent's four as '#'.
std::string EeeeHashes(const NumDesc& num) {
  std::string s(static_cast<size_t>(num.pre + num.post + 6), '#');
  s[0] = ' ';
  s[static_cast<size_t>(num.pre + 1)] = '.';
  return s;
}

// C's "%+.*e" with a space for '+': how PostgreSQL prints EEEE of a float.
std::string FloatSci(double v, int post) {
  char buf[512];
  std::snprintf(buf, sizeof(buf), "%+.*e", post, v);
  std::string s = buf;
  if (s[0] == '+') s[0] = ' ';
  return s;
}

// PostgreSQL's numeric_out_sci: the exact value as d.ddd (rounded half away from zero to
// `post` digits, which may give 10.00) and "e" with a signed exponent of at least 2 digits;
// a space in place of '+'.
std::string NumericSci(const Numeric& v, int post) {
  std::string digits = v.Abs().ToString();
  size_t point = digits.find('.');
  std::string whole = digits.substr(0, point);
  std::string frac = point == std::string::npos ? "" : digits.substr(point + 1);
  std::string all = whole + frac;
  size_t first = all.find_first_not_of('0');
  int exponent = 0;
  std::string mantissa = "0";
  if (first != std::string::npos) {
    exponent = static_cast<int>(whole.size()) - 1 - static_cast<int>(first);
    mantissa = all.substr(first, 1) + "." + all.substr(first + 1);
  }
  std::string sig = Numeric::Parse(mantissa).Round(post).ToString();
  char exp[16];
  std::snprintf(exp, sizeof(exp), "e%+03d", exponent);
  return (v.IsNegative() && first != std::string::npos ? "-" : " ") + sig + exp;
}

// The sign and the digits of a plainly printed value ("-12.50"), with how many spaces lead
// it in the template or, when it has more digits before the point than the template, '#'s.
struct Printed {
  std::string number;
  int out_pre_spaces = 0;
  char sign = '+';
};

Printed Fit(std::string org, const NumDesc& num) {
  Printed p;
  if (!org.empty() && org[0] == '-') {
    p.sign = '-';
    org.erase(0, 1);
  }
  size_t point = org.find('.');
  int pre_len = static_cast<int>(point == std::string::npos ? org.size() : point);
  p.number = std::move(org);
  if (pre_len < num.pre) {
    p.out_pre_spaces = num.pre - pre_len;
  } else if (pre_len > num.pre) {
    p.number = Hashes(num);
  }
  return p;
}

// Lays the printed number out over the template (PostgreSQL's NUM_processor, to_char side).
class Layout {
 public:
  Layout(const NumDesc& num, std::string number, int out_pre_spaces, char sign)
      : num_(num), number_(std::move(number)), out_pre_spaces_(out_pre_spaces), sign_(sign) {}

  std::string Run(const std::vector<NumNode>& nodes) {
    if (num_.eeee) return number_;  // EEEE prints the number alone
    if (num_.zero_start > 0) --num_.zero_start;
    if (num_.roman) {
      bool fm = num_.fillmode;
      num_ = NumDesc{};
      num_.fillmode = fm;
      num_.roman = true;
      out_pre_spaces_ = 0;
      sign_ = 0;
    }
    if (num_.plus || num_.minus) {
      sign_wrote_ = !(num_.plus && !num_.minus);  // only PL leaves the sign to the digits
    } else {
      if (sign_ != '-' && num_.fillmode) num_.bracket = false;
      sign_wrote_ = sign_ == '+' && num_.fillmode && !num_.lsign;
      if (num_.lsign_pos == NumDesc::LSign::kPre && num_.pre == num_.pre_lsign_num) {
        num_.lsign_pos = NumDesc::LSign::kPost;  // S after all digits
      }
    }
    num_count_ = num_.post + num_.pre - 1;
    if (num_.fillmode && num_.decimal) {
      FindLastRelevant();
    }
    if (!sign_wrote_ && out_pre_spaces_ == 0) ++num_count_;

    for (const NumNode& n : nodes) {
      if (!n.is_key) {
        out_ += n.text;
        continue;
      }
      switch (n.key) {
        case K::k9:
        case K::k0:
        case K::kDec:
        case K::kD:
          Digit(n.key);
          break;
        case K::kComma:
        case K::kG:
          if (num_in_) {
            out_ += ',';
          } else if (!num_.fillmode) {
            out_ += ' ';
          }
          break;
        case K::kL:
          out_ += ' ';  // the C locale's currency symbol
          break;
        case K::kRN:
        case K::kRNLower: {
          std::string roman = number_;
          if (n.key == K::kRNLower) {
            for (char& c : roman) c = static_cast<char>(c + ('a' - 'A') * (c >= 'A' && c <= 'Z'));
          }
          if (!num_.fillmode && roman.size() < 15) out_.append(15 - roman.size(), ' ');
          out_ += roman;
          break;
        }
        case K::kTH:
        case K::kTHLower:
          if (num_.roman || number_[0] == '#' || sign_ == '-' || num_.decimal) break;
          out_ += Ordinal(n.key == K::kTH);
          break;
        case K::kMI:
          if (sign_ == '-') {
            out_ += '-';
          } else if (!num_.fillmode) {
            out_ += ' ';
          }
          break;
        case K::kPL:
          if (sign_ == '+') {
            out_ += '+';
          } else if (!num_.fillmode) {
            out_ += ' ';
          }
          break;
        case K::kSG:
          out_ += sign_;
          break;
        default:
          break;
      }
    }
    // A NUL written past the end of the number ends the text, as in PostgreSQL.
    size_t nul = out_.find('\0');
    if (nul != std::string::npos) out_.resize(nul);
    return out_;
  }

 private:
  char At(size_t i) const { return i < number_.size() ? number_[i] : '\0'; }

  // FM: digits after the last significant one after the point are not printed, except
  // where the template has 0s.
  void FindLastRelevant() {
    size_t point = number_.find('.');
    if (point == std::string::npos) return;
    size_t last = point;
    for (size_t i = point + 1; i < number_.size(); ++i) {
      if (number_[i] != '0') last = i;
    }
    if (num_.zero_end > out_pre_spaces_) {
      size_t last_zero =
          std::min(number_.size() - 1, static_cast<size_t>(num_.zero_end - out_pre_spaces_));
      last = std::max(last, last_zero);
    }
    last_relevant_ = last;
  }

  bool LastRelevantIsPoint() const {
    return last_relevant_.has_value() && At(*last_relevant_) == '.';
  }

  // "0.1" under "9.9" prints " .1": the zero before the point is no digit to show.
  bool PredecSpace() const { return !num_.zero && pos_ == 0 && At(0) == '0' && num_.post != 0; }

  std::string Ordinal(bool upper) const {
    const std::string& s = number_;
    char last = s.empty() ? '\0' : s.back();
    if (last < '0' || last > '9') {
      throw SqlError(sqlstate::kInvalidTextRepresentation, "\"" + s + "\" is not a number");
    }
    if (s.size() > 1 && s[s.size() - 2] == '1') last = '0';  // 11th, 12th, 13th
    const char* suffix = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
    std::string r = suffix;
    if (upper) {
      for (char& c : r) c = static_cast<char>(c - ('a' - 'A'));
    }
    return r;
  }

  void WriteSign() {
    if (num_.lsign) {
      if (num_.lsign_pos == NumDesc::LSign::kPre) {
        out_ += sign_ == '-' ? '-' : '+';
        sign_wrote_ = true;
      }
    } else if (num_.bracket) {
      out_ += sign_ == '+' ? ' ' : '<';
      sign_wrote_ = true;
    } else if (sign_ == '+') {
      if (!num_.fillmode) out_ += ' ';
      sign_wrote_ = true;
    } else if (sign_ == '-') {
      out_ += '-';
      sign_wrote_ = true;
    }
  }

  // One digit position or decimal point of the template.
  void Digit(K key) {
    if (num_.roman) return;
    num_in_ = false;
    if (!sign_wrote_ &&
        (num_curr_ >= out_pre_spaces_ || (num_.zero && num_.zero_start == num_curr_)) &&
        (!PredecSpace() || LastRelevantIsPoint())) {
      WriteSign();
    }
    if (num_curr_ < out_pre_spaces_ && (num_.zero_start > num_curr_ || !num_.zero)) {
      if (!num_.fillmode) out_ += ' ';
    } else if (num_.zero && num_curr_ < out_pre_spaces_ && num_.zero_start <= num_curr_) {
      out_ += '0';
      num_in_ = true;
    } else {
      if (At(pos_) == '.') {
        out_ += '.';
      } else if (last_relevant_.has_value() && pos_ > *last_relevant_ && key != K::k0) {
        // an insignificant trailing zero under FM
      } else if (PredecSpace()) {
        if (!num_.fillmode) {
          out_ += ' ';
        } else if (LastRelevantIsPoint()) {
          out_ += '0';
        }
      } else {
        out_ += At(pos_);
        num_in_ = true;
      }
      if (pos_ < number_.size()) ++pos_;
    }
    int end = num_count_ + (out_pre_spaces_ != 0 ? 1 : 0) + (num_.decimal ? 1 : 0);
    if (last_relevant_.has_value() && *last_relevant_ == pos_) end = num_curr_;
    if (num_curr_ + 1 == end) {
      if (sign_wrote_ && num_.bracket) {
        out_ += sign_ == '+' ? ' ' : '>';
      } else if (num_.lsign && num_.lsign_pos == NumDesc::LSign::kPost) {
        out_ += sign_ == '-' ? '-' : '+';
      }
    }
    ++num_curr_;
  }

  NumDesc num_;
  std::string number_;
  int out_pre_spaces_;
  char sign_;
  bool sign_wrote_ = false;
  bool num_in_ = false;
  int num_count_ = 0;
  int num_curr_ = 0;
  size_t pos_ = 0;  // the next character of number_
  std::optional<size_t> last_relevant_;
  std::string out_;
};

std::string Lay(const NumTemplate& t, const NumDesc& num, const std::string& number,
                int out_pre_spaces, char sign) {
  return Layout(num, number, out_pre_spaces, sign).Run(t.nodes);
}

}  // namespace

std::string ToCharNumeric(const Numeric& value, std::string_view format) {
  if (format.empty()) return "";
  NumTemplate t = ReadNumberTemplate(format);
  NumDesc num = t.desc;
  if (num.roman) {
    if (value.IsNaN() || value.IsInf()) {
      throw SqlError(sqlstate::kFeatureNotSupported, value.IsNaN()
                                                         ? "cannot convert NaN to integer"
                                                         : "cannot convert infinity to integer");
    }
    Numeric r = value.Round(0);
    if (r.Compare(Numeric::FromInt64(INT32_MAX)) > 0 ||
        r.Compare(Numeric::FromInt64(INT32_MIN)) < 0) {
      throw SqlError(sqlstate::kNumericValueOutOfRange, "integer out of range");
    }
    return Lay(t, num, IntToRoman(r.ToInt64()), 0, 0);
  }
  if (num.eeee) {
    if (value.IsNaN() || value.IsInf()) return Lay(t, num, EeeeHashes(num), 0, 0);
    return Lay(t, num, NumericSci(value, num.post), 0, 0);
  }
  Numeric v = value;
  if (num.multi > 0) {
    v = v.Mul(Numeric::Parse("1" + std::string(static_cast<size_t>(num.multi), '0')));
    num.pre += num.multi;
  }
  Numeric rounded = v.Round(num.post);
  std::string org = rounded.ToString();
  if (rounded.IsZero() && !org.empty() && org[0] == '-') org.erase(0, 1);
  Printed p = Fit(std::move(org), num);
  return Lay(t, num, p.number, p.out_pre_spaces, p.sign);
}

std::string ToCharInteger(int64_t value, bool is_int8, std::string_view format) {
  if (format.empty()) return "";
  NumTemplate t = ReadNumberTemplate(format);
  NumDesc num = t.desc;
  if (num.roman) {
    if (is_int8 && (value > INT32_MAX || value < INT32_MIN)) {
      throw SqlError(sqlstate::kNumericValueOutOfRange, "integer out of range");
    }
    return Lay(t, num, IntToRoman(value), 0, 0);
  }
  if (num.eeee) {
    if (!is_int8) return Lay(t, num, FloatSci(static_cast<double>(value), num.post), 0, 0);
    return Lay(t, num, NumericSci(Numeric::FromInt64(value), num.post), 0, 0);
  }
  if (num.multi > 0) {
    double factor = std::pow(10.0, num.multi);
    if (is_int8) {
      __int128 r = static_cast<__int128>(value) * static_cast<__int128>(factor);
      if (factor >= 9.3e18 || r > INT64_MAX || r < INT64_MIN) {
        throw SqlError(sqlstate::kNumericValueOutOfRange, "bigint out of range");
      }
      value = static_cast<int64_t>(r);
    } else {
      // int4 arithmetic wraps around in PostgreSQL's (unchecked) multiplication.
      auto f = static_cast<uint32_t>(factor > INT32_MAX ? INT32_MIN : static_cast<int32_t>(factor));
      value = static_cast<int32_t>(static_cast<uint32_t>(value) * f);
    }
    num.pre += num.multi;
  }
  std::string org = std::to_string(value);
  if (num.post > 0) org += "." + std::string(static_cast<size_t>(num.post), '0');
  Printed p = Fit(std::move(org), num);
  return Lay(t, num, p.number, p.out_pre_spaces, p.sign);
}

std::string ToCharFloat(double value, bool is_float4, std::string_view format) {
  if (format.empty()) return "";
  NumTemplate t = ReadNumberTemplate(format);
  NumDesc num = t.desc;
  if (num.roman) {
    double r = std::rint(value);
    bool fits = !std::isnan(r) && r >= INT32_MIN && r <= INT32_MAX;
    return Lay(t, num, IntToRoman(fits ? static_cast<int64_t>(r) : INT32_MIN), 0, 0);
  }
  if (num.eeee) {
    if (std::isnan(value) || std::isinf(value)) return Lay(t, num, EeeeHashes(num), 0, 0);
    return Lay(t, num, FloatSci(value, num.post), 0, 0);
  }
  double v = value;
  if (num.multi > 0) {
    if (is_float4) {
      v = static_cast<float>(value) * static_cast<float>(std::pow(10.0, num.multi));
    } else {
      v = value * std::pow(10.0, num.multi);
    }
    num.pre += num.multi;
  }
  // PostgreSQL's own snprintf prints NaN and Infinity so (C's says nan, inf).
  auto print = [](int digits, double x) -> std::string {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x < 0 ? "-Infinity" : "Infinity";
    char buf[512];
    std::snprintf(buf, sizeof(buf), "%.*f", digits, x);
    return buf;
  };
  const int max_digits = is_float4 ? 6 : 15;  // FLT_DIG, DBL_DIG
  int pre_len = static_cast<int>(print(0, std::fabs(v)).size());
  if (pre_len >= max_digits) {
    num.post = 0;
  } else if (pre_len + num.post > max_digits) {
    num.post = max_digits - pre_len;
  }
  Printed p = Fit(print(num.post, v), num);
  return Lay(t, num, p.number, p.out_pre_spaces, p.sign);
}

}  // namespace firn::function_internal
