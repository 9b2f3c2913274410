// ISO-style text output for date, timestamp, timestamptz and interval (IntervalStyle postgres),
// plus the conversions between the date/time types.
// Thread-safety: pure functions.
#include <cmath>

#include "types/datetime.h"
#include "types/datetime_internal.h"

namespace firn {
namespace {

void AppendPadded(int64_t v, int width, std::string* out) {
  char buf[24];
  int n = 0;
  uint64_t u = static_cast<uint64_t>(v);
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  for (int i = n; i < width; ++i) out->push_back('0');
  while (n > 0) out->push_back(buf[--n]);
}

// "YYYY-MM-DD"; returns whether the year is BC.
bool AppendYmd(int64_t year, int month, int day, std::string* out) {
  bool bc = year <= 0;
  AppendPadded(bc ? 1 - year : year, 4, out);
  out->push_back('-');
  AppendPadded(month, 2, out);
  out->push_back('-');
  AppendPadded(day, 2, out);
  return bc;
}

// "HH:MM:SS[.ffffff]" with trailing zeros of the fraction trimmed.
void AppendClock(int64_t hours, int minutes, int seconds, int64_t micros, std::string* out) {
  AppendPadded(hours, 2, out);
  out->push_back(':');
  AppendPadded(minutes, 2, out);
  out->push_back(':');
  AppendPadded(seconds, 2, out);
  if (micros != 0) {
    out->push_back('.');
    int width = 6;
    while (micros % 10 == 0) {
      micros /= 10;
      --width;
    }
    AppendPadded(micros, width, out);
  }
}

bool AppendSpecialTimestamp(int64_t ts, std::string* out) {
  if (ts == kTimestampInfinity) {
    out->append("infinity");
    return true;
  }
  if (ts == kTimestampNegInfinity) {
    out->append("-infinity");
    return true;
  }
  return false;
}

}  // namespace

void AppendDate(int64_t days, std::string* out) {
  if (days == kDateInfinity) return out->append("infinity"), void();
  if (days == kDateNegInfinity) return out->append("-infinity"), void();
  civil::YearMonthDay ymd = civil::CivilFromDays(days);
  if (AppendYmd(ymd.year, ymd.month, ymd.day, out)) out->append(" BC");
}

void AppendTimestamp(int64_t micros, std::string* out) {
  if (AppendSpecialTimestamp(micros, out)) return;
  dt::Fields f = dt::ToFields(micros);
  bool bc = AppendYmd(f.year, f.month, f.day, out);
  out->push_back(' ');
  AppendClock(f.hour, f.minute, f.second, f.micros, out);
  if (bc) out->append(" BC");
}

void AppendTimestampTz(int64_t utc_micros, const TimeZone& tz, std::string* out) {
  if (AppendSpecialTimestamp(utc_micros, out)) return;
  int32_t offset = tz.OffsetAtUtc(utc_micros);
  dt::Fields f = dt::ToFields(utc_micros + int64_t{offset} * kMicrosPerSecond);
  bool bc = AppendYmd(f.year, f.month, f.day, out);
  out->push_back(' ');
  AppendClock(f.hour, f.minute, f.second, f.micros, out);
  AppendUtcOffset(offset, out);
  if (bc) out->append(" BC");
}

void AppendInterval(const Interval& iv, std::string* out) {
  bool first = true, previous_negative = false;
  auto part = [&](int64_t value, const char* unit) {
    if (value == 0) return;
    if (!first) out->push_back(' ');
    if (previous_negative && value > 0) out->push_back('+');
    out->append(std::to_string(value));
    out->push_back(' ');
    out->append(unit);
    if (value != 1) out->push_back('s');
    previous_negative = value < 0;
    first = false;
  };
  part(iv.months / 12, "year");
  part(iv.months % 12, "mon");
  part(iv.days, "day");
  if (iv.micros != 0 || first) {
    if (!first) out->push_back(' ');
    bool negative = iv.micros < 0;
    uint64_t t = negative ? 0 - static_cast<uint64_t>(iv.micros) : static_cast<uint64_t>(iv.micros);
    if (negative) {
      out->push_back('-');
    } else if (previous_negative) {
      out->push_back('+');
    }
    uint64_t hours = t / kMicrosPerHour;
    AppendClock(static_cast<int64_t>(hours), static_cast<int>(t / kMicrosPerMinute % 60),
                static_cast<int>(t / kMicrosPerSecond % 60),
                static_cast<int64_t>(t % kMicrosPerSecond), out);
  }
}

std::string FormatDate(int64_t days) {
  std::string s;
  AppendDate(days, &s);
  return s;
}
std::string FormatTimestamp(int64_t micros) {
  std::string s;
  AppendTimestamp(micros, &s);
  return s;
}
std::string FormatTimestampTz(int64_t utc_micros, const TimeZone& tz) {
  std::string s;
  AppendTimestampTz(utc_micros, tz, &s);
  return s;
}
std::string FormatInterval(const Interval& iv) {
  std::string s;
  AppendInterval(iv, &s);
  return s;
}

int64_t DateToTimestamp(int64_t days) {
  if (days == kDateInfinity) return kTimestampInfinity;
  if (days == kDateNegInfinity) return kTimestampNegInfinity;
  __int128 ts = static_cast<__int128>(days) * kMicrosPerDay;
  if (!dt::TimestampInRange(ts)) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow, "date out of range for timestamp");
  }
  return static_cast<int64_t>(ts);
}

int64_t DateToTimestampTz(int64_t days, const TimeZone& tz) {
  int64_t local = DateToTimestamp(days);
  if (!IsTimestampFinite(local)) return local;
  return tz.LocalToUtc(local);
}

int64_t TimestampToDate(int64_t ts) {
  if (ts == kTimestampInfinity) return kDateInfinity;
  if (ts == kTimestampNegInfinity) return kDateNegInfinity;
  return civil::FloorDiv(ts, kMicrosPerDay);
}

int64_t TimestampTzToDate(int64_t ts, const TimeZone& tz) {
  if (!IsTimestampFinite(ts)) return TimestampToDate(ts);
  return TimestampToDate(tz.UtcToLocal(ts));
}

int64_t TimestampToTimestampTz(int64_t ts, const TimeZone& tz) {
  if (!IsTimestampFinite(ts)) return ts;
  __int128 r =
      static_cast<__int128>(ts) - static_cast<__int128>(tz.OffsetAtLocal(ts)) * kMicrosPerSecond;
  if (!dt::TimestampInRange(r)) dt::ThrowTimestampOutOfRange();
  return static_cast<int64_t>(r);
}

int64_t TimestampTzToTimestamp(int64_t ts, const TimeZone& tz) {
  if (!IsTimestampFinite(ts)) return ts;
  __int128 r =
      static_cast<__int128>(ts) + static_cast<__int128>(tz.OffsetAtUtc(ts)) * kMicrosPerSecond;
  if (!dt::TimestampInRange(r)) dt::ThrowTimestampOutOfRange();
  return static_cast<int64_t>(r);
}

int64_t ToTimestamp(double seconds) {
  if (std::isnan(seconds)) {
    throw SqlError(sqlstate::kInvalidParameterValue, "timestamp cannot be NaN");
  }
  if (std::isinf(seconds)) return seconds > 0 ? kTimestampInfinity : kTimestampNegInfinity;
  double micros = std::nearbyint(seconds * 1e6);
  if (!(micros >= static_cast<double>(dt::kMinTimestamp) && micros < 9.2e18)) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow,
                   "timestamp out of range: \"" + std::to_string(seconds) + "\"");
  }
  return static_cast<int64_t>(micros);
}

}  // namespace firn
