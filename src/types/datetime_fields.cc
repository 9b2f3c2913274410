// date_trunc() and extract() over date, timestamp, timestamptz and interval, with
// PostgreSQL's unit names, numeric result scales (PostgreSQL 14+) and error wording.
// Thread-safety: pure functions.
#include <cctype>

#include "types/datetime.h"
#include "types/datetime_internal.h"
#include "types/numeric_access.h"

namespace firn {

namespace dt {

std::string LowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

std::string CanonicalUnit(std::string_view field) {
  struct Alias {
    const char* name;
    const char* unit;
  };
  static constexpr Alias kAliases[] = {
      {"microsecond", "microseconds"},
      {"microseconds", "microseconds"},
      {"us", "microseconds"},
      {"usec", "microseconds"},
      {"usecs", "microseconds"},
      {"useconds", "microseconds"},
      {"millisecond", "milliseconds"},
      {"milliseconds", "milliseconds"},
      {"ms", "milliseconds"},
      {"msec", "milliseconds"},
      {"msecs", "milliseconds"},
      {"mseconds", "milliseconds"},
      {"second", "second"},
      {"seconds", "second"},
      {"s", "second"},
      {"sec", "second"},
      {"secs", "second"},
      {"minute", "minute"},
      {"minutes", "minute"},
      {"m", "minute"},
      {"min", "minute"},
      {"mins", "minute"},
      {"hour", "hour"},
      {"hours", "hour"},
      {"h", "hour"},
      {"hr", "hour"},
      {"hrs", "hour"},
      {"day", "day"},
      {"days", "day"},
      {"d", "day"},
      {"week", "week"},
      {"weeks", "week"},
      {"w", "week"},
      {"month", "month"},
      {"months", "month"},
      {"mon", "month"},
      {"mons", "month"},
      {"quarter", "quarter"},
      {"qtr", "quarter"},
      {"year", "year"},
      {"years", "year"},
      {"y", "year"},
      {"yr", "year"},
      {"yrs", "year"},
      {"decade", "decade"},
      {"decades", "decade"},
      {"dec", "decade"},
      {"decs", "decade"},
      {"century", "century"},
      {"centuries", "century"},
      {"c", "century"},
      {"cent", "century"},
      {"millennium", "millennium"},
      {"millennia", "millennium"},
      {"mil", "millennium"},
      {"mils", "millennium"},
      {"epoch", "epoch"},
      {"dow", "dow"},
      {"isodow", "isodow"},
      {"doy", "doy"},
      {"isoyear", "isoyear"},
      {"timezone", "timezone"},
      {"timezone_h", "timezone_hour"},
      {"timezone_hour", "timezone_hour"},
      {"timezone_m", "timezone_minute"},
      {"timezone_minute", "timezone_minute"},
      {"julian", "julian"},
      {"j", "julian"},
  };
  std::string lower = LowerAscii(field);
  for (const Alias& a : kAliases) {
    if (lower == a.name) return a.unit;
  }
  return "";
}

}  // namespace dt

namespace {

constexpr const char* kTimestampName = "timestamp without time zone";
constexpr const char* kTimestampTzName = "timestamp with time zone";

[[noreturn]] void NotRecognized(std::string_view field, const char* type) {
  throw SqlError(sqlstate::kInvalidParameterValue,
                 "unit \"" + std::string(field) + "\" not recognized for type " + type);
}
[[noreturn]] void NotSupported(std::string_view field, const char* type) {
  throw SqlError(sqlstate::kFeatureNotSupported,
                 "unit \"" + std::string(field) + "\" not supported for type " + type);
}

Numeric Scaled(__int128 value, int scale) {
  numeric_internal::Dec d;
  d.neg = value < 0;
  unsigned __int128 mag =
      d.neg ? -static_cast<unsigned __int128>(value) : static_cast<unsigned __int128>(value);
  while (mag != 0) {
    d.mag.limbs.push_back(static_cast<uint32_t>(mag % 10000));
    mag /= 10000;
  }
  d.scale = scale;
  return NumericAccess::FromDec(d, scale);
}

Numeric Int(int64_t v) { return Numeric::FromInt64(v); }

int IsoDow(int64_t days) { return civil::IsoWeekdayFromDays(days); }

// ISO 8601 week-numbering year and week of the day `days`.
void IsoWeek(int64_t days, int64_t* iso_year, int64_t* week) {
  *iso_year = civil::IsoYearOf(days).year;
  *week = civil::IsoWeekFromDays(days);
}

// Truncates wall-clock `local` to `unit`; returns false if the unit is not a trunc unit.
bool TruncLocal(const std::string& unit, int64_t local, int64_t* out) {
  dt::Fields f = dt::ToFields(local);
  int64_t days = civil::FloorDiv(local, kMicrosPerDay);
  auto year_start = [&](int64_t year) {
    f.year = year;
    f.month = 1;
    f.day = 1;
  };
  if (unit == "microseconds") {
    *out = local;
    return true;
  }
  if (unit == "milliseconds") {
    *out = local - civil::FloorMod(local, 1000);
    return true;
  }
  if (unit == "second" || unit == "minute" || unit == "hour" || unit == "day") {
    int64_t step = unit == "second"   ? kMicrosPerSecond
                   : unit == "minute" ? kMicrosPerMinute
                   : unit == "hour"   ? kMicrosPerHour
                                      : kMicrosPerDay;
    *out = local - civil::FloorMod(local, step);
    return true;
  }
  if (unit == "week") {
    *out = (days - (IsoDow(days) - 1)) * kMicrosPerDay;
    return true;
  }
  if (unit == "month") {
    f.day = 1;
  } else if (unit == "quarter") {
    f.month = (f.month - 1) / 3 * 3 + 1;
    f.day = 1;
  } else if (unit == "year") {
    year_start(f.year);
  } else if (unit == "decade") {
    year_start(civil::FloorDiv(f.year, 10) * 10);
  } else if (unit == "century") {
    year_start(f.year > 0 ? (f.year + 99) / 100 * 100 - 99
                          : -((99 - (f.year - 1)) / 100) * 100 + 1);
  } else if (unit == "millennium") {
    year_start(f.year > 0 ? (f.year + 999) / 1000 * 1000 - 999
                          : -((999 - (f.year - 1)) / 1000) * 1000 + 1);
  } else {
    return false;
  }
  f.hour = f.minute = f.second = 0;
  f.micros = 0;
  if (!dt::FromFields(f, out)) dt::ThrowTimestampOutOfRange();
  return true;
}

// extract() of a finite wall-clock time; `offset` is set for timestamptz.
std::optional<Numeric> ExtractLocal(const std::string& unit, std::string_view field, int64_t local,
                                    const int32_t* offset, const char* type) {
  dt::Fields f = dt::ToFields(local);
  int64_t days = civil::FloorDiv(local, kMicrosPerDay);
  int64_t year = f.year > 0 ? f.year : -(f.year - 1);  // 1 BC is -1
  int64_t usec_in_minute = int64_t{f.second} * kMicrosPerSecond + f.micros;
  if (unit == "microseconds") return Int(usec_in_minute);
  if (unit == "milliseconds") return Scaled(usec_in_minute, 3);
  if (unit == "second") return Scaled(usec_in_minute, 6);
  if (unit == "minute") return Int(f.minute);
  if (unit == "hour") return Int(f.hour);
  if (unit == "day") return Int(f.day);
  if (unit == "month") return Int(f.month);
  if (unit == "quarter") return Int((f.month - 1) / 3 + 1);
  if (unit == "year") return Int(year);
  if (unit == "decade") {
    return Int(f.year >= 0 ? f.year / 10 : -((8 - (f.year - 1)) / 10));
  }
  if (unit == "century") {
    return Int(f.year > 0 ? (f.year + 99) / 100 : -((99 - (f.year - 1)) / 100));
  }
  if (unit == "millennium") {
    return Int(f.year > 0 ? (f.year + 999) / 1000 : -((999 - (f.year - 1)) / 1000));
  }
  if (unit == "dow") return Int(civil::WeekdayFromDays(days));
  if (unit == "isodow") return Int(IsoDow(days));
  if (unit == "doy") return Int(days - civil::DaysFromCivil(f.year, 1, 1) + 1);
  if (unit == "week" || unit == "isoyear") {
    int64_t iso_year, week;
    IsoWeek(days, &iso_year, &week);
    if (unit == "week") return Int(week);
    return Int(iso_year > 0 ? iso_year : iso_year - 1);
  }
  if (offset != nullptr) {
    if (unit == "timezone") return Int(*offset);
    if (unit == "timezone_hour") return Int(*offset / 3600);
    if (unit == "timezone_minute") return Int(*offset / 60 % 60);
  }
  if (unit.empty()) NotRecognized(field, type);
  NotSupported(field, type);
}

bool IsMonotonic(const std::string& unit) {
  return unit == "year" || unit == "decade" || unit == "century" || unit == "millennium" ||
         unit == "isoyear" || unit == "epoch" || unit == "julian";
}

std::optional<Numeric> ExtractInfinite(const std::string& unit, std::string_view field,
                                       bool negative, const char* type) {
  if (unit.empty()) NotRecognized(field, type);
  if (unit == "timezone" || unit == "timezone_hour" || unit == "timezone_minute") {
    if (type == std::string_view(kTimestampName)) NotSupported(field, type);
    return std::nullopt;
  }
  if (IsMonotonic(unit)) return Numeric::Infinity(negative);
  return std::nullopt;
}

}  // namespace

int64_t TimestampTrunc(std::string_view field, int64_t ts) {
  std::string unit = dt::CanonicalUnit(field);
  if (!IsTimestampFinite(ts)) {
    int64_t ignored;
    if (!TruncLocal(unit, 0, &ignored)) NotRecognized(field, kTimestampName);
    return ts;
  }
  int64_t out;
  if (!TruncLocal(unit, ts, &out)) NotRecognized(field, kTimestampName);
  return out;
}

int64_t TimestampTzTrunc(std::string_view field, int64_t ts, const TimeZone& tz) {
  std::string unit = dt::CanonicalUnit(field);
  if (!IsTimestampFinite(ts)) {
    int64_t ignored;
    if (!TruncLocal(unit, 0, &ignored)) NotRecognized(field, kTimestampTzName);
    return ts;
  }
  int32_t offset = tz.OffsetAtUtc(ts);
  int64_t local = ts + int64_t{offset} * kMicrosPerSecond, out;
  if (!TruncLocal(unit, local, &out)) NotRecognized(field, kTimestampTzName);
  bool redo_zone = !(unit == "microseconds" || unit == "milliseconds" || unit == "second" ||
                     unit == "minute" || unit == "hour");
  return redo_zone ? tz.LocalToUtc(out) : out - int64_t{offset} * kMicrosPerSecond;
}

Interval IntervalTrunc(std::string_view field, const Interval& iv) {
  std::string unit = dt::CanonicalUnit(field);
  Interval r = iv;
  int64_t years = iv.months / 12, mons = iv.months % 12;
  auto keep_years = [&](int64_t step) {
    r.months = static_cast<int32_t>(years / step * step * 12);
    r.days = 0;
    r.micros = 0;
  };
  if (unit == "millennium") {
    keep_years(1000);
  } else if (unit == "century") {
    keep_years(100);
  } else if (unit == "decade") {
    keep_years(10);
  } else if (unit == "year") {
    keep_years(1);
  } else if (unit == "quarter") {
    r.months = static_cast<int32_t>(years * 12 + mons / 3 * 3);
    r.days = 0;
    r.micros = 0;
  } else if (unit == "month") {
    r.days = 0;
    r.micros = 0;
  } else if (unit == "day") {
    r.micros = 0;
  } else if (unit == "hour") {
    r.micros = iv.micros / kMicrosPerHour * kMicrosPerHour;
  } else if (unit == "minute") {
    r.micros = iv.micros / kMicrosPerMinute * kMicrosPerMinute;
  } else if (unit == "second") {
    r.micros = iv.micros / kMicrosPerSecond * kMicrosPerSecond;
  } else if (unit == "milliseconds") {
    r.micros = iv.micros / 1000 * 1000;
  } else if (unit == "microseconds") {
    // unchanged
  } else if (unit == "week") {
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "unit \"" + std::string(field) + "\" not supported for type interval")
        .WithDetail("Months usually have fractional weeks.");
  } else if (unit.empty()) {
    NotRecognized(field, "interval");
  } else {
    NotSupported(field, "interval");
  }
  return r;
}

