// Date/time arithmetic with PostgreSQL semantics: interval addition (months clamp the day
// of month; timestamptz steps months and days in the session zone's wall clock), differences,
// interval scaling, justification, comparison and age().
// Thread-safety: pure functions.
#include <cmath>

#include "types/datetime.h"
#include "types/datetime_internal.h"

namespace firn {
namespace {

constexpr __int128 kDay128 = kMicrosPerDay;

int64_t CheckedTimestamp(__int128 v) {
  if (!dt::TimestampInRange(v)) dt::ThrowTimestampOutOfRange();
  return static_cast<int64_t>(v);
}

// Adds months (clamping the day) and days to a wall-clock timestamp.
int64_t AddMonthsDays(int64_t local, int32_t months, int32_t days) {
  if (months != 0) {
    dt::Fields f = dt::ToFields(local);
    int64_t m = f.year * 12 + (f.month - 1) + months;
    f.year = civil::FloorDiv(m, 12);
    f.month = static_cast<int>(civil::FloorMod(m, 12)) + 1;
    if (f.year < -4713 || f.year > 294277) dt::ThrowTimestampOutOfRange();
    f.day = std::min(f.day, civil::DaysInMonth(f.year, f.month));
    if (!dt::FromFields(f, &local)) dt::ThrowTimestampOutOfRange();
  }
  if (days != 0) local = CheckedTimestamp(static_cast<__int128>(local) + days * kDay128);
  return local;
}

int32_t CheckedInt32(__int128 v) {
  if (v > INT32_MAX || v < INT32_MIN) dt::ThrowIntervalOutOfRange();
  return static_cast<int32_t>(v);
}

int64_t CheckedInt64(__int128 v) {
  if (v > INT64_MAX || v < INT64_MIN) dt::ThrowIntervalOutOfRange();
  return static_cast<int64_t>(v);
}

}  // namespace

int64_t TimestampAddInterval(int64_t ts, const Interval& iv) {
  if (!IsTimestampFinite(ts)) return ts;
  int64_t local = AddMonthsDays(ts, iv.months, iv.days);
  return CheckedTimestamp(static_cast<__int128>(local) + iv.micros);
}

int64_t TimestampTzAddInterval(int64_t ts, const Interval& iv, const TimeZone& tz) {
  if (!IsTimestampFinite(ts)) return ts;
  if (iv.months != 0 || iv.days != 0) {
    int64_t local = AddMonthsDays(tz.UtcToLocal(ts), iv.months, iv.days);
    ts = CheckedTimestamp(static_cast<__int128>(local) -
                          static_cast<__int128>(tz.OffsetAtLocal(local)) * kMicrosPerSecond);
  }
  return CheckedTimestamp(static_cast<__int128>(ts) + iv.micros);
}

int64_t TimestampSubInterval(int64_t ts, const Interval& iv) {
  return TimestampAddInterval(ts, IntervalNeg(iv));
}

int64_t TimestampTzSubInterval(int64_t ts, const Interval& iv, const TimeZone& tz) {
  return TimestampTzAddInterval(ts, IntervalNeg(iv), tz);
}

Interval TimestampDiff(int64_t a, int64_t b) {
  if (!IsTimestampFinite(a) || !IsTimestampFinite(b)) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite timestamps");
  }
  __int128 d = static_cast<__int128>(a) - b;
  Interval iv;
  iv.micros = CheckedInt64(d);
  return JustifyHours(iv);
}

int64_t DateAddDays(int64_t date, int64_t days) {
  if (!IsDateFinite(date)) return date;
  __int128 r = static_cast<__int128>(date) + days;
  if (r < dt::kMinDate || r > dt::kMaxDate) dt::ThrowDateOutOfRange();
  return static_cast<int64_t>(r);
}

int64_t DateDiff(int64_t a, int64_t b) {
  if (!IsDateFinite(a) || !IsDateFinite(b)) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite dates");
  }
  return a - b;
}

int64_t DateAddInterval(int64_t date, const Interval& iv) {
  return TimestampAddInterval(DateToTimestamp(date), iv);
}

Interval IntervalAdd(const Interval& a, const Interval& b) {
  return Interval{CheckedInt32(static_cast<__int128>(a.months) + b.months),
                  CheckedInt32(static_cast<__int128>(a.days) + b.days),
                  CheckedInt64(static_cast<__int128>(a.micros) + b.micros)};
}

Interval IntervalNeg(const Interval& a) {
  return Interval{CheckedInt32(-static_cast<__int128>(a.months)),
                  CheckedInt32(-static_cast<__int128>(a.days)),
                  CheckedInt64(-static_cast<__int128>(a.micros))};
}

Interval IntervalSub(const Interval& a, const Interval& b) {
  return IntervalAdd(a, IntervalNeg(b));
}

