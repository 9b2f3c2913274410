// Text input for date, timestamp and timestamptz: ISO 8601 ('2026-01-15 10:00:00.5+02',
// 'T' separator, 'Z', zone names), YYYYMMDD, M/D/Y (DateStyle MDY), month names
// ('Jan 15 2026'), AM/PM, BC, and the special words epoch/infinity/now/today/tomorrow/
// yesterday.
// Thread-safety: pure functions.
#include <cctype>
#include <optional>

#include "types/datetime.h"
#include "types/datetime_internal.h"

namespace firn {
namespace {

enum class Target { kDate, kTimestamp, kTimestampTz };

const char* TypeName(Target t) {
  switch (t) {
    case Target::kDate:
      return "date";
    case Target::kTimestamp:
      return "timestamp";
    case Target::kTimestampTz:
      return "timestamp with time zone";
  }
  return "";
}

struct Parsed {
  std::optional<int64_t> year;
  std::optional<int> month, day;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  int64_t micros = 0;
  int ampm = 0;  // 0 none, 1 AM, 2 PM
  bool bc = false;
  std::optional<int32_t> offset;         // explicit UTC offset, seconds east
  std::shared_ptr<const TimeZone> zone;  // explicit zone name
  std::string special;                   // epoch, infinity, now, ...
};

struct Abbrev {
  const char* name;
  int32_t offset;
};
// Common zone abbreviations (PostgreSQL's "Default" set, abridged).
constexpr Abbrev kAbbrevs[] = {
    {"utc", 0},          {"gmt", 0},          {"z", 0},
    {"zulu", 0},         {"ut", 0},           {"est", -5 * 3600},
    {"edt", -4 * 3600},  {"cst", -6 * 3600},  {"cdt", -5 * 3600},
    {"mst", -7 * 3600},  {"mdt", -6 * 3600},  {"pst", -8 * 3600},
    {"pdt", -7 * 3600},  {"cet", 3600},       {"cest", 7200},
    {"eet", 7200},       {"eest", 3 * 3600},  {"wet", 0},
    {"west", 3600},      {"bst", 3600},       {"jst", 9 * 3600},
    {"akst", -9 * 3600}, {"akdt", -8 * 3600}, {"hst", -10 * 3600},
    {"msk", 3 * 3600},   {"ist", 7200},       {"aest", 10 * 3600},
    {"aedt", 11 * 3600},
};

constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kMonthsLong[] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};
constexpr const char* kWeekdays[] = {
    "sun", "mon", "tue",    "tues",   "wed",     "wednesday", "thu",    "thur",    "thurs",
    "fri", "sat", "sunday", "monday", "tuesday", "thursday",  "friday", "saturday"};

class Parser {
 public:
  Parser(std::string_view text, Target target, const DateTimeContext& ctx)
      : text_(text), target_(target), ctx_(ctx) {}

  Parsed Run() {
    std::string_view trimmed = Trim(text_);
    // The special words start with a letter or a sign; dates start with a digit.
    if (!trimmed.empty() && !std::isdigit(static_cast<unsigned char>(trimmed[0]))) {
      std::string lower = dt::LowerAscii(trimmed);
      for (const char* w : {"epoch", "infinity", "+infinity", "-infinity", "now", "today",
                            "tomorrow", "yesterday"}) {
        if (lower == w) {
          p_.special = w[0] == '+' ? "infinity" : w;
          return p_;
        }
      }
    }
    std::string_view s = text_;
    while (i_ < s.size()) {
      char c = s[i_];
      if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
        ++i_;
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        Number();
      } else if ((c == 'T' || c == 't') && i_ + 1 < s.size() &&
                 std::isdigit(static_cast<unsigned char>(s[i_ + 1])) && p_.day) {
        ++i_;
      } else if ((c == '+' || c == '-') && (p_.day || p_.has_time)) {
        Offset();
      } else if (std::isalpha(static_cast<unsigned char>(c))) {
        Word();
      } else {
        Syntax();
      }
    }
    return p_;
  }

  [[noreturn]] void Syntax() const {
    throw SqlError(sqlstate::kInvalidDatetimeFormat, std::string("invalid input syntax for type ") +
                                                         TypeName(target_) + ": \"" +
                                                         std::string(text_) + "\"");
  }
  [[noreturn]] void Range() const {
    throw SqlError(sqlstate::kDatetimeFieldOverflow,
                   "date/time field value out of range: \"" + std::string(text_) + "\"");
  }