std::optional<Numeric> ExtractTimestamp(std::string_view field, int64_t ts) {
  std::string unit = dt::CanonicalUnit(field);
  if (!IsTimestampFinite(ts)) {
    return ExtractInfinite(unit, field, ts == kTimestampNegInfinity, kTimestampName);
  }
  if (unit == "epoch") return Scaled(ts, 6);
  if (unit == "julian" || unit == "timezone" || unit == "timezone_hour" ||
      unit == "timezone_minute") {
    NotSupported(field, kTimestampName);
  }
  return ExtractLocal(unit, field, ts, nullptr, kTimestampName);
}

std::optional<Numeric> ExtractTimestampTz(std::string_view field, int64_t ts, const TimeZone& tz) {
  std::string unit = dt::CanonicalUnit(field);
  if (!IsTimestampFinite(ts)) {
    return ExtractInfinite(unit, field, ts == kTimestampNegInfinity, kTimestampTzName);
  }
  if (unit == "epoch") return Scaled(ts, 6);
  if (unit == "julian") NotSupported(field, kTimestampTzName);
  int32_t offset = tz.OffsetAtUtc(ts);
  return ExtractLocal(unit, field, ts + int64_t{offset} * kMicrosPerSecond, &offset,
                      kTimestampTzName);
}

