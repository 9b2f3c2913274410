// The templates of PostgreSQL's "Data Type Formatting Functions": to_char of timestamps and
// intervals (formatting, datetime_template.cc), to_timestamp and to_date (parsing,
// datetime_from_char.cc) over one template reader: patterns (HH24, YYYY, Month, IW, TZ, ...)
// with the FM and TM prefixes and the TH/th suffix, double-quoted literal text, everything
// else literal. The number templates (number_template.cc) share the literal reader.
// Internal to src/exec/function/. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "types/value.h"

namespace firn::function_internal {

enum class DatePat {
  kAmPm,
  kAmPmDots,
  kHH,
  kHH24,
  kMI,
  kSS,
  kMS,
  kUS,
  kFF,
  kSSSS,
  kYCommaYYY,
  kYYYY,
  kYYY,
  kYY,
  kY,
  kIYYY,
  kIYY,
  kIY,
  kI,
  kBcAd,
  kBcAdDots,
  kMonth,
  kMon,
  kMM,
  kDay,
  kDy,
  kDDD,
  kIDDD,
  kDD,
  kD,
  kID,
  kW,
  kWW,
  kIW,
  kCC,
  kJ,
  kQ,
  kRM,
  kTZ,
  kTZH,
  kTZM,
  kOF,
  kFX,
};
enum class DateLetters { kUpper, kCapital, kLower };

// One datetime pattern as written ("HH12" and "HH" are both kHH; the text is what errors name).
struct DatePattern {
  std::string_view text;
  DatePat pat;
  DateLetters letters = DateLetters::kUpper;
  int digits = 0;  // FF1..FF6
};

// One element of a read template: a pattern with its prefixes and suffix, or one literal
// character (a separator is ASCII punctuation outside quotes, as PostgreSQL classifies them
// for parsing; quoted characters are always kChar).
struct DateTemplateNode {
  enum class Kind { kPattern, kSeparator, kSpace, kChar };
  Kind kind = Kind::kChar;
  const DatePattern* pattern = nullptr;  // for kPattern
  bool fm = false, tm = false, th = false, upper_th = false;
  std::string text;  // the character, for the other kinds
};

// Reads a datetime template left to right: an optional FM/TM prefix, then the longest pattern
// at that position (case matters: "Month" and "MONTH" differ, "Mm" is no pattern), then an
// optional TH/th/SP suffix; a prefix without a pattern after it is dropped, as in PostgreSQL.
std::vector<DateTemplateNode> ReadDateTemplate(std::string_view format);

// Reads the literal text at format[*i] (which starts no pattern): a double-quoted run, in which
// a backslash takes the next character literally, or one character, where a backslash before
// '"' stands for '"'. Calls emit(character, quoted) per (UTF-8) character; advances *i.
template <typename Emit>
void ReadTemplateLiteral(std::string_view format, size_t* i, Emit emit) {
  auto one = [&](size_t at) {
    unsigned char c = static_cast<unsigned char>(format[at]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    return format.substr(at, n);
  };
  if (format[*i] == '"') {
    for (++*i; *i < format.size() && format[*i] != '"';) {
      if (format[*i] == '\\' && *i + 1 < format.size()) ++*i;
      std::string_view ch = one(*i);
      emit(ch, true);
      *i += ch.size();
    }
    if (*i < format.size()) ++*i;  // the closing quote
    return;
  }
  if (format[*i] == '\\' && *i + 1 < format.size() && format[*i + 1] == '"') ++*i;
  std::string_view ch = one(*i);
  emit(ch, false);
  *i += ch.size();
}

// to_char(timestamp | timestamptz, format) of the wall-clock time `local_micros` (microseconds
// since 1970-01-01). `utc_offset` (seconds east) and `zone_abbreviation` are what TZH, TZM,
// OF and TZ print: 0 and "" for a timestamp. nullopt (SQL NULL) for an infinite value or an
// empty format, as in PostgreSQL 15.
std::optional<std::string> ToCharTimestamp(int64_t local_micros, std::string_view format,
                                           int32_t utc_offset, std::string_view zone_abbreviation);

// to_char(interval, format): fields are the interval's own (years, months, days, hours that may
// exceed 23, signs kept). Calendar-only patterns (Month, Day, D, ID, AD/BC, TZ, TZH, TZM, OF)
// are 22007 "invalid format specification for an interval value". nullopt for an empty format.
std::optional<std::string> ToCharInterval(const Interval& iv, std::string_view format);

// What to_timestamp / to_date read from a string: the wall-clock time (microseconds since
// 1970-01-01, already checked against the calendar) and, when TZH/TZM gave one, the UTC
// offset in seconds east.
struct ParsedDateTime {
  int64_t local_micros = 0;
  std::optional<int32_t> utc_offset;
};

// to_timestamp(input, format)'s reading of `input` (datetime_from_char.cc). Errors as
// PostgreSQL 15's: 22007 for input that does not fit the template, 22008 for out-of-range
// fields or results, 22009 for a bad TZH/TZM, 0A000 for TZ and OF (to_char only in 15).
ParsedDateTime ToTimestampFromChar(std::string_view input, std::string_view format);

// Whether `micros` (since 1970-01-01) is within the timestamps PostgreSQL and Firn both hold.
bool TimestampInRange(__int128 micros);

// to_date(input, format): the day number (days since 1970-01-01); 22008 "date out of range".
int64_t ToDateFromChar(std::string_view input, std::string_view format);

}  // namespace firn::function_internal