 private:
  static std::string_view Trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  }

  bool Peek(char c) const { return i_ < text_.size() && text_[i_] == c; }

  // Reads a run of digits; returns its value and sets *len (0 if none).
  int64_t Digits(int* len) {
    int64_t v = 0;
    size_t start = i_;
    while (i_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i_]))) {
      if (i_ - start < 18) v = v * 10 + (text_[i_] - '0');
      ++i_;
    }
    *len = static_cast<int>(i_ - start);
    return v;
  }

  int64_t RequireDigits() {
    int len;
    int64_t v = Digits(&len);
    if (len == 0) Syntax();
    return v;
  }

  void SetDate(int64_t y, int64_t m, int64_t d) {
    if (p_.day) Syntax();
    if (m < 1 || m > 12 || d < 1 || d > 31) Range();
    p_.year = y;
    p_.month = static_cast<int>(m);
    p_.day = static_cast<int>(d);
  }

  void Number() {
    int len;
    int64_t v = Digits(&len);
    if (Peek('-') && !p_.day && i_ + 1 < text_.size() &&
        std::isdigit(static_cast<unsigned char>(text_[i_ + 1]))) {
      ++i_;
      int64_t m = RequireDigits();
      if (!Peek('-')) Syntax();
      ++i_;
      int64_t d = RequireDigits();
      if (len >= 3) {
        SetDate(v, m, d);
      } else {
        SetDate(d, v, m);  // MDY: 01-15-2026
      }
    } else if (Peek('/') && !p_.day) {
      ++i_;
      int64_t b = RequireDigits();
      if (!Peek('/')) Syntax();
      ++i_;
      int64_t c = RequireDigits();
      if (len >= 3) {
        SetDate(v, b, c);
      } else {
        SetDate(c, v, b);
      }
    } else if (Peek(':')) {
      Time(v);
    } else if (len == 8 && !p_.day && !p_.month) {
      SetDate(v / 10000, v / 100 % 100, v % 100);
    } else if (len == 6 && p_.day && !p_.has_time) {
      Finish(v / 10000, v / 100 % 100, v % 100);
    } else if (p_.month && !p_.day && len <= 2) {
      p_.day = static_cast<int>(v);
    } else if (p_.month && !p_.year) {
      p_.year = v;
    } else if (!p_.month && !p_.day && len <= 2 && !p_.year) {
      p_.day = static_cast<int>(v);  // "15 Jan 2026"
    } else if (!p_.year && p_.day && len >= 3) {
      p_.year = v;
    } else {
      Syntax();
    }
  }

  void Finish(int64_t h, int64_t m, int64_t s) {
    if (p_.has_time) Syntax();
    p_.has_time = true;
    if (h > 24 || m > 59 || s > 60) Range();
    if (h == 24 && (m != 0 || s != 0 || p_.micros != 0)) Range();
    p_.hour = static_cast<int>(h);
    p_.minute = static_cast<int>(m);
    p_.second = static_cast<int>(s);
  }

  void Time(int64_t hour) {
    ++i_;  // ':'
    int64_t minute = RequireDigits();
    int64_t second = 0;
    if (Peek(':')) {
      ++i_;
      second = RequireDigits();
      if (Peek('.')) {
        ++i_;
        int64_t frac = 0;
        int digits = 0;
        while (i_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i_]))) {
          if (digits < 7) {
            frac = frac * 10 + (text_[i_] - '0');
            ++digits;
          }
          ++i_;
        }
        while (digits < 7) {
          frac *= 10;
          ++digits;
        }
        p_.micros = (frac + 5) / 10;  // round to microseconds
      }
    }
    Finish(hour, minute, second);
  }

  void Offset() {
    int sign = text_[i_++] == '-' ? -1 : 1;
    int len;
    int64_t v = Digits(&len);
    int64_t h, m = 0, s = 0;
    if (len == 0 || p_.offset) Syntax();
    if (len <= 2) {
      h = v;
      if (Peek(':')) {
        ++i_;
        m = RequireDigits();
        if (Peek(':')) {
          ++i_;
          s = RequireDigits();
        }
      }
    } else if (len == 4) {
      h = v / 100;
      m = v % 100;
    } else if (len == 6) {
      h = v / 10000;
      m = v / 100 % 100;
      s = v % 100;
    } else {
      Syntax();
    }
    if (h > 15 || m > 59 || s > 59) {
      throw SqlError(sqlstate::kInvalidTimeZoneDisplacement,
                     "time zone displacement out of range: \"" + std::string(text_) + "\"");
    }
    p_.offset = static_cast<int32_t>(sign * (h * 3600 + m * 60 + s));
  }

  void Word() {
    size_t start = i_;
    while (i_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[i_])) ||
                                 text_[i_] == '/' || text_[i_] == '_' ||
                                 (text_[i_] == '-' && text_.substr(start, i_ - start).find('/') !=
                                                          std::string_view::npos) ||
                                 (text_[i_] == '+' && text_.substr(start, i_ - start).find('/') !=
                                                          std::string_view::npos))) {
      ++i_;
    }
    std::string_view raw = text_.substr(start, i_ - start);
    std::string w = dt::LowerAscii(raw);
    if (w.size() == 1 && w == "z") return SetOffset(0);
    for (int m = 0; m < 12; ++m) {
      if (w == kMonths[m] || w == kMonthsLong[m] || (m == 8 && w == "sept")) {
        if (p_.month) Syntax();
        p_.month = m + 1;
        return;
      }
    }
    for (const char* d : kWeekdays) {
      if (w == d) return;
    }
    if (w == "am" || w == "a.m.") return void(p_.ampm = 1);
    if (w == "pm") return void(p_.ampm = 2);
    if (w == "bc") return void(p_.bc = true);
    if (w == "ad" || w == "at" || w == "on") return;
    if (w == "allballs") return Finish(0, 0, 0);
    for (const Abbrev& a : kAbbrevs) {
      if (w == a.name) return SetOffset(a.offset);
    }
    if (ctx_.zones != nullptr) {
      if (auto zone = ctx_.zones->Find(raw)) {
        if (p_.zone || p_.offset) Syntax();
        p_.zone = std::move(zone);
        return;
      }
      // Like PostgreSQL: a word that looks like a zone path is reported as an unknown
      // zone; any other unknown word is a syntax error.
      if (raw.find('/') != std::string_view::npos) {
        throw SqlError(sqlstate::kInvalidParameterValue, "time zone \"" + w + "\" not recognized");
      }
    }
    Syntax();
  }

  void SetOffset(int32_t offset) {
    if (p_.offset || p_.zone) Syntax();
    p_.offset = offset;
  }

  std::string_view text_;
  Target target_;
  const DateTimeContext& ctx_;
  size_t i_ = 0;
  Parsed p_;
};

