// The number template reader and to_number. Reading keeps PostgreSQL 15's rules: each digit
// position takes one digit (digits past the template's last position after the point are
// skipped), a sign is taken before the first digit or (with S, MI, PL, SG) after the last,
// ',' and G take a comma if there is one, and any other template character skips one input
// character. The digits found become a numeric(pre + multi + post, post), divided by 10^n
// for V with n digits.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <utility>

#include "common/sql_error.h"
#include "exec/function/datetime_template.h"
#include "exec/function/number_template.h"
#include "exec/function/number_template_internal.h"

namespace firn::function_internal {
namespace {

using K = NumKey;

struct Keyword {
  std::string_view text;
  NumKey key;
};

constexpr Keyword kKeywords[] = {
    {",", K::kComma},    {".", K::kDec}, {"0", K::k0},    {"9", K::k9},    {"B", K::kB},
    {"C", K::kC},        {"D", K::kD},   {"EEEE", K::kE}, {"FM", K::kFM},  {"G", K::kG},
    {"L", K::kL},        {"MI", K::kMI}, {"PL", K::kPL},  {"PR", K::kPR},  {"RN", K::kRN},
    {"SG", K::kSG},      {"SP", K::kSP}, {"S", K::kS},    {"TH", K::kTH},  {"V", K::kV},
    {"b", K::kB},        {"c", K::kC},   {"d", K::kD},    {"eeee", K::kE}, {"fm", K::kFM},
    {"g", K::kG},        {"l", K::kL},   {"mi", K::kMI},  {"pl", K::kPL},  {"pr", K::kPR},
    {"rn", K::kRNLower}, {"sg", K::kSG}, {"sp", K::kSP},  {"s", K::kS},    {"th", K::kTHLower},
    {"v", K::kV},
};

const Keyword* MatchKeyword(std::string_view rest) {
  const Keyword* best = nullptr;
  for (const Keyword& k : kKeywords) {
    if (rest.substr(0, k.text.size()) == k.text &&
        (best == nullptr || k.text.size() > best->text.size())) {
      best = &k;
    }
  }
  return best;
}

[[noreturn]] void Syntax(const std::string& message) {
  throw SqlError(sqlstate::kSyntaxError, message);
}

// PostgreSQL's NUMDesc_prepare: what one keyword adds to the description.
void Describe(NumKey key, NumDesc* num) {
  if (num->eeee && key != K::kE) Syntax("\"EEEE\" must be the last pattern used");
  switch (key) {
    case K::k9:
      if (num->bracket) Syntax("\"9\" must be ahead of \"PR\"");
      if (num->has_multi) {
        ++num->multi;
      } else if (num->decimal) {
        ++num->post;
      } else {
        ++num->pre;
      }
      return;
    case K::k0:
      if (num->bracket) Syntax("\"0\" must be ahead of \"PR\"");
      if (!num->zero && !num->decimal) {
        num->zero = true;
        num->zero_start = num->pre + 1;
      }
      ++(num->decimal ? num->post : num->pre);
      num->zero_end = num->pre + num->post;
      return;
    case K::kB:
      if (num->pre == 0 && num->post == 0 && !num->zero) num->blank = true;
      return;
    case K::kD:
    case K::kDec:
      if (num->decimal) Syntax("multiple decimal points");
      if (num->has_multi) Syntax("cannot use \"V\" and decimal point together");
      num->decimal = true;
      return;
    case K::kFM:
      num->fillmode = true;
      return;
    case K::kS:
      if (num->lsign) Syntax("cannot use \"S\" twice");
      if (num->plus || num->minus || num->bracket) {
        Syntax("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
      }
      if (!num->decimal) {
        num->lsign_pos = NumDesc::LSign::kPre;
        num->pre_lsign_num = num->pre;
        num->lsign = true;
      } else if (num->lsign_pos == NumDesc::LSign::kNone) {
        num->lsign_pos = NumDesc::LSign::kPost;
        num->lsign = true;
      }
      return;
    case K::kMI:
      if (num->lsign) Syntax("cannot use \"S\" and \"MI\" together");
      num->minus = true;
      return;
    case K::kPL:
      if (num->lsign) Syntax("cannot use \"S\" and \"PL\" together");
      num->plus = true;
      return;
    case K::kSG:
      if (num->lsign) Syntax("cannot use \"S\" and \"SG\" together");
      num->minus = num->plus = true;
      return;
    case K::kPR:
      if (num->lsign || num->plus || num->minus) {
        Syntax("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
      }
      num->bracket = true;
      return;
    case K::kRN:
    case K::kRNLower:
      num->roman = true;
      return;
    case K::kV:
      if (num->decimal) Syntax("cannot use \"V\" and decimal point together");
      num->has_multi = true;
      return;
    case K::kE:
      if (num->eeee) Syntax("cannot use \"EEEE\" twice");
      if (num->blank || num->fillmode || num->lsign || num->bracket || num->minus || num->plus ||
          num->roman || num->has_multi) {
        throw SqlError(sqlstate::kSyntaxError, "\"EEEE\" is incompatible with other formats")
            .WithDetail(
                "\"EEEE\" may only be used together with digit and decimal point patterns.");
      }
      num->eeee = true;
      return;
    default:
      return;
  }
}

// to_number's reading state (PostgreSQL's NUMProc, from-char side).
class NumberReader {
 public:
  NumberReader(std::string_view in, const NumDesc& num) : in_(in), num_(num) {}

  // Returns the number text: a sign (or space), digits and at most one point.
  std::string Run(const std::vector<NumNode>& nodes) {
    for (const NumNode& n : nodes) {
      if (AtEnd()) break;
      if (!n.is_key) {
        Skip();  // a literal skips one character, whatever it is
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
          if (num_.fillmode || in_[p_] != ',') continue;
          break;
        case K::kL:
          EatNonData(1);
          continue;
        case K::kTH:
        case K::kTHLower:
          if (!num_.decimal) EatNonData(2);
          continue;
        case K::kMI:
        case K::kPL:
        case K::kSG: {
          char c = in_[p_];
          bool takes = (c == '-' && n.key != K::kPL) || (c == '+' && n.key != K::kMI);
          if (!takes) {
            EatNonData(1);
            continue;
          }
          number_[0] = c;
          break;
        }
        default:
          continue;
      }
      ++p_;
    }
    if (number_.back() == '.') number_.pop_back();
    return number_;
  }

  int read_post() const { return read_post_; }

 private:
  bool AtEnd() const { return p_ >= in_.size(); }
  void Skip() {
    unsigned char c = static_cast<unsigned char>(in_[p_]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    p_ = std::min(in_.size(), p_ + n);
  }
  // Skips up to n characters that cannot be part of the number.
  void EatNonData(int n) {
    while (n-- > 0 && !AtEnd() && std::strchr("0123456789.,+-", in_[p_]) == nullptr) Skip();
  }
  bool IsDigitAt(size_t i) const {
    return i < in_.size() && std::isdigit(static_cast<unsigned char>(in_[i])) != 0;
  }

  void Digit(NumKey key) {
    if (AtEnd()) return;
    if (in_[p_] == ' ') ++p_;
    if (AtEnd()) return;
    if (number_[0] == ' ' && (key == K::k0 || key == K::k9) && read_pre_ + read_post_ == 0) {
      char c = in_[p_];
      if (num_.lsign && num_.lsign_pos == NumDesc::LSign::kPre) {
        if (c == '-' || c == '+') {
          ++p_;
          number_[0] = c;
        }
      } else if (c == '-' || (num_.bracket && c == '<')) {
        number_[0] = '-';
        ++p_;
      } else if (c == '+') {
        number_[0] = '+';
        ++p_;
      }
    }
    if (AtEnd()) return;
    bool read = false;
    if (IsDigitAt(p_)) {
      if (read_dec_ && read_post_ == num_.post) return;  // more digits than the template
      number_ += in_[p_];
      ++(read_dec_ ? read_post_ : read_pre_);
      read = true;
    } else if (num_.decimal && !read_dec_ && in_[p_] == '.') {
      number_ += '.';
      read_dec_ = true;
      read = true;
    }
    if (AtEnd() || number_[0] != ' ' || read_pre_ + read_post_ == 0) return;
    // A sign behind the last digit.
    if (num_.lsign && read && p_ + 1 < in_.size() && !IsDigitAt(p_ + 1)) {
      char c = in_[p_ + 1];
      if (c == '-' || c == '+') {
        ++p_;
        number_[0] = c;
      }
    } else if (!read && !num_.lsign && (num_.plus || num_.minus)) {
      if (in_[p_] == '-' || in_[p_] == '+') number_[0] = in_[p_];
    }
  }

  std::string_view in_;
  const NumDesc& num_;
  size_t p_ = 0;
  std::string number_ = " ";
  int read_pre_ = 0, read_post_ = 0;
  bool read_dec_ = false;
};

}  // namespace

NumTemplate ReadNumberTemplate(std::string_view format) {
  NumTemplate t;
  size_t i = 0;
  while (i < format.size()) {
    if (const Keyword* k = MatchKeyword(format.substr(i))) {
      i += k->text.size();
      Describe(k->key, &t.desc);
      t.nodes.push_back(NumNode{true, k->key, ""});
      continue;
    }
    ReadTemplateLiteral(format, &i, [&](std::string_view ch, bool) {
      t.nodes.push_back(NumNode{false, K::kComma, std::string(ch)});
    });
  }
  return t;
}

std::optional<Numeric> ToNumber(std::string_view text, std::string_view format) {
  if (format.empty()) return std::nullopt;
  NumTemplate t = ReadNumberTemplate(format);
  const NumDesc& num = t.desc;
  if (num.eeee) throw SqlError(sqlstate::kFeatureNotSupported, "\"EEEE\" not supported for input");
  if (num.roman) throw SqlError(sqlstate::kFeatureNotSupported, "\"RN\" not supported for input");
  NumberReader reader(text, num);
  std::string number = reader.Run(t.nodes);
  const int scale = reader.read_post();
  const int precision = num.pre + num.multi + scale;
  Numeric v = Numeric::Parse(number).ApplyTypmod(((precision << 16) | scale) + 4);
  if (num.multi > 0) {
    v = v.Mul(Numeric::FromInt64(10).Power(Numeric::FromInt64(-num.multi)));
  }
  return v;
}

}  // namespace firn::function_internal
