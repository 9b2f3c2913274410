// Date/time values with PostgreSQL semantics: text input (datetime_parse.cc, interval_parse.cc),
// ISO-style output (datetime_format.cc), arithmetic (datetime_arith.cc) and
// date_trunc/extract/age (datetime_fields.cc).
// Representation (see value.h): date = days since 1970-01-01 (+/-infinity = INT32 max/min);
// timestamp = wall-clock microseconds since 1970-01-01; timestamptz = UTC microseconds since
// 1970-01-01 (+/-infinity = INT64 max/min); Interval = months, days, microseconds.
// Errors are SqlErrors with PostgreSQL's SQLSTATEs (22007 syntax, 22008 out of range,
// 22023/0A000 bad units). Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "types/numeric.h"
#include "types/timezone.h"
#include "types/value.h"

namespace firn {

inline constexpr int64_t kMicrosPerSecond = 1000000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
inline constexpr int64_t kTimestampInfinity = INT64_MAX;
inline constexpr int64_t kTimestampNegInfinity = INT64_MIN;
inline constexpr int64_t kDateInfinity = INT32_MAX;
inline constexpr int64_t kDateNegInfinity = INT32_MIN;
// PostgreSQL's epoch (2000-01-01) relative to Firn's (1970-01-01), for the binary format.
inline constexpr int64_t kPgEpochDays = 10957;
inline constexpr int64_t kPgEpochMicros = kPgEpochDays * kMicrosPerDay;

inline bool IsTimestampFinite(int64_t ts) {
  return ts != kTimestampInfinity && ts != kTimestampNegInfinity;
}
inline bool IsDateFinite(int64_t d) { return d != kDateInfinity && d != kDateNegInfinity; }

// Session context for input that depends on "now" and on zone names in the text.
struct DateTimeContext {
  const TimeZone* time_zone = nullptr;      // session TimeZone; nullptr = UTC
  int64_t now_micros = 0;                   // UTC instant of now()/'now'/'today'
  const TimeZoneRegistry* zones = nullptr;  // resolves names like 'America/New_York'; optional
  const TimeZone& zone() const { return time_zone != nullptr ? *time_zone : TimeZone::Utc(); }
};

// --- Text input (PostgreSQL's date_in/timestamp_in/timestamptz_in/interval_in) ---
int64_t ParseDate(std::string_view text, const DateTimeContext& ctx);
int64_t ParseTimestamp(std::string_view text, const DateTimeContext& ctx);
int64_t ParseTimestampTz(std::string_view text, const DateTimeContext& ctx);
Interval ParseInterval(std::string_view text);
// The UTC offset (seconds east) of a zone abbreviation PostgreSQL knows ("EST", "cest"; any
// case), or nullopt.
std::optional<int32_t> ZoneAbbreviationOffset(std::string_view abbreviation);

// --- Text output, DateStyle=ISO, IntervalStyle=postgres ---
void AppendDate(int64_t days, std::string* out);         // "2026-01-15", "infinity"
void AppendTimestamp(int64_t micros, std::string* out);  // "2026-01-15 10:00:00.5"
void AppendTimestampTz(int64_t utc_micros, const TimeZone& tz,
                       std::string* out);                   // "2026-01-15 10:00:00+00"
void AppendInterval(const Interval& iv, std::string* out);  // "1 year 2 mons 3 days 04:05:06"
std::string FormatDate(int64_t days);
std::string FormatTimestamp(int64_t micros);
std::string FormatTimestampTz(int64_t utc_micros, const TimeZone& tz);
std::string FormatInterval(const Interval& iv);

// --- Conversions (22008 "date out of range"/"timestamp out of range" on overflow) ---
int64_t DateToTimestamp(int64_t days);
int64_t DateToTimestampTz(int64_t days, const TimeZone& tz);
int64_t TimestampToDate(int64_t ts);
int64_t TimestampTzToDate(int64_t ts, const TimeZone& tz);
int64_t TimestampToTimestampTz(int64_t ts, const TimeZone& tz);
int64_t TimestampTzToTimestamp(int64_t ts, const TimeZone& tz);
// to_timestamp(double): seconds since the Unix epoch -> timestamptz; NaN is 22023.
int64_t ToTimestamp(double seconds);

// --- Arithmetic ---
// timestamp + interval: months first (clamping the day of month), then days, then time.
int64_t TimestampAddInterval(int64_t ts, const Interval& iv);
// timestamptz + interval: month and day steps in the wall clock of `tz`.
int64_t TimestampTzAddInterval(int64_t ts, const Interval& iv, const TimeZone& tz);
int64_t TimestampSubInterval(int64_t ts, const Interval& iv);
int64_t TimestampTzSubInterval(int64_t ts, const Interval& iv, const TimeZone& tz);
// a - b as an interval of days and time (justify_hours), as PostgreSQL's timestamp_mi.
Interval TimestampDiff(int64_t a, int64_t b);
int64_t DateAddDays(int64_t date, int64_t days);            // date + integer
int64_t DateDiff(int64_t a, int64_t b);                     // date - date -> integer days
int64_t DateAddInterval(int64_t date, const Interval& iv);  // -> timestamp
Interval IntervalAdd(const Interval& a, const Interval& b);
Interval IntervalSub(const Interval& a, const Interval& b);
Interval IntervalNeg(const Interval& a);
Interval IntervalMul(const Interval& a, double factor);
Interval IntervalDiv(const Interval& a, double divisor);  // 22012 on zero
// Total-span order: 30-day months, 24-hour days.
int CompareIntervals(const Interval& a, const Interval& b);
Interval JustifyHours(const Interval& a);
Interval JustifyDays(const Interval& a);
Interval JustifyInterval(const Interval& a);
// age(a, b): symbolic difference in years, months, days and time.
Interval AgeTimestamp(int64_t a, int64_t b);
Interval AgeTimestampTz(int64_t a, int64_t b, const TimeZone& tz);

// --- date_trunc / extract (field names are case-insensitive, plurals accepted) ---
int64_t TimestampTrunc(std::string_view field, int64_t ts);
int64_t TimestampTzTrunc(std::string_view field, int64_t ts, const TimeZone& tz);
Interval IntervalTrunc(std::string_view field, const Interval& iv);
// extract(): numeric results as PostgreSQL 14+ returns them; date_part() is ToDouble().
// nullopt is SQL NULL (a non-monotonic field of an infinite value).
std::optional<Numeric> ExtractDate(std::string_view field, int64_t days);
std::optional<Numeric> ExtractTimestamp(std::string_view field, int64_t ts);
std::optional<Numeric> ExtractTimestampTz(std::string_view field, int64_t ts, const TimeZone& tz);
Numeric ExtractInterval(std::string_view field, const Interval& iv);

}  // namespace firn
