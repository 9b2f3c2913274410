// Helpers shared by the datetime*.cc files: range limits, error constructors and the broken-
// down time struct. Not part of the public API. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/sql_error.h"
#include "types/civil.h"
#include "types/datetime.h"

namespace firn::dt {

// PostgreSQL's range: 4714-11-24 BC .. 294276 AD for timestamps (Firn's int64 from 1970
// ends a little earlier), 5874897-12-31 for dates.
inline constexpr int64_t kMinDate = civil::DaysFromCivil(-4713, 11, 24);
inline constexpr int64_t kMaxDate = civil::DaysFromCivil(5874897, 12, 31);
inline constexpr int64_t kMinTimestamp = kMinDate * kMicrosPerDay;
inline constexpr int64_t kMaxTimestamp = INT64_MAX - 1;  // INT64_MAX is +infinity

inline bool TimestampInRange(__int128 ts) { return ts >= kMinTimestamp && ts <= kMaxTimestamp; }

struct Fields {
  int64_t year = 1970;
  int month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;
  int64_t micros = 0;  // 0..999999
};

// Splits microseconds since 1970 into calendar fields. REQUIRES: finite.
inline Fields ToFields(int64_t ts) {
  Fields f;
  int64_t days = civil::FloorDiv(ts, kMicrosPerDay);
  int64_t tod = ts - days * kMicrosPerDay;
  civil::YearMonthDay ymd = civil::CivilFromDays(days);
  f.year = ymd.year;
  f.month = ymd.month;
  f.day = ymd.day;
  f.hour = static_cast<int>(tod / kMicrosPerHour);
  f.minute = static_cast<int>(tod / kMicrosPerMinute % 60);
  f.second = static_cast<int>(tod / kMicrosPerSecond % 60);
  f.micros = tod % kMicrosPerSecond;
  return f;
}

// Inverse of ToFields; returns false when outside the timestamp range.
inline bool FromFields(const Fields& f, int64_t* ts) {
  __int128 days = civil::DaysFromCivil(f.year, f.month, f.day);
  __int128 v = days * kMicrosPerDay + f.hour * kMicrosPerHour + f.minute * kMicrosPerMinute +
               f.second * kMicrosPerSecond + f.micros;
  if (!TimestampInRange(v)) return false;
  *ts = static_cast<int64_t>(v);
  return true;
}

[[noreturn]] inline void ThrowTimestampOutOfRange() {
  throw SqlError(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
}
[[noreturn]] inline void ThrowDateOutOfRange() {
  throw SqlError(sqlstate::kDatetimeFieldOverflow, "date out of range");
}
[[noreturn]] inline void ThrowIntervalOutOfRange() {
  throw SqlError(sqlstate::kDatetimeFieldOverflow, "interval out of range");
}

// Lower-cases ASCII and strips a trailing 's' for plural unit names handled by callers.
std::string LowerAscii(std::string_view s);

// Canonical unit names for date_trunc/extract: "microseconds", "milliseconds", "second",
// "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "century",
// "millennium", "epoch", "dow", "isodow", "doy", "isoyear", "timezone", "timezone_hour",
// "timezone_minute", "julian"; "" when unknown.
std::string CanonicalUnit(std::string_view field);

}  // namespace firn::dt
