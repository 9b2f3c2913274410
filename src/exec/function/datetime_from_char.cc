// to_timestamp / to_date: reading a string through a datetime template (datetime_template.h),
// as PostgreSQL 15's formatting.c reads one. Outside FX mode spaces before fields are skipped,
// one template separator or space matches one input separator or space (or nothing), and a
// literal template character skips one input character whatever it is. Numeric fields take
// their pattern's width unless FM is given or the next template element is no digit, in which
// case they read as many digits as there are. to_timestamp.cc combines the fields.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "common/sql_error.h"
#include "exec/function/datetime_from_char.h"
#include "exec/function/datetime_template.h"

namespace firn::function_internal {
namespace {

using Kind = DateTemplateNode::Kind;

[[noreturn]] void Fail(const std::string& message, std::string detail = "", std::string hint = "") {
  FailDatetimeFormat(message, std::move(detail), std::move(hint));
}

// Patterns whose input is a number (PostgreSQL's is_digit), which decides whether the field
// before them reads a fixed width.
bool IsDigitPattern(DatePat p) {
  switch (p) {
    case DatePat::kAmPm:
    case DatePat::kAmPmDots:
    case DatePat::kBcAd:
    case DatePat::kBcAdDots:
    case DatePat::kMonth:
    case DatePat::kMon:
    case DatePat::kDay:
    case DatePat::kDy:
    case DatePat::kRM:
    case DatePat::kTZ:
    case DatePat::kTZH:
    case DatePat::kOF:
    case DatePat::kFX:
      return false;
    default:
      return true;
  }
}

DateMode ModeOf(DatePat p) {
  switch (p) {
    case DatePat::kDDD:
    case DatePat::kDD:
    case DatePat::kD:
    case DatePat::kMM:
    case DatePat::kMonth:
    case DatePat::kMon:
    case DatePat::kRM:
    case DatePat::kWW:
    case DatePat::kW:
    case DatePat::kYCommaYYY:
    case DatePat::kYYYY:
    case DatePat::kYYY:
    case DatePat::kYY:
    case DatePat::kY:
      return DateMode::kGregorian;
    case DatePat::kIDDD:
    case DatePat::kID:
    case DatePat::kIW:
    case DatePat::kIYYY:
    case DatePat::kIYY:
    case DatePat::kIY:
    case DatePat::kI:
      return DateMode::kIsoWeek;
    default:
      return DateMode::kNone;
  }
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool IsSeparator(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7F && std::isalnum(u) == 0;
}

constexpr const char* kFmHint =
    "If your source string is not fixed-width, try using the \"FM\" modifier.";

// Reads the input through the template nodes.
class Reader {
 public:
  Reader(std::string_view input, const std::vector<DateTemplateNode>& nodes)
      : in_(input), nodes_(nodes) {}

  DateFields Read() {
    bool fx = false;
    int extra_skip = 0;  // spaces skipped beyond what the template asked for
    for (size_t k = 0; k < nodes_.size() && pos_ < in_.size(); ++k) {
      const DateTemplateNode& n = nodes_[k];
      bool is_pattern = n.kind == Kind::kPattern;
      if (!fx && (!is_pattern || n.pattern->pat != DatePat::kFX) && (is_pattern || k == 0)) {
        while (pos_ < in_.size() && IsSpace(in_[pos_])) {
          ++pos_;
          ++extra_skip;
        }
      }
      if (n.kind == Kind::kSpace || n.kind == Kind::kSeparator) {
        if (fx) {
          pos_ += CharBytes();
        } else {
          --extra_skip;
          if (pos_ < in_.size() && (IsSpace(in_[pos_]) || IsSeparator(in_[pos_]))) {
            ++pos_;
            ++extra_skip;
          }
        }
        continue;
      }
      if (n.kind == Kind::kChar) {
        if (!fx && extra_skip > 0) {
          --extra_skip;  // a skipped space stood for this character
        } else {
          pos_ += CharBytes();
        }
        continue;
      }
      SetMode(ModeOf(n.pattern->pat));
      if (n.pattern->pat == DatePat::kFX) fx = true;
      ReadField(k, extra_skip);
      if (!fx) {  // spaces after a field are ignored
        extra_skip = 0;
        while (pos_ < in_.size() && IsSpace(in_[pos_])) {
          ++pos_;
          ++extra_skip;
        }
      }
    }
    return f_;
  }

 private:
  size_t CharBytes() const {
    unsigned char c = static_cast<unsigned char>(in_[pos_]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    return std::min(n, in_.size() - pos_);
  }

  void SetMode(DateMode mode) {
    if (mode == DateMode::kNone) return;
    if (f_.mode == DateMode::kNone) {
      f_.mode = mode;
    } else if (f_.mode != mode) {
      Fail("invalid combination of date conventions", "",
           "Do not mix Gregorian and ISO week date conventions in a formatting template.");
    }
  }

  static void Set(int* dest, int value, const DateTemplateNode& n) {
    if (*dest != 0 && *dest != value) {
      Fail("conflicting values for \"" + std::string(n.pattern->text) +
               "\" field in formatting string",
           "This value contradicts a previous setting for the same field type.");
    }
    *dest = value;
  }

  // PostgreSQL's is_next_separator: whether the field at node k ends where its digits end.
  bool NextIsSeparator(size_t k) const {
    if (nodes_[k].th) return true;
    if (k + 1 >= nodes_.size()) return true;
    const DateTemplateNode& next = nodes_[k + 1];
    if (next.kind == Kind::kPattern) return !IsDigitPattern(next.pattern->pat);
    return !(next.text.size() == 1 && std::isdigit(static_cast<unsigned char>(next.text[0])));
  }

  // Reads an integer of `len` characters (or as many digits as there are, with FM or before a
  // non-digit), like strtol: leading spaces and a sign are accepted. Returns the characters
  // used; stores the value into *dest (nullptr: discard).
  int ReadInt(int* dest, size_t k, int len) {
    const DateTemplateNode& n = nodes_[k];
    const size_t init = pos_;
    while (pos_ < in_.size() && IsSpace(in_[pos_])) ++pos_;
    std::string copy(in_.substr(pos_, static_cast<size_t>(len)));
    long value = 0;
    bool range_error = false;
    auto parse = [&](const std::string& text, size_t* used) {
      const char* begin = text.c_str();
      char* end = nullptr;
      errno = 0;
      value = std::strtol(begin, &end, 10);
      range_error = errno == ERANGE;
      *used = static_cast<size_t>(end - begin);
    };
    if (n.fm || NextIsSeparator(k)) {
      std::string rest(in_.substr(init));
      size_t used = 0;
      parse(rest, &used);
      pos_ = init + used;
    } else {
      if (in_.size() - pos_ < static_cast<size_t>(len)) {
        Fail(
            "source string too short for \"" + std::string(n.pattern->text) + "\" formatting field",
            ("Field requires " + std::to_string(len) + " characters, but only " +
             std::to_string(in_.size() - pos_) + " remain."),
            kFmHint);
      }
      size_t used = 0;
      parse(copy, &used);
      if (used > 0 && used < static_cast<size_t>(len)) {
        Fail("invalid value \"" + copy + "\" for \"" + std::string(n.pattern->text) + "\"",
             ("Field requires " + std::to_string(len) + " characters, but only " +
              std::to_string(used) + " could be parsed."),
             kFmHint);
      }
      pos_ += used;
    }
    if (pos_ == init) {
      Fail("invalid value \"" + copy + "\" for \"" + std::string(n.pattern->text) + "\"",
           "Value must be an integer.");
    }
    if (range_error || value < INT_MIN || value > INT_MAX) {
      throw SqlError(
          sqlstate::kDatetimeFieldOverflow,
          "value for \"" + std::string(n.pattern->text) + "\" in source string is out of range")
          .WithDetail("Value must be in the range -2147483648 to 2147483647.");
    }
    if (dest != nullptr) Set(dest, static_cast<int>(value), n);
    return static_cast<int>(pos_ - init);
  }

  // Case-insensitive match of the input against `words`; returns the index of the first
  // word the input starts with.
  int ReadWord(const std::vector<std::string_view>& words, const DateTemplateNode& n) {
    for (size_t w = 0; w < words.size(); ++w) {
      std::string_view word = words[w];
      if (in_.size() - pos_ < word.size()) continue;
      bool match = true;
      for (size_t c = 0; c < word.size() && match; ++c) {
        match = std::tolower(static_cast<unsigned char>(in_[pos_ + c])) ==
                std::tolower(static_cast<unsigned char>(word[c]));
      }
      if (match) {
        pos_ += word.size();
        return static_cast<int>(w);
      }
    }
    std::string rest(in_.substr(pos_));
    for (size_t c = 0; c < rest.size(); ++c) {
      if (rest[c] == ' ' || rest[c] == '\t' || rest[c] == '\n' || rest[c] == '\r' ||
          rest[c] == '\f') {
        rest.resize(c);
        break;
      }
    }
    Fail("invalid value \"" + rest + "\" for \"" + std::string(n.pattern->text) + "\"",
         "The given value did not match any of the allowed values for this field.");
  }

  void SkipTh(const DateTemplateNode& n) {
    if (!n.th) return;
    for (int c = 0; c < 2 && pos_ < in_.size(); ++c) pos_ += CharBytes();
  }

  // A TZH-style sign: an explicit one, or a '-' taken as a separator just before.
  void ReadTzSign(int extra_skip) {
    char c = pos_ < in_.size() ? in_[pos_] : '\0';
    if (c == '+' || c == '-' || c == ' ') {
      f_.tzsign = c == '-' ? -1 : 1;
      ++pos_;
    } else {
      f_.tzsign = extra_skip > 0 && pos_ > 0 && in_[pos_ - 1] == '-' ? -1 : 1;
    }
  }

  void ReadField(size_t k, int extra_skip);

  std::string_view in_;
  const std::vector<DateTemplateNode>& nodes_;
  size_t pos_ = 0;
  DateFields f_;
};

const std::vector<std::string_view> kAmPm = {"am", "pm", "AM", "PM"};
const std::vector<std::string_view> kAmPmDots = {"a.m.", "p.m.", "A.M.", "P.M."};
const std::vector<std::string_view> kAdBc = {"ad", "bc", "AD", "BC"};
const std::vector<std::string_view> kAdBcDots = {"a.d.", "b.c.", "A.D.", "B.C."};
const std::vector<std::string_view> kMonths = {"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};
const std::vector<std::string_view> kMonthsShort = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const std::vector<std::string_view> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                             "Thursday", "Friday", "Saturday"};
const std::vector<std::string_view> kDaysShort = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
// Longest first, so that VIII is not read as V.
const std::vector<std::string_view> kRomanMonths = {"xii", "xi", "x",  "ix",  "viii", "vii",
                                                    "vi",  "v",  "iv", "iii", "ii",   "i"};

// Two-digit (and three-digit) years are taken as the nearest to 2020.
int AdjustPartialYear(int year) {
  if (year < 70) return year + 2000;
  if (year < 100) return year + 1900;
  if (year < 520) return year + 2000;
  if (year < 1000) return year + 1000;
  return year;
}

void Reader::ReadField(size_t k, int extra_skip) {
  const DateTemplateNode& n = nodes_[k];
  const int key_len = static_cast<int>(n.pattern->text.size());
  int value = 0;
  switch (n.pattern->pat) {
    case DatePat::kFX:
      return;
    case DatePat::kAmPm:
    case DatePat::kAmPmDots:
      value = ReadWord(n.pattern->pat == DatePat::kAmPm ? kAmPm : kAmPmDots, n);
      Set(&f_.pm, value % 2, n);
      f_.twelve_hour = true;
      return;
    case DatePat::kBcAd:
    case DatePat::kBcAdDots:
      value = ReadWord(n.pattern->pat == DatePat::kBcAd ? kAdBc : kAdBcDots, n);
      Set(&f_.bc, value % 2, n);
      return;
    case DatePat::kHH:
      ReadInt(&f_.hh, k, 2);
      f_.twelve_hour = true;
      return SkipTh(n);
    case DatePat::kHH24:
      ReadInt(&f_.hh, k, 2);
      return SkipTh(n);
    case DatePat::kMI:
      ReadInt(&f_.mi, k, key_len);
      return SkipTh(n);
    case DatePat::kSS:
      ReadInt(&f_.ss, k, key_len);
      return SkipTh(n);
    case DatePat::kMS: {
      int len = ReadInt(&f_.ms, k, 3);
      f_.ms *= len == 1 ? 100 : len == 2 ? 10 : 1;  // "25" is 0.25 s like "250"
      return SkipTh(n);
    }
    case DatePat::kFF:
    case DatePat::kUS: {
      int digits = n.pattern->pat == DatePat::kUS ? 6 : n.pattern->digits;
      if (n.pattern->pat == DatePat::kFF) f_.ff = digits;
      int len = ReadInt(&f_.us, k, digits);
      static constexpr int kScale[] = {1, 100000, 10000, 1000, 100, 10, 1};
      f_.us *= len >= 1 && len <= 6 ? kScale[len] : 1;
      return SkipTh(n);
    }
    case DatePat::kSSSS:
      ReadInt(&f_.ssss, k, key_len);
      return SkipTh(n);
    case DatePat::kTZ:
    case DatePat::kOF:
      throw SqlError(
          sqlstate::kFeatureNotSupported,
          "formatting field \"" + std::string(n.pattern->text) + "\" is only supported in to_char");
    case DatePat::kTZH:
      ReadTzSign(extra_skip);
      ReadInt(&f_.tzh, k, 2);
      return;
    case DatePat::kTZM:
      if (f_.tzsign == 0) f_.tzsign = 1;
      ReadInt(&f_.tzm, k, 2);
      return;
    case DatePat::kMonth:
      Set(&f_.mm, ReadWord(kMonths, n) + 1, n);
      return;
    case DatePat::kMon:
      Set(&f_.mm, ReadWord(kMonthsShort, n) + 1, n);
      return;
    case DatePat::kMM:
      ReadInt(&f_.mm, k, key_len);
      return SkipTh(n);
    case DatePat::kDay:
    case DatePat::kDy:
      value = ReadWord(n.pattern->pat == DatePat::kDay ? kDays : kDaysShort, n);
      Set(&f_.d, value, n);
      ++f_.d;
      return;
    case DatePat::kDDD:
      ReadInt(&f_.ddd, k, key_len);
      return SkipTh(n);
    case DatePat::kIDDD:
      ReadInt(&f_.ddd, k, 3);
      return SkipTh(n);
    case DatePat::kDD:
      ReadInt(&f_.dd, k, key_len);
      return SkipTh(n);
    case DatePat::kD:
      ReadInt(&f_.d, k, key_len);
      return SkipTh(n);
    case DatePat::kID:
      ReadInt(&f_.d, k, 1);
      if (++f_.d > 7) f_.d = 1;  // ISO Sunday (7) is Gregorian day 1
      return SkipTh(n);
    case DatePat::kWW:
    case DatePat::kIW:
      ReadInt(&f_.ww, k, key_len);
      return SkipTh(n);
    case DatePat::kQ:
      ReadInt(nullptr, k, key_len);  // read but ignored, as in PostgreSQL
      return SkipTh(n);
    case DatePat::kCC:
      ReadInt(&f_.cc, k, key_len);
      return SkipTh(n);
    case DatePat::kYCommaYYY: {
      int millennia = 0, years = 0, used = 0;
      std::string rest(in_.substr(pos_));
      if (std::sscanf(rest.c_str(), "%d,%03d%n", &millennia, &years, &used) < 2) {
        Fail("invalid input string for \"Y,YYY\"");
      }
      Set(&f_.year, years + millennia * 1000, n);
      f_.yysz = 4;
      pos_ += static_cast<size_t>(used);
      return SkipTh(n);
    }
    case DatePat::kYYYY:
    case DatePat::kIYYY:
      ReadInt(&f_.year, k, key_len);
      f_.yysz = 4;
      return SkipTh(n);
    case DatePat::kYYY:
    case DatePat::kIYY:
    case DatePat::kYY:
    case DatePat::kIY:
    case DatePat::kY:
    case DatePat::kI: {
      int len = ReadInt(&f_.year, k, key_len);
      if (len < 4) f_.year = AdjustPartialYear(f_.year);
      f_.yysz = key_len;
      return SkipTh(n);
    }
    case DatePat::kRM:
      Set(&f_.mm, 12 - ReadWord(kRomanMonths, n), n);
      return;
    case DatePat::kW:
      ReadInt(&f_.w, k, key_len);
      return SkipTh(n);
    case DatePat::kJ:
      ReadInt(&f_.j, k, key_len);
      return SkipTh(n);
  }
}

}  // namespace

void FailDatetimeFormat(const std::string& message, std::string detail, std::string hint) {
  SqlError e(sqlstate::kInvalidDatetimeFormat, message);
  if (!detail.empty()) std::move(e).WithDetail(std::move(detail));
  if (!hint.empty()) std::move(e).WithHint(std::move(hint));
  throw e;
}

DateFields ReadDateFields(std::string_view input, std::string_view format) {
  if (format.empty()) return DateFields{};
  std::vector<DateTemplateNode> nodes = ReadDateTemplate(format);
  return Reader(input, nodes).Read();
}

}  // namespace firn::function_internal