std::optional<Numeric> ExtractDate(std::string_view field, int64_t days) {
  std::string unit = dt::CanonicalUnit(field);
  if (!IsDateFinite(days)) {
    if (unit.empty()) NotRecognized(field, "date");
    if (IsMonotonic(unit)) return Numeric::Infinity(days == kDateNegInfinity);
    if (unit == "microseconds" || unit == "milliseconds" || unit == "second" || unit == "minute" ||
        unit == "hour" || unit.rfind("timezone", 0) == 0) {
      NotSupported(field, "date");
    }
    return std::nullopt;
  }
  if (unit == "epoch") return Int(days * 86400);
  if (unit == "microseconds" || unit == "milliseconds" || unit == "second" || unit == "minute" ||
      unit == "hour" || unit == "julian" || unit.rfind("timezone", 0) == 0) {
    if (unit.empty()) NotRecognized(field, "date");
    NotSupported(field, "date");
  }
  return ExtractLocal(unit, field, days * kMicrosPerDay, nullptr, "date");
}

Numeric ExtractInterval(std::string_view field, const Interval& iv) {
  std::string unit = dt::CanonicalUnit(field);
  int64_t years = iv.months / 12, mons = iv.months % 12;
  int64_t usec_in_minute = iv.micros % kMicrosPerMinute;
  if (unit == "microseconds") return Int(usec_in_minute);
  if (unit == "milliseconds") return Scaled(usec_in_minute, 3);
  if (unit == "second") return Scaled(usec_in_minute, 6);
  if (unit == "minute") return Int(iv.micros / kMicrosPerMinute % 60);
  if (unit == "hour") return Int(iv.micros / kMicrosPerHour);
  if (unit == "day") return Int(iv.days);
  if (unit == "month") return Int(mons);
  if (unit == "quarter") return Int(mons / 3 + 1);
  if (unit == "year") return Int(years);
  if (unit == "decade") return Int(years / 10);
  if (unit == "century") return Int(years / 100);
  if (unit == "millennium") return Int(years / 1000);
  if (unit == "epoch") {
    __int128 micros = static_cast<__int128>(years) * 31557600 * kMicrosPerSecond +
                      static_cast<__int128>(mons) * 30 * kMicrosPerDay +
                      static_cast<__int128>(iv.days) * kMicrosPerDay + iv.micros;
    return Scaled(micros, 6);
  }
  if (unit.empty()) NotRecognized(field, "interval");
  NotSupported(field, "interval");
}

}  // namespace firn
