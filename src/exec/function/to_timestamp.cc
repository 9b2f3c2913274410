// to_timestamp(text, text) and to_date: the fields read from the string (datetime_from_char.cc)
// combined like PostgreSQL 15's do_to_timestamp: the year from YYYY (or CC with YY, BC
// negating it), the day from DD, DDD, W, WW, J or an ISO week date (IYYY, IW, ID, IDDD), the
// time from HH/HH12 with AM/PM, HH24, MI, SS, SSSS and the fractions; each checked as
// PostgreSQL checks it (a full date only when year, month and day are all given).
#include <cstdint>
#include <optional>
#include <string>

#include "common/sql_error.h"
#include "exec/function/datetime_from_char.h"
#include "exec/function/datetime_template.h"
#include "types/civil.h"
#include "types/datetime.h"

namespace firn::function_internal {
namespace {

// Julian day number of 1970-01-01: PostgreSQL's date2j / j2date work in Julian days.
constexpr int64_t kUnixEpochJulianDay = 2440588;

[[noreturn]] void FieldOverflow(std::string_view input) {
  throw SqlError(sqlstate::kDatetimeFieldOverflow,
                 "date/time field value out of range: \"" + std::string(input) + "\"");
}

// PostgreSQL's struct pg_tm as do_to_timestamp fills it: astronomical year (0 = 1 BC).
struct Tm {
  int64_t year = 0, mon = 1, mday = 1, hour = 0, min = 0, sec = 0, fsec = 0;
};

int64_t DateToJulian(int64_t y, int64_t m, int64_t d) {
  // Months outside 1..12 and days past the month's end count on, as in PostgreSQL's date2j.
  int64_t m0 = m - 1;
  return civil::DaysFromCivil(y + civil::FloorDiv(m0, 12),
                              static_cast<int>(civil::FloorMod(m0, 12)) + 1, 1) +
         d - 1 + kUnixEpochJulianDay;
}

void JulianToDate(int64_t j, Tm* tm) {
  civil::YearMonthDay ymd = civil::CivilFromDays(j - kUnixEpochJulianDay);
  tm->year = ymd.year;
  tm->mon = ymd.month;
  tm->mday = ymd.day;
}

// Julian day of the Monday of ISO week `week` of ISO year `year`.
int64_t IsoWeekToJulian(int64_t year, int64_t week) {
  int64_t day4 = DateToJulian(year, 1, 4);
  int64_t day0 = (day4 - 1 + 1) % 7;  // weekday (Sunday = 0) of January 3rd
  return (week - 1) * 7 + (day4 - day0);
}

// PostgreSQL's do_to_timestamp after the reading: the calendar fields, checked.
Tm Combine(DateFields f, std::string_view input, int* fprec, std::optional<int32_t>* offset) {
  Tm tm;
  bool has_year = false, has_month = false, has_day = false;
  if (f.ssss != 0) {
    tm.hour = f.ssss / 3600;
    tm.min = f.ssss % 3600 / 60;
    tm.sec = f.ssss % 60;
  }
  if (f.ss != 0) tm.sec = f.ss;
  if (f.mi != 0) tm.min = f.mi;
  if (f.hh != 0) tm.hour = f.hh;
  if (f.twelve_hour) {
    if (tm.hour < 1 || tm.hour > 12) {
      throw SqlError(sqlstate::kInvalidDatetimeFormat,
                     "hour \"" + std::to_string(tm.hour) + "\" is invalid for the 12-hour clock")
          .WithHint("Use the 24-hour clock, or give an hour between 1 and 12.");
    }
    if (f.pm != 0 && tm.hour < 12) tm.hour += 12;
    if (f.pm == 0 && tm.hour == 12) tm.hour = 0;
  }
  if (f.year != 0) {
    if (f.cc != 0 && f.yysz <= 2) {
      // YY within century CC; the 21st century runs 2001-2100, 6th century BC 600-501 BC.
      if (f.bc != 0) f.cc = -f.cc;
      tm.year = f.year % 100;
      if (tm.year != 0) {
        tm.year = f.cc >= 0 ? tm.year + (f.cc - 1) * 100 : (f.cc + 1) * 100 - tm.year + 1;
      } else {
        tm.year = f.cc * 100 + (f.cc >= 0 ? 0 : 1);
      }
    } else {
      tm.year = f.bc != 0 ? -f.year : f.year;
      if (tm.year < 0) ++tm.year;
    }
    has_year = true;
  } else if (f.cc != 0) {  // the first year of the century
    if (f.bc != 0) f.cc = -f.cc;
    tm.year = f.cc >= 0 ? (f.cc - 1) * 100 + 1 : f.cc * 100 + 1;
    has_year = true;
  }
  if (f.j != 0) {
    JulianToDate(f.j, &tm);
    has_year = has_month = has_day = true;
  }
  if (f.ww != 0) {
    if (f.mode == DateMode::kIsoWeek) {
      int64_t j = IsoWeekToJulian(tm.year, f.ww);
      if (f.d != 0) j += f.d > 1 ? f.d - 2 : 6;  // Gregorian day numbers, Monday first
      JulianToDate(j, &tm);
      has_year = has_month = has_day = true;
    } else {
      f.ddd = (f.ww - 1) * 7 + 1;
    }
  }
  if (f.w != 0) f.dd = (f.w - 1) * 7 + 1;
  if (f.dd != 0) {
    tm.mday = f.dd;
    has_day = true;
  }
  if (f.mm != 0) {
    tm.mon = f.mm;
    has_month = true;
  }
  if (f.ddd != 0 && (tm.mon <= 1 || tm.mday <= 1)) {
    if (tm.year == 0 && f.bc == 0)
      FailDatetimeFormat("cannot calculate day of year without year information");
    if (f.mode == DateMode::kIsoWeek) {
      JulianToDate(IsoWeekToJulian(tm.year, 1) - 1 + f.ddd, &tm);
      has_year = has_month = has_day = true;
    } else {
      bool leap = civil::IsLeapYear(tm.year);
      int64_t before = 0;  // days of the year before month i
      int i = 1;
      for (; i <= 12; ++i) {
        int64_t through = before + civil::DaysInMonth(leap ? 2000 : 2001, i);
        if (f.ddd <= through) break;
        before = through;
      }
      if (tm.mon <= 1) tm.mon = i;
      if (tm.mday <= 1) tm.mday = f.ddd - before;
      has_month = has_day = true;
    }
  }
  tm.fsec = static_cast<int64_t>(f.ms) * 1000 + f.us;
  *fprec = f.ff;
  // PostgreSQL's ValidateDate; the month-day check needs all three fields.
  bool bad =
      (has_month && (tm.mon < 1 || tm.mon > 12)) || (has_day && (tm.mday < 1 || tm.mday > 31));
  if (!bad && has_year && has_month && has_day) {
    bad = tm.mday > civil::DaysInMonth(tm.year, static_cast<int>(tm.mon));
  }
  if (bad || tm.hour < 0 || tm.hour >= 24 || tm.min < 0 || tm.min >= 60 || tm.sec < 0 ||
      tm.sec >= 60 || tm.fsec < 0 || tm.fsec >= kMicrosPerSecond) {
    FieldOverflow(input);
  }
  if (f.tzsign != 0) {
    if (f.tzh < 0 || f.tzh > 15 || f.tzm < 0 || f.tzm >= 60) {
      throw SqlError(sqlstate::kInvalidTimeZoneDisplacement,
                     "time zone displacement out of range: \"" + std::string(input) + "\"");
    }
    int32_t east = (f.tzh * 60 + f.tzm) * 60;
    *offset = f.tzsign > 0 ? east : -east;
  }
  return tm;
}

Tm ReadTm(std::string_view input, std::string_view format, int* fprec,
          std::optional<int32_t>* offset) {
  return Combine(ReadDateFields(input, format), input, fprec, offset);
}

// PostgreSQL's IS_VALID_JULIAN: from 4714-11-24 BC to 5874898-06-01 (exclusive).
bool IsValidJulian(const Tm& tm) {
  return (tm.year > -4713 || (tm.year == -4713 && tm.mon >= 11)) &&
         (tm.year < 5874898 || (tm.year == 5874898 && tm.mon < 6));
}

}  // namespace

bool TimestampInRange(__int128 micros) {
  const __int128 lo = static_cast<__int128>(civil::DaysFromCivil(-4713, 11, 24)) * kMicrosPerDay;
  const __int128 hi = static_cast<__int128>(civil::DaysFromCivil(294277, 1, 1)) * kMicrosPerDay;
  return micros >= lo && micros < hi && micros < kTimestampInfinity;
}

ParsedDateTime ToTimestampFromChar(std::string_view input, std::string_view format) {
  int fprec = 0;
  ParsedDateTime r;
  Tm tm = ReadTm(input, format, &fprec, &r.utc_offset);
  __int128 days = DateToJulian(tm.year, tm.mon, tm.mday) - kUnixEpochJulianDay;
  __int128 micros = days * kMicrosPerDay + tm.hour * kMicrosPerHour + tm.min * kMicrosPerMinute +
                    tm.sec * kMicrosPerSecond + tm.fsec;
  if (!IsValidJulian(tm) || !TimestampInRange(micros)) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  int64_t local = static_cast<int64_t>(micros);
  if (fprec > 0) {
    // Rounds like PostgreSQL's typmod adjustment, which works on times since 2000-01-01.
    int64_t scale = 1;
    for (int i = fprec; i < 6; ++i) scale *= 10;
    int64_t t = local - kPgEpochMicros;
    t = t >= 0 ? (t + scale / 2) / scale * scale : -((-t + scale / 2) / scale * scale);
    local = t + kPgEpochMicros;
  }
  r.local_micros = local;
  return r;
}

int64_t ToDateFromChar(std::string_view input, std::string_view format) {
  int fprec = 0;
  std::optional<int32_t> offset;
  Tm tm = ReadTm(input, format, &fprec, &offset);
  int64_t days = 0;
  bool valid = IsValidJulian(tm);
  if (valid) {
    days = DateToJulian(tm.year, tm.mon, tm.mday) - kUnixEpochJulianDay;
    valid = days >= civil::DaysFromCivil(-4713, 11, 24) &&
            days <= civil::DaysFromCivil(5874897, 12, 31);
  }
  if (!valid) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow,
                   "date out of range: \"" + std::string(input) + "\"");
  }
  return days;
}

}  // namespace firn::function_internal