Interval IntervalMul(const Interval& a, double factor) {
  if (std::isnan(factor)) dt::ThrowIntervalOutOfRange();
  double months = a.months * factor;
  if (!(months >= INT32_MIN && months <= INT32_MAX)) dt::ThrowIntervalOutOfRange();
  int32_t result_months = static_cast<int32_t>(months);
  double days = a.days * factor;
  if (!(days >= INT32_MIN && days <= INT32_MAX)) dt::ThrowIntervalOutOfRange();
  int32_t result_days = static_cast<int32_t>(days);
  // Fractions of months become days (30 per month); fractions of days become time.
  double month_remainder_days = (months - result_months) * 30;
  double whole = std::trunc(month_remainder_days);
  double sec_remainder = (days - result_days + month_remainder_days - whole) * 86400.0;
  sec_remainder = std::nearbyint(sec_remainder * 1e6) / 1e6;
  if (std::fabs(sec_remainder) >= 86400.0) {
    double extra = std::trunc(sec_remainder / 86400.0);
    result_days = CheckedInt32(static_cast<__int128>(result_days) + static_cast<int64_t>(extra));
    sec_remainder -= extra * 86400.0;
  }
  result_days = CheckedInt32(static_cast<__int128>(result_days) + static_cast<int64_t>(whole));
  double micros = std::nearbyint(static_cast<double>(a.micros) * factor + sec_remainder * 1e6);
  if (!(micros >= -9.2233720368547758e18 && micros < 9.2233720368547758e18)) {
    dt::ThrowIntervalOutOfRange();
  }
  return Interval{result_months, result_days, static_cast<int64_t>(micros)};
}

Interval IntervalDiv(const Interval& a, double divisor) {
  if (divisor == 0) throw SqlError(sqlstate::kDivisionByZero, "division by zero");
  return IntervalMul(a, 1.0 / divisor);
}

int CompareIntervals(const Interval& a, const Interval& b) {
  auto span = [](const Interval& iv) {
    return static_cast<__int128>(iv.micros) + iv.days * kDay128 + iv.months * 30 * kDay128;
  };
  __int128 x = span(a), y = span(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

Interval JustifyHours(const Interval& a) {
  Interval r = a;
  int64_t whole = r.micros / kMicrosPerDay;
  r.micros -= whole * kMicrosPerDay;
  r.days = CheckedInt32(static_cast<__int128>(r.days) + whole);
  if (r.days > 0 && r.micros < 0) {
    r.micros += kMicrosPerDay;
    r.days--;
  } else if (r.days < 0 && r.micros > 0) {
    r.micros -= kMicrosPerDay;
    r.days++;
  }
  return r;
}

Interval JustifyDays(const Interval& a) {
  Interval r = a;
  int32_t whole = r.days / 30;
  r.days -= whole * 30;
  r.months = CheckedInt32(static_cast<__int128>(r.months) + whole);
  if (r.months > 0 && r.days < 0) {
    r.days += 30;
    r.months--;
  } else if (r.months < 0 && r.days > 0) {
    r.days -= 30;
    r.months++;
  }
  return r;
}

Interval JustifyInterval(const Interval& a) {
  Interval r = a;
  int64_t whole_days = r.micros / kMicrosPerDay;
  r.micros -= whole_days * kMicrosPerDay;
  __int128 days = static_cast<__int128>(r.days) + whole_days;
  __int128 whole_months = days / 30;
  days -= whole_months * 30;
  r.months = CheckedInt32(r.months + whole_months);
  r.days = static_cast<int32_t>(days);
  if (r.months > 0 && (r.days < 0 || (r.days == 0 && r.micros < 0))) {
    r.days += 30;
    r.months--;
  } else if (r.months < 0 && (r.days > 0 || (r.days == 0 && r.micros > 0))) {
    r.days -= 30;
    r.months++;
  }
  if (r.days > 0 && r.micros < 0) {
    r.micros += kMicrosPerDay;
    r.days--;
  } else if (r.days < 0 && r.micros > 0) {
    r.micros -= kMicrosPerDay;
    r.days++;
  }
  return r;
}

namespace {

// Field-wise difference of two wall-clock timestamps, borrowing like PostgreSQL's age().
Interval AgeLocal(int64_t a, int64_t b) {
  if (!IsTimestampFinite(a) || !IsTimestampFinite(b)) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite timestamps");
  }
  dt::Fields f1 = dt::ToFields(a), f2 = dt::ToFields(b);
  bool negative = a < b;
  int64_t usec = f1.micros - f2.micros;
  int64_t sec = f1.second - f2.second, min = f1.minute - f2.minute, hour = f1.hour - f2.hour;
  int64_t day = f1.day - f2.day, mon = f1.month - f2.month, year = f1.year - f2.year;
  if (negative) {
    usec = -usec, sec = -sec, min = -min, hour = -hour, day = -day, mon = -mon, year = -year;
  }
  const dt::Fields& earlier = negative ? f1 : f2;
  if (usec < 0) usec += kMicrosPerSecond, --sec;
  if (sec < 0) sec += 60, --min;
  if (min < 0) min += 60, --hour;
  if (hour < 0) hour += 24, --day;
  while (day < 0) {
    day += civil::DaysInMonth(earlier.year, earlier.month);
    --mon;
  }
  while (mon < 0) mon += 12, --year;
  if (negative) {
    usec = -usec, sec = -sec, min = -min, hour = -hour, day = -day, mon = -mon, year = -year;
  }
  Interval r;
  r.months = CheckedInt32(static_cast<__int128>(year) * 12 + mon);
  r.days = CheckedInt32(day);
  r.micros = CheckedInt64(static_cast<__int128>(hour) * kMicrosPerHour + min * kMicrosPerMinute +
                          sec * kMicrosPerSecond + usec);
  return r;
}

}  // namespace

Interval AgeTimestamp(int64_t a, int64_t b) { return AgeLocal(a, b); }

Interval AgeTimestampTz(int64_t a, int64_t b, const TimeZone& tz) {
  if (!IsTimestampFinite(a) || !IsTimestampFinite(b)) return AgeLocal(a, b);
  return AgeLocal(tz.UtcToLocal(a), tz.UtcToLocal(b));
}

}  // namespace firn