int64_t StartOfLocalDay(int64_t local_micros) {
  return civil::FloorDiv(local_micros, kMicrosPerDay) * kMicrosPerDay;
}

enum class Kind { kInfinity, kNegInfinity, kEpoch, kUtc, kLocal, kDays };
struct Result {
  int64_t value;
  Kind kind;
};

// Reads `n` digits at text[at]; -1 when any is not a digit.
int Digits(std::string_view text, size_t at, size_t n) {
  if (at + n > text.size()) return -1;
  int v = 0;
  for (size_t i = at; i < at + n; i++) {
    unsigned d = static_cast<unsigned char>(text[i]) - '0';
    if (d > 9) return -1;
    v = v * 10 + static_cast<int>(d);
  }
  return v;
}

// The form COPY and drivers send nearly always: 'YYYY-MM-DD[( |T)HH:MM:SS[.f…f][±HH[:MM]]]'
// with ordinary values, read without the general parser. Anything else (other forms,
// 24:00, leap seconds, more than six fraction digits, out-of-range fields) is left to it.
std::optional<Result> ParseIso(std::string_view text, Target target) {
  int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || text[4] != '-' || text[7] != '-' ||
      day > civil::DaysInMonth(year, month)) {
    return std::nullopt;
  }
  int64_t days = civil::DaysFromCivil(year, month, day);
  if (text.size() == 10) {
    return target == Target::kDate ? Result{days, Kind::kDays}
                                   : Result{days * kMicrosPerDay, Kind::kLocal};
  }
  if (target == Target::kDate || (text[10] != ' ' && text[10] != 'T')) return std::nullopt;
  int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  size_t i = 19;
  int64_t micros = 0;
  if (i < text.size() && text[i] == '.') {
    size_t digits = 0;
    for (i++; i < text.size() && text[i] >= '0' && text[i] <= '9'; i++, digits++) {
      if (digits == 6) return std::nullopt;  // PostgreSQL rounds; the parser does that
      micros = micros * 10 + (text[i] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 6; digits++) micros *= 10;
  }
  int64_t local = days * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
                  int64_t{second} * kMicrosPerSecond + micros;
  if (i == text.size()) return Result{local, Kind::kLocal};
  if (text[i] != '+' && text[i] != '-') return std::nullopt;
  int sign = text[i] == '+' ? 1 : -1;
  int off_hour = Digits(text, i + 1, 2), off_minute = 0;
  i += 3;
  if (i < text.size() && text[i] == ':') {
    off_minute = Digits(text, i + 1, 2);
    i += 3;
  }
  if (off_hour < 0 || off_hour > 15 || off_minute < 0 || off_minute > 59 || i != text.size()) {
    return std::nullopt;
  }
  if (target == Target::kTimestamp) return Result{local, Kind::kLocal};  // offset ignored
  int64_t offset = sign * (off_hour * kMicrosPerHour + off_minute * kMicrosPerMinute);
  return Result{local - offset, Kind::kUtc};
}

