// The datetime template reader and to_char's formatter. Literal text is copied. Numbers are printed
// like C's "%0*d" (the sign counts in the width); interval fields that may be negative get
// one more column for the sign where PostgreSQL gives one.
#include "exec/function/datetime_template.h"

#include <array>
#include <cctype>
#include <cstdlib>
#include <utility>

#include "common/sql_error.h"
#include "types/civil.h"
#include "types/datetime.h"

namespace firn::function_internal {
namespace {

using Pat = DatePat;
using Letters = DateLetters;
using Pattern = DatePattern;
constexpr Letters U = Letters::kUpper, C = Letters::kCapital, L = Letters::kLower;

// PostgreSQL 15's to_char patterns. Numeric ones are also accepted in lower case.
constexpr Pattern kPatterns[] = {
    {"A.D.", Pat::kBcAdDots, U},
    {"A.M.", Pat::kAmPmDots, U},
    {"AD", Pat::kBcAd, U},
    {"AM", Pat::kAmPm, U},
    {"B.C.", Pat::kBcAdDots, U},
    {"BC", Pat::kBcAd, U},
    {"CC", Pat::kCC},
    {"DAY", Pat::kDay, U},
    {"DDD", Pat::kDDD},
    {"DD", Pat::kDD},
    {"DY", Pat::kDy, U},
    {"Day", Pat::kDay, C},
    {"Dy", Pat::kDy, C},
    {"D", Pat::kD},
    {"FF1", Pat::kFF, U, 1},
    {"FF2", Pat::kFF, U, 2},
    {"FF3", Pat::kFF, U, 3},
    {"FF4", Pat::kFF, U, 4},
    {"FF5", Pat::kFF, U, 5},
    {"FF6", Pat::kFF, U, 6},
    {"FX", Pat::kFX},
    {"HH24", Pat::kHH24},
    {"HH12", Pat::kHH},
    {"HH", Pat::kHH},
    {"IDDD", Pat::kIDDD},
    {"ID", Pat::kID},
    {"IW", Pat::kIW},
    {"IYYY", Pat::kIYYY},
    {"IYY", Pat::kIYY},
    {"IY", Pat::kIY},
    {"I", Pat::kI},
    {"J", Pat::kJ},
    {"MI", Pat::kMI},
    {"MM", Pat::kMM},
    {"MONTH", Pat::kMonth, U},
    {"MON", Pat::kMon, U},
    {"MS", Pat::kMS},
    {"Month", Pat::kMonth, C},
    {"Mon", Pat::kMon, C},
    {"OF", Pat::kOF},
    {"P.M.", Pat::kAmPmDots, U},
    {"PM", Pat::kAmPm, U},
    {"Q", Pat::kQ},
    {"RM", Pat::kRM, U},
    {"SSSSS", Pat::kSSSS},
    {"SSSS", Pat::kSSSS},
    {"SS", Pat::kSS},
    {"TZH", Pat::kTZH},
    {"TZM", Pat::kTZM},
    {"TZ", Pat::kTZ, U},
    {"US", Pat::kUS},
    {"WW", Pat::kWW},
    {"W", Pat::kW},
    {"Y,YYY", Pat::kYCommaYYY},
    {"YYYY", Pat::kYYYY},
    {"YYY", Pat::kYYY},
    {"YY", Pat::kYY},
    {"Y", Pat::kY},
    {"a.d.", Pat::kBcAdDots, L},
    {"a.m.", Pat::kAmPmDots, L},
    {"ad", Pat::kBcAd, L},
    {"am", Pat::kAmPm, L},
    {"b.c.", Pat::kBcAdDots, L},
    {"bc", Pat::kBcAd, L},
    {"cc", Pat::kCC},
    {"day", Pat::kDay, L},
    {"ddd", Pat::kDDD},
    {"dd", Pat::kDD},
    {"dy", Pat::kDy, L},
    {"d", Pat::kD},
    {"ff1", Pat::kFF, U, 1},
    {"ff2", Pat::kFF, U, 2},
    {"ff3", Pat::kFF, U, 3},
    {"ff4", Pat::kFF, U, 4},
    {"ff5", Pat::kFF, U, 5},
    {"ff6", Pat::kFF, U, 6},
    {"fx", Pat::kFX},
    {"hh24", Pat::kHH24},
    {"hh12", Pat::kHH},
    {"hh", Pat::kHH},
    {"iddd", Pat::kIDDD},
    {"id", Pat::kID},
    {"iw", Pat::kIW},
    {"iyyy", Pat::kIYYY},
    {"iyy", Pat::kIYY},
    {"iy", Pat::kIY},
    {"i", Pat::kI},
    {"j", Pat::kJ},
    {"mi", Pat::kMI},
    {"mm", Pat::kMM},
    {"month", Pat::kMonth, L},
    {"mon", Pat::kMon, L},
    {"ms", Pat::kMS},
    {"of", Pat::kOF},
    {"p.m.", Pat::kAmPmDots, L},
    {"pm", Pat::kAmPm, L},
    {"q", Pat::kQ},
    {"rm", Pat::kRM, L},
    {"sssss", Pat::kSSSS},
    {"ssss", Pat::kSSSS},
    {"ss", Pat::kSS},
    {"tzh", Pat::kTZH},
    {"tzm", Pat::kTZM},
    {"tz", Pat::kTZ, L},
    {"us", Pat::kUS},
    {"ww", Pat::kWW},
    {"w", Pat::kW},
    {"y,yyy", Pat::kYCommaYYY},
    {"yyyy", Pat::kYYYY},
    {"yyy", Pat::kYYY},
    {"yy", Pat::kYY},
    {"y", Pat::kY},
};

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kDayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kRomanMonths = {"I",   "II",   "III", "IV", "V",  "VI",
                                                           "VII", "VIII", "IX",  "X",  "XI", "XII"};

// Julian day number of 1970-01-01 (J prints Julian days).
constexpr int64_t kUnixEpochJulianDay = 2440588;

// The value being formatted, broken down as PostgreSQL's struct pg_tm holds it.
struct Broken {
  bool interval = false;
  int64_t year = 0;   // astronomical (0 = 1 BC); for intervals months / 12
  int64_t month = 1;  // 1..12; for intervals months % 12, signed
  int64_t mday = 1;   // for intervals the days
  int64_t hour = 0, minute = 0, second = 0, micros = 0;  // signed for intervals
  int64_t yday = 1;  // day of year; for intervals (months * 30 + days)
  int64_t days = 0;  // day number (since 1970) of year-month-mday
  int32_t offset = 0;
  std::string_view zone;
};

const Pattern* MatchPattern(std::string_view rest) {
  const Pattern* best = nullptr;
  for (const Pattern& p : kPatterns) {
    if (rest.substr(0, p.text.size()) == p.text &&
        (best == nullptr || p.text.size() > best->text.size())) {
      best = &p;
    }
  }
  return best;
}

[[noreturn]] void ThrowIntervalFormat() {
  throw SqlError(sqlstate::kInvalidDatetimeFormat,
                 "invalid format specification for an interval value")
      .WithHint("Intervals are not tied to specific calendar dates.");
}

// Appends `v` as C's "%0*lld" with `width` does: zero-padded, the sign counting in the width.
void AppendPadded(int64_t v, int width, std::string* out) {
  std::string digits = std::to_string(v < 0 ? -static_cast<uint64_t>(v) : static_cast<uint64_t>(v));
  if (v < 0) out->push_back('-');
  int pad = width - static_cast<int>(digits.size()) - (v < 0 ? 1 : 0);
  if (pad > 0) out->append(static_cast<size_t>(pad), '0');
  out->append(digits);
}

// Appends the English ordinal suffix of the number that `out` ends with.
void AppendOrdinal(bool upper, std::string* out) {
  if (out->empty()) return;
  char last = out->back();
  const char* suffix = "th";
  bool teen = out->size() >= 2 && (*out)[out->size() - 2] == '1';
  if (!teen && last == '1') suffix = "st";
  if (!teen && last == '2') suffix = "nd";
  if (!teen && last == '3') suffix = "rd";
  for (const char* c = suffix; *c; ++c) out->push_back(upper ? static_cast<char>(*c - 32) : *c);
}

void AppendCased(std::string_view text, Letters letters, std::string* out) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool up = letters == Letters::kUpper || (letters == Letters::kCapital && i == 0);
    if (up && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (!up && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    out->push_back(c);
  }
}

// Month and day names are padded to 9 characters unless FM or TM is given.
void AppendName(std::string_view name, Letters letters, bool pad, std::string* out) {
  AppendCased(name, letters, out);
  if (pad && name.size() < 9) out->append(9 - name.size(), ' ');
}

int64_t PowerOf10(int n) {
  int64_t v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

// Appends one pattern's output. `fm` suppresses padding, `tm` only drops names' padding.
void AppendPattern(const Pattern& p, const Broken& b, bool fm, bool tm, std::string* out) {
  // A field that may be negative in an interval gets one more column for its sign.
  auto num = [&](int64_t v, int width, bool sign_column) {
    AppendPadded(v, fm ? 0 : width + (sign_column ? 1 : 0), out);
  };
  // Years print without sign for BC timestamps (1 BC is year 0 in the calendar).
  auto adjust = [&](int64_t y) { return b.interval || y > 0 ? y : 1 - y; };
  const int64_t year = adjust(b.year);
  const bool negative_year = year < 0;
  const bool is_pm = b.hour % 24 >= 12;
  switch (p.pat) {
    case Pat::kAmPm:
      return AppendCased(is_pm ? "PM" : "AM", p.letters, out);
    case Pat::kAmPmDots:
      return AppendCased(is_pm ? "P.M." : "A.M.", p.letters, out);
    case Pat::kHH: {
      int64_t h = b.hour % 12;
      return num(h == 0 ? 12 : h, 2, b.hour < 0);
    }
    case Pat::kHH24:
      return num(b.hour, 2, b.hour < 0);
    case Pat::kMI:
      return num(b.minute, 2, b.minute < 0);
    case Pat::kSS:
      return num(b.second, 2, b.second < 0);
    case Pat::kMS:
      return num(b.micros / 1000, 3, b.micros < 0);
    case Pat::kUS:
      return num(b.micros, 6, b.micros < 0);
    case Pat::kFF:
      return num(b.micros / PowerOf10(6 - p.digits), p.digits, b.micros < 0);
    case Pat::kSSSS:
      return AppendPadded(b.hour * 3600 + b.minute * 60 + b.second, 0, out);
    case Pat::kYCommaYYY:
      AppendPadded(year / 1000, 0, out);
      out->push_back(',');
      return AppendPadded(year % 1000, 3, out);
    case Pat::kYYYY:
      return num(year, 4, negative_year);
    case Pat::kYYY:
      return num(year % 1000, 3, negative_year);
    case Pat::kYY:
      return num(year % 100, 2, negative_year);
    case Pat::kY:
      return num(year % 10, 1, negative_year);
    case Pat::kIYYY:
    case Pat::kIYY:
    case Pat::kIY:
    case Pat::kI: {
      const int64_t iso = adjust(civil::IsoYearOf(b.days).year);
      if (p.pat == Pat::kIYYY) return num(iso, 4, negative_year);
      if (p.pat == Pat::kIYY) return num(iso % 1000, 3, negative_year);
      if (p.pat == Pat::kIY) return num(iso % 100, 2, negative_year);
      return num(iso % 10, 1, negative_year);
    }
    case Pat::kBcAd:
      if (b.interval) ThrowIntervalFormat();
      return AppendCased(b.year <= 0 ? "BC" : "AD", p.letters, out);
    case Pat::kBcAdDots:
      if (b.interval) ThrowIntervalFormat();
      return AppendCased(b.year <= 0 ? "B.C." : "A.D.", p.letters, out);
    case Pat::kMonth:
      if (b.interval) ThrowIntervalFormat();
      return AppendName(kMonthNames[b.month - 1], p.letters, !fm && !tm, out);
    case Pat::kMon:
      if (b.interval) ThrowIntervalFormat();
      return AppendCased(kMonthNames[b.month - 1].substr(0, 3), p.letters, out);
    case Pat::kMM:
      return num(b.month, 2, b.month < 0);
    case Pat::kDay:
      if (b.interval) ThrowIntervalFormat();
      return AppendName(kDayNames[civil::WeekdayFromDays(b.days)], p.letters, !fm && !tm, out);
    case Pat::kDy:
      if (b.interval) ThrowIntervalFormat();
      return AppendCased(kDayNames[civil::WeekdayFromDays(b.days)].substr(0, 3), p.letters, out);
    case Pat::kDDD:
      return num(b.yday, 3, false);
    case Pat::kIDDD:
      return num(b.days - civil::IsoYearOf(b.days).first_monday + 1, 3, false);
    case Pat::kDD:
      return num(b.mday, 2, false);
    case Pat::kD:
      if (b.interval) ThrowIntervalFormat();
      return AppendPadded(civil::WeekdayFromDays(b.days) + 1, 0, out);
    case Pat::kID:
      if (b.interval) ThrowIntervalFormat();
      return AppendPadded(civil::IsoWeekdayFromDays(b.days), 0, out);
    case Pat::kW:
      return AppendPadded((b.mday - 1) / 7 + 1, 0, out);
    case Pat::kWW:
      return num((b.yday - 1) / 7 + 1, 2, false);
    case Pat::kIW:
      return num(civil::IsoWeekFromDays(b.days), 2, false);
    case Pat::kCC: {
      int64_t cc = b.interval   ? b.year / 100
                   : b.year > 0 ? (b.year + 99) / 100
                                : -((99 - (b.year - 1)) / 100);
      if (cc > 99 || cc < -99) return AppendPadded(cc, 0, out);
      return AppendPadded(cc, fm ? 0 : cc >= 0 ? 2 : 3, out);
    }
    case Pat::kJ:
      return AppendPadded(b.days + kUnixEpochJulianDay, 0, out);
    case Pat::kQ:
      if (b.month == 0) return;  // an interval of whole years
      return AppendPadded((b.month - 1) / 3 + 1, 0, out);
    case Pat::kRM: {
      if (b.month == 0 && b.year == 0) return;
      // An interval's -1 month is December, -2 November ...; whole years are XII or I.
      int64_t m = b.month > 0 ? b.month : b.month < 0 ? 13 + b.month : b.year >= 0 ? 12 : 1;
      std::string_view roman = kRomanMonths[static_cast<size_t>(m - 1)];
      AppendCased(roman, p.letters, out);
      if (!fm && roman.size() < 4) out->append(4 - roman.size(), ' ');
      return;
    }
    case Pat::kTZ:
      if (b.interval) ThrowIntervalFormat();
      return AppendCased(b.zone, p.letters, out);
    case Pat::kTZH:
      if (b.interval) ThrowIntervalFormat();
      out->push_back(b.offset >= 0 ? '+' : '-');
      return AppendPadded(std::abs(b.offset) / 3600, 2, out);
    case Pat::kTZM:
      if (b.interval) ThrowIntervalFormat();
      return AppendPadded(std::abs(b.offset) / 60 % 60, 2, out);
    case Pat::kOF: {
      if (b.interval) ThrowIntervalFormat();
      out->push_back(b.offset >= 0 ? '+' : '-');
      AppendPadded(std::abs(b.offset) / 3600, fm ? 0 : 2, out);
      int minutes = std::abs(b.offset) / 60 % 60;
      if (minutes != 0) {
        out->push_back(':');
        AppendPadded(minutes, 2, out);
      }
      return;
    }
    case Pat::kFX:
      return;
  }
}

// True for the patterns that print a number, the ones TH/th give an ordinal suffix.
bool IsNumeric(Pat p) {
  switch (p) {
    case Pat::kAmPm:
    case Pat::kAmPmDots:
    case Pat::kBcAd:
    case Pat::kBcAdDots:
    case Pat::kMonth:
    case Pat::kMon:
    case Pat::kDay:
    case Pat::kDy:
    case Pat::kRM:
    case Pat::kTZ:
    case Pat::kTZH:
    case Pat::kTZM:
    case Pat::kOF:
    case Pat::kFX:
      return false;
    default:
      return true;
  }
}

std::optional<std::string> Format(const Broken& b, std::string_view format) {
  if (format.empty()) return std::nullopt;
  std::string out;
  for (const DateTemplateNode& n : ReadDateTemplate(format)) {
    if (n.kind != DateTemplateNode::Kind::kPattern) {
      out += n.text;
      continue;
    }
    size_t before = out.size();
    AppendPattern(*n.pattern, b, n.fm, n.tm, &out);
    if (n.th && IsNumeric(n.pattern->pat) && out.size() > before) AppendOrdinal(n.upper_th, &out);
  }
  return out;
}

bool StartsWith(std::string_view s, size_t at, std::string_view prefix) {
  return s.substr(at, prefix.size()) == prefix;
}

bool IsSeparatorChar(std::string_view ch) {
  unsigned char c = static_cast<unsigned char>(ch[0]);
  return c > 0x20 && c < 0x7F && !std::isalnum(c);
}

}  // namespace

std::vector<DateTemplateNode> ReadDateTemplate(std::string_view format) {
  std::vector<DateTemplateNode> nodes;
  size_t i = 0;
  while (i < format.size()) {
    DateTemplateNode n;
    if (StartsWith(format, i, "FM") || StartsWith(format, i, "fm")) {
      n.fm = true;
      i += 2;
    } else if (StartsWith(format, i, "TM") || StartsWith(format, i, "tm")) {
      n.tm = true;
      i += 2;
    }
    if (i >= format.size()) break;
    if (const Pattern* p = MatchPattern(format.substr(i))) {
      i += p->text.size();
      n.kind = DateTemplateNode::Kind::kPattern;
      n.pattern = p;
      if (StartsWith(format, i, "TH") || StartsWith(format, i, "th")) {
        n.th = true;
        n.upper_th = format[i] == 'T';
        i += 2;
      } else if (StartsWith(format, i, "SP")) {
        i += 2;  // "spell mode" has never printed or read anything different
      }
      nodes.push_back(std::move(n));
      continue;
    }
    ReadTemplateLiteral(format, &i, [&](std::string_view ch, bool quoted) {
      DateTemplateNode c;
      c.text = std::string(ch);
      if (!quoted && IsSeparatorChar(ch)) {
        c.kind = DateTemplateNode::Kind::kSeparator;
      } else if (!quoted && std::isspace(static_cast<unsigned char>(ch[0]))) {
        c.kind = DateTemplateNode::Kind::kSpace;
      }
      nodes.push_back(std::move(c));
    });
  }
  return nodes;
}

std::optional<std::string> ToCharTimestamp(int64_t local_micros, std::string_view format,
                                           int32_t utc_offset, std::string_view zone_abbreviation) {
  if (!IsTimestampFinite(local_micros)) return std::nullopt;
  Broken b;
  b.days = civil::FloorDiv(local_micros, kMicrosPerDay);
  int64_t time = local_micros - b.days * kMicrosPerDay;
  civil::YearMonthDay ymd = civil::CivilFromDays(b.days);
  b.year = ymd.year;
  b.month = ymd.month;
  b.mday = ymd.day;
  b.yday = b.days - civil::DaysFromCivil(ymd.year, 1, 1) + 1;
  b.hour = time / kMicrosPerHour;
  b.minute = time / kMicrosPerMinute % 60;
  b.second = time / kMicrosPerSecond % 60;
  b.micros = time % kMicrosPerSecond;
  b.offset = utc_offset;
  b.zone = zone_abbreviation;
  return Format(b, format);
}

std::optional<std::string> ToCharInterval(const Interval& iv, std::string_view format) {
  Broken b;
  b.interval = true;
  b.year = iv.months / 12;
  b.month = iv.months % 12;
  b.mday = iv.days;
  b.hour = iv.micros / kMicrosPerHour;
  b.minute = iv.micros / kMicrosPerMinute % 60;
  b.second = iv.micros / kMicrosPerSecond % 60;
  b.micros = iv.micros % kMicrosPerSecond;
  b.yday = (b.year * 12 + b.month) * 30 + b.mday;
  // Week and Julian-day patterns read the fields as a date, month 0 being December of the
  // year before and day 0 the last day of the month before, as PostgreSQL's date2j does.
  int64_t month0 = b.month - 1;
  b.days = civil::DaysFromCivil(b.year + civil::FloorDiv(month0, 12),
                                static_cast<int>(civil::FloorMod(month0, 12)) + 1, 1) +
           b.mday - 1;
  return Format(b, format);
}

}  // namespace firn::function_internal