Result ParseAny(std::string_view text, Target target, const DateTimeContext& ctx) {
  if (text.size() >= 10) {
    if (std::optional<Result> iso = ParseIso(text, target)) return *iso;
  }
  Parser parser(text, target, ctx);
  Parsed p = parser.Run();
  const TimeZone& tz = ctx.zone();
  if (!p.special.empty()) {
    const std::string& w = p.special;
    if (w == "infinity") return {0, Kind::kInfinity};
    if (w == "-infinity") return {0, Kind::kNegInfinity};
    if (w == "epoch") return {0, Kind::kEpoch};
    if (w == "now") return {ctx.now_micros, Kind::kUtc};
    int64_t today = StartOfLocalDay(tz.UtcToLocal(ctx.now_micros));
    if (w == "tomorrow") today += kMicrosPerDay;
    if (w == "yesterday") today -= kMicrosPerDay;
    return {today, Kind::kLocal};
  }
  if (!p.year || !p.month || !p.day) parser.Syntax();
  if (p.ampm != 0) {
    if (p.hour > 12) parser.Range();
    if (p.ampm == 1 && p.hour == 12) p.hour = 0;
    if (p.ampm == 2 && p.hour != 12) p.hour += 12;
  }
  int64_t year = *p.year;
  if (p.bc) {
    if (year <= 0) parser.Range();
    year = 1 - year;
  } else if (year == 0) {
    parser.Range();
  }
  if (*p.day > civil::DaysInMonth(year, *p.month)) parser.Range();
  const char* what = target == Target::kDate ? "date" : "timestamp";
  auto out_of_range = [&] {
    return SqlError(sqlstate::kDatetimeFieldOverflow,
                    std::string(what) + " out of range: \"" + std::string(text) + "\"");
  };
  if (year < -4713 || year > 5874897) throw out_of_range();
  int64_t days = civil::DaysFromCivil(year, *p.month, *p.day);
  if (target == Target::kDate) {
    if (days < dt::kMinDate || days > dt::kMaxDate) throw out_of_range();
    return {days, Kind::kDays};
  }
  __int128 local = static_cast<__int128>(days) * kMicrosPerDay + p.hour * kMicrosPerHour +
                   p.minute * kMicrosPerMinute + int64_t{p.second} * kMicrosPerSecond + p.micros;
  if (!dt::TimestampInRange(local)) throw out_of_range();
  int64_t v = static_cast<int64_t>(local);
  if (target == Target::kTimestampTz) {
    if (p.offset) return {v - int64_t{*p.offset} * kMicrosPerSecond, Kind::kUtc};
    if (p.zone) return {p.zone->LocalToUtc(v), Kind::kUtc};
  }
  return {v, Kind::kLocal};
}

}  // namespace

int64_t ParseDate(std::string_view text, const DateTimeContext& ctx) {
  Result r = ParseAny(text, Target::kDate, ctx);
  switch (r.kind) {
    case Kind::kInfinity:
      return kDateInfinity;
    case Kind::kNegInfinity:
      return kDateNegInfinity;
    case Kind::kEpoch:
      return 0;
    case Kind::kUtc:
      return civil::FloorDiv(ctx.zone().UtcToLocal(r.value), kMicrosPerDay);
    case Kind::kLocal:
      return civil::FloorDiv(r.value, kMicrosPerDay);
    case Kind::kDays:
      break;
  }
  return r.value;
}

namespace {

// The canonical form "YYYY-MM-DD HH:MM:SS[.f...]" (a 'T' may stand for the space; up to
// six fraction digits) read without the general parser: COPY reads millions of them.
// Anything else, out-of-range fields included (24:00:00, day 31 of a 30-day month, year
// 0), is nullopt, for ParseAny to accept or to report as PostgreSQL does.
std::optional<int64_t> ParseCanonicalLocal(std::string_view s) {
  const size_t n = s.size();
  if (n < 19 || n == 20 || n > 26) return std::nullopt;
  int value = 0;
  auto number = [&](size_t from, size_t digits) __attribute__((always_inline)) {
    value = 0;
    for (size_t i = from; i < from + digits; i++) {
      auto d = static_cast<unsigned>(s[i] - '0');
      if (d > 9) return false;
      value = value * 10 + static_cast<int>(d);
    }
    return true;
  };
  if (s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' ||
      s[16] != ':' || (n > 19 && s[19] != '.')) {
    return std::nullopt;
  }
  if (!number(0, 4) || value == 0) return std::nullopt;
  const int year = value;
  if (!number(5, 2) || value < 1 || value > 12) return std::nullopt;
  const int month = value;
  if (!number(8, 2) || value < 1 || value > civil::DaysInMonth(year, month)) return std::nullopt;
  const int day = value;
  if (!number(11, 2) || value > 23) return std::nullopt;
  const int hour = value;
  if (!number(14, 2) || value > 59) return std::nullopt;
  const int minute = value;
  if (!number(17, 2) || value > 59) return std::nullopt;
  const int second = value;
  int64_t micros = 0;
  if (n > 19) {
    if (!number(20, n - 20)) return std::nullopt;
    micros = value;
    for (size_t k = n - 20; k < 6; k++) micros *= 10;
  }
  return civil::DaysFromCivil(year, month, day) * kMicrosPerDay + hour * kMicrosPerHour +
         minute * kMicrosPerMinute + second * kMicrosPerSecond + micros;
}

}  // namespace

int64_t ParseTimestamp(std::string_view text, const DateTimeContext& ctx) {
  if (std::optional<int64_t> v = ParseCanonicalLocal(text)) return *v;
  Result r = ParseAny(text, Target::kTimestamp, ctx);
  switch (r.kind) {
    case Kind::kInfinity:
      return kTimestampInfinity;
    case Kind::kNegInfinity:
      return kTimestampNegInfinity;
    case Kind::kEpoch:
      return 0;
    case Kind::kUtc:
      return ctx.zone().UtcToLocal(r.value);
    default:
      return r.value;
  }
}

int64_t ParseTimestampTz(std::string_view text, const DateTimeContext& ctx) {
  if (std::optional<int64_t> v = ParseCanonicalLocal(text)) return ctx.zone().LocalToUtc(*v);
  Result r = ParseAny(text, Target::kTimestampTz, ctx);
  switch (r.kind) {
    case Kind::kInfinity:
      return kTimestampInfinity;
    case Kind::kNegInfinity:
      return kTimestampNegInfinity;
    case Kind::kEpoch:
      return 0;
    case Kind::kLocal:
      return ctx.zone().LocalToUtc(r.value);
    default:
      return r.value;
  }
}

std::optional<int32_t> ZoneAbbreviationOffset(std::string_view abbreviation) {
  std::string lower = dt::LowerAscii(abbreviation);
  for (const Abbrev& a : kAbbrevs) {
    if (lower == a.name) return a.offset;
  }
  return std::nullopt;
}

}  // namespace firn
