// Date/time functions: date_trunc (2 and 3 arguments), date_part, extract (numeric, as
// PostgreSQL 14+), to_timestamp(float8), age (1 and 2 arguments), now and its aliases,
// clock_timestamp, current_date, localtimestamp, justify_hours/days/interval, make_date,
// make_timestamp, make_timestamptz, to_char of date/times and numbers, to_timestamp(text, text),
// to_date and to_number (the templates: datetime_template.cc, datetime_from_char.cc,
// number_template.cc, number_from_char.cc).
// Calendar arithmetic is types/datetime.h's; this file binds it to vectors.
// Thread-safety: stateless functions; "now" and the session zone come from the EvalContext.
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "common/clock.h"
#include "common/sql_error.h"
#include "exec/function/datetime_template.h"
#include "exec/function/kernels.h"
#include "exec/function/number_template.h"
#include "exec/function/registration.h"
#include "exec/function/zone_argument.h"
#include "types/civil.h"
#include "types/datetime.h"
#include "types/timezone.h"

namespace firn::function_internal {
namespace {

using I = int64_t;
using D = double;
using V = Interval;
using N = Numeric;
using S = std::string;

const TimeZone& Zone(const EvalContext& ctx) {
  return ctx.time_zone != nullptr ? *ctx.time_zone : TimeZone::Utc();
}

// out[i] = F(a[i], b[i], ctx) for every row.
template <typename A, typename B, typename R, auto F>
void CtxBinaryKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  const std::vector<B>& b = Col<B>(*in.args[1]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) r[i] = F(a[i], b[i], ctx);
  SetAllValid(out, in.count);
}

// out[i] = F(a[i], ctx) for every row.
template <typename A, typename R, auto F>
void CtxUnaryKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) r[i] = F(a[i], ctx);
  SetAllValid(out, in.count);
}

// ---- date_trunc ----

I TruncTs(const S& field, I ts) { return TimestampTrunc(field, ts); }
I TruncTstz(const S& field, I ts, const EvalContext& ctx) {
  return TimestampTzTrunc(field, ts, Zone(ctx));
}
V TruncInterval(const S& field, const V& iv) { return IntervalTrunc(field, iv); }

// date_trunc(field, timestamptz, zone): truncation in the zone, named as for AT TIME ZONE.
// Like PostgreSQL, an infinity is returned before the zone (or the field) is looked at.
void TruncTstzInZoneKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const auto& field = in.args[0]->strings();
  const auto& ts = in.args[1]->ints();
  const auto& zone = in.args[2]->strings();
  auto& r = out.ints();
  ZoneArguments zones(ctx);
  for (size_t i = 0; i < in.count; ++i) {
    r[i] = IsTimestampFinite(ts[i]) ? TimestampTzTrunc(field[i], ts[i], zones.Get(zone[i])) : ts[i];
  }
  SetAllValid(out, in.count);
}

// ---- extract / date_part: nullopt (a non-monotonic field of an infinite value) is NULL ----

// out[i] = F(a[i], b[i], ctx), or NULL when F returns nullopt.
template <typename A, typename B, typename R, auto F>
void OptionalKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  const std::vector<B>& b = Col<B>(*in.args[1]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) {
    std::optional<R> v = F(a[i], b[i], ctx);
    out.SetNull(i, !v.has_value());
    if (v) r[i] = std::move(*v);
  }
}

using OptN = std::optional<N>;
using OptD = std::optional<D>;
OptN ExtractDateField(const S& f, I d, const EvalContext&) { return ExtractDate(f, d); }
OptN ExtractTsField(const S& f, I ts, const EvalContext&) { return ExtractTimestamp(f, ts); }
OptN ExtractTstzField(const S& f, I ts, const EvalContext& ctx) {
  return ExtractTimestampTz(f, ts, Zone(ctx));
}
OptN ExtractIntervalField(const S& f, const V& iv, const EvalContext&) {
  return ExtractInterval(f, iv);
}
OptD ToDouble(const OptN& n) { return n ? OptD(n->ToDouble()) : std::nullopt; }
// date_part(text, date) is PostgreSQL's date_part(text, date::timestamp).
OptD DatePartDate(const S& f, I d, const EvalContext&) {
  return ToDouble(ExtractTimestamp(f, DateToTimestamp(d)));
}
OptD DatePartTs(const S& f, I ts, const EvalContext&) { return ToDouble(ExtractTimestamp(f, ts)); }
OptD DatePartTstz(const S& f, I ts, const EvalContext& ctx) {
  return ToDouble(ExtractTimestampTz(f, ts, Zone(ctx)));
}
OptD DatePartInterval(const S& f, const V& iv, const EvalContext&) {
  return ExtractInterval(f, iv).ToDouble();
}

// ---- age ----

V AgeTs(I a, I b) { return AgeTimestamp(a, b); }
V AgeTstz(I a, I b, const EvalContext& ctx) { return AgeTimestampTz(a, b, Zone(ctx)); }
// age(x) = age(midnight today, x), "today" in the session zone.
I TodayDate(const EvalContext& ctx) { return TimestampTzToDate(ctx.statement_time_us, Zone(ctx)); }
V AgeFromTodayTs(I ts, const EvalContext& ctx) {
  return AgeTimestamp(DateToTimestamp(TodayDate(ctx)), ts);
}
V AgeFromTodayTstz(I ts, const EvalContext& ctx) {
  return AgeTimestampTz(DateToTimestampTz(TodayDate(ctx), Zone(ctx)), ts, Zone(ctx));
}

// ---- now and friends: one value for every row ----

template <I (*Compute)(const EvalContext&)>
void ConstantKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  I v = Compute(ctx);
  auto& r = out.ints();
  for (size_t i = 0; i < in.count; ++i) r[i] = v;
  SetAllValid(out, in.count);
}
I StatementTime(const EvalContext& ctx) { return ctx.statement_time_us; }
I LocalTimestamp(const EvalContext& ctx) {
  return TimestampTzToTimestamp(ctx.statement_time_us, Zone(ctx));
}
// clock_timestamp() reads the clock for every row.
void ClockKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  auto& r = out.ints();
  for (size_t i = 0; i < in.count; ++i) {
    r[i] = WallClockMicros();
  }
  SetAllValid(out, in.count);
}

I ToTimestampSeconds(D seconds) { return ToTimestamp(seconds); }

V JustifyHoursFn(const V& v) { return JustifyHours(v); }
V JustifyDaysFn(const V& v) { return JustifyDays(v); }
V JustifyIntervalFn(const V& v) { return JustifyInterval(v); }

// ---- make_date / make_timestamp / make_timestamptz ----

// "2024-02-30": PostgreSQL's "%d-%02d-%02d" of the arguments as given.
std::string DateFieldsText(I year, I month, I day) {
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%lld-%02lld-%02lld", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day));
  return buf;
}

// Checks make_date's fields (negative years are BC; there is no year 0) and returns the
// day number.
I DateFromFields(I year, I month, I day) {
  bool valid = year != 0 && month >= 1 && month <= 12 && day >= 1;
  I astronomical = year < 0 ? year + 1 : year;
  if (valid) valid = day <= civil::DaysInMonth(astronomical, static_cast<int>(month));
  if (!valid) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow,
                   "date field value out of range: " + DateFieldsText(year, month, day));
  }
  return civil::DaysFromCivil(astronomical, static_cast<int>(month), static_cast<int>(day));
}

// make_date(year, month, day). Dates run from Julian day 0 (4714-11-24 BC) to 5874897-12-31;
// PostgreSQL's message then names the year as the calendar counts it (4714 BC is -4713).
I MakeDate(I year, I month, I day) {
  I days = DateFromFields(year, month, day);
  if (days < civil::DaysFromCivil(-4713, 11, 24) || days > civil::DaysFromCivil(5874897, 12, 31)) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow,
                   "date out of range: " + DateFieldsText(year < 0 ? year + 1 : year, month, day));
  }
  return days;
}

// "3:04:05.5": PostgreSQL's "%d:%02d:%02g" of make_timestamp's time arguments.
std::string TimeFieldsText(I hour, I minute, D second) {
  char buf[96];
  if (std::isnan(second) || std::isinf(second)) {
    std::snprintf(buf, sizeof(buf), "%lld:%02lld:%s", static_cast<long long>(hour),
                  static_cast<long long>(minute),
                  std::isnan(second) ? "NaN"
                  : second > 0       ? "Infinity"
                                     : "-Infinity");
  } else {
    std::snprintf(buf, sizeof(buf), "%lld:%02lld:%02g", static_cast<long long>(hour),
                  static_cast<long long>(minute), second);
  }
  return buf;
}

// make_timestamp's wall-clock value. Seconds may be 60 and the time 24:00:00 (both roll
// over into the next minute or day, as in PostgreSQL); seconds round to microseconds.
I MakeTimestampValue(I year, I month, I day, I hour, I minute, D second) {
  I date = DateFromFields(year, month, day);
  // PostgreSQL first checks the month against the Julian range, then the exact timestamp.
  I astronomical = year < 0 ? year + 1 : year;
  if (astronomical < -4713 || (astronomical == -4713 && month < 11) || astronomical > 5874898 ||
      (astronomical == 5874898 && month >= 6)) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow,
                   "date out of range: " + DateFieldsText(year, month, day));
  }
  bool valid = hour >= 0 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60 &&
               hour <= 24 && !(hour == 24 && (minute > 0 || second > 0));
  if (!valid) {  // NaN fails `second >= 0`
    throw SqlError(sqlstate::kDatetimeFieldOverflow,
                   "time field value out of range: " + TimeFieldsText(hour, minute, second));
  }
  __int128 ts = static_cast<__int128>(date) * kMicrosPerDay + hour * kMicrosPerHour +
                minute * kMicrosPerMinute + static_cast<I>(std::nearbyint(second * 1e6));
  if (ts < static_cast<__int128>(civil::DaysFromCivil(-4713, 11, 24)) * kMicrosPerDay ||
      ts >= static_cast<__int128>(civil::DaysFromCivil(294277, 1, 1)) * kMicrosPerDay ||
      ts >= kTimestampInfinity) {  // Firn's timestamps end in 294247, PostgreSQL's in 294276
    throw SqlError(sqlstate::kDatetimeFieldOverflow,
                   "timestamp out of range: " + DateFieldsText(year, month, day) + " " +
                       TimeFieldsText(hour, minute, second));
  }
  return static_cast<I>(ts);
}

// Calls F(row, fields...) for make_timestamp's six arguments.
template <typename F>
void ForEachTimestampArgs(const ScalarArgs& in, F f) {
  const auto& year = in.args[0]->ints();
  const auto& month = in.args[1]->ints();
  const auto& day = in.args[2]->ints();
  const auto& hour = in.args[3]->ints();
  const auto& minute = in.args[4]->ints();
  const auto& second = in.args[5]->doubles();
  for (size_t i = 0; i < in.count; ++i) {
    f(i, MakeTimestampValue(year[i], month[i], day[i], hour[i], minute[i], second[i]));
  }
}

void MakeTimestampKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  auto& r = out.ints();
  ForEachTimestampArgs(in, [&](size_t i, I ts) { r[i] = ts; });
  SetAllValid(out, in.count);
}

// make_timestamptz(..., sec): the wall-clock time in the session's TimeZone.
void MakeTimestampTzKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  auto& r = out.ints();
  ForEachTimestampArgs(in, [&](size_t i, I ts) { r[i] = TimestampToTimestampTz(ts, Zone(ctx)); });
  SetAllValid(out, in.count);
}

// make_timestamptz's zone argument, read as PostgreSQL reads it: a numeric offset with ISO
// sign ("+05:30" is east of UTC), then as AT TIME ZONE reads it (abbreviation, zone name,
// POSIX string).
std::shared_ptr<const TimeZone> ZoneArgument(const std::string& text, const EvalContext& ctx) {
  if (!text.empty() &&
      (text[0] == '+' || text[0] == '-' || std::isdigit(static_cast<unsigned char>(text[0])))) {
    size_t i = text[0] == '+' || text[0] == '-' ? 1 : 0;
    int parts[3] = {0, 0, 0};
    int n = 0;
    bool ok = true;
    while (ok && n < 3) {
      size_t start = i;
      int v = 0;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) &&
             i - start < 2) {
        v = v * 10 + (text[i++] - '0');
      }
      ok = i > start;
      parts[n++] = v;
      if (i == text.size()) break;
      ok = ok && text[i++] == ':';
    }
    if (!ok || i != text.size()) {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "invalid input syntax for type numeric time zone: \"" + text + "\"");
    }
    if (parts[0] > 15 || parts[1] > 59 || parts[2] > 59) {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "numeric time zone \"" + text + "\" out of range");
    }
    int32_t seconds = parts[0] * 3600 + parts[1] * 60 + parts[2];
    return std::make_shared<const TimeZone>(
        TimeZone::Fixed(text, text[0] == '-' ? -seconds : seconds));
  }
  return FindZoneArgument(text, ctx);
}

// make_timestamptz(..., sec, zone): the wall-clock time in `zone`.
void MakeTimestampTzInZoneKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const auto& zone = in.args[6]->strings();
  auto& r = out.ints();
  std::shared_ptr<const TimeZone> cached;
  const std::string* cached_name = nullptr;
  ForEachTimestampArgs(in, [&](size_t i, I ts) {
    if (cached_name == nullptr || *cached_name != zone[i]) {
      cached = ZoneArgument(zone[i], ctx);
      cached_name = &zone[i];
    }
    r[i] = TimestampToTimestampTz(ts, *cached);
  });
  SetAllValid(out, in.count);
}

// ---- to_char: NULL for infinite values and empty templates ----

std::optional<S> ToCharTs(I ts, const S& format, const EvalContext&) {
  return ToCharTimestamp(ts, format, 0, "");
}
std::optional<S> ToCharTstz(I ts, const S& format, const EvalContext& ctx) {
  if (!IsTimestampFinite(ts)) return std::nullopt;
  const TimeZone& zone = Zone(ctx);
  return ToCharTimestamp(zone.UtcToLocal(ts), format, zone.OffsetAtUtc(ts),
                         zone.AbbreviationAtUtc(ts));
}
std::optional<S> ToCharIv(const V& iv, const S& format, const EvalContext&) {
  return ToCharInterval(iv, format);
}

S ToCharNumericFn(const N& v, const S& format) { return ToCharNumeric(v, format); }
S ToCharInt4(I v, const S& format) { return ToCharInteger(v, false, format); }
S ToCharInt8(I v, const S& format) { return ToCharInteger(v, true, format); }
S ToCharFloat4(D v, const S& format) { return ToCharFloat(v, true, format); }
S ToCharFloat8(D v, const S& format) { return ToCharFloat(v, false, format); }

// ---- to_timestamp(text, text), to_date, to_number: the reading direction ----

// Without TZH/TZM in the input the wall-clock time is read in the session's TimeZone.
I ToTimestampText(const S& input, const S& format, const EvalContext& ctx) {
  ParsedDateTime p = ToTimestampFromChar(input, format);
  __int128 utc = p.utc_offset.has_value()
                     ? static_cast<__int128>(p.local_micros) -
                           static_cast<__int128>(*p.utc_offset) * kMicrosPerSecond
                     : TimestampToTimestampTz(p.local_micros, Zone(ctx));
  if (!TimestampInRange(utc)) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return static_cast<I>(utc);
}
I ToDateText(const S& input, const S& format) { return ToDateFromChar(input, format); }
std::optional<N> ToNumberText(const S& input, const S& format, const EvalContext&) {
  return ToNumber(input, format);
}

void AddNowLike(FunctionRegistry& r, const char* name, Type ret, ScalarImpl impl,
                bool is_volatile = false) {
  ScalarFunction f = Fn(name, {}, ret, impl);
  f.is_volatile = is_volatile;
  r.AddFunction(std::move(f));
}

}  // namespace

void RegisterDatetimeFunctions(FunctionRegistry& r) {
  r.AddFunction(
      Fn("date_trunc", {kTextT, kTimestampT}, kTimestampT, BinaryKernel<S, I, I, TruncTs>));
  r.AddFunction(Fn("date_trunc", {kTextT, kTimestampTzT}, kTimestampTzT,
                   CtxBinaryKernel<S, I, I, TruncTstz>));
  r.AddFunction(
      Fn("date_trunc", {kTextT, kTimestampTzT, kTextT}, kTimestampTzT, TruncTstzInZoneKernel));
  r.AddFunction(
      Fn("date_trunc", {kTextT, kIntervalT}, kIntervalT, BinaryKernel<S, V, V, TruncInterval>));

  r.AddFunction(
      Fn("extract", {kTextT, kDateT}, kNumericT, OptionalKernel<S, I, N, ExtractDateField>));
  r.AddFunction(
      Fn("extract", {kTextT, kTimestampT}, kNumericT, OptionalKernel<S, I, N, ExtractTsField>));
  r.AddFunction(
      Fn("extract", {kTextT, kTimestampTzT}, kNumericT, OptionalKernel<S, I, N, ExtractTstzField>));
  r.AddFunction(Fn("extract", {kTextT, kIntervalT}, kNumericT,
                   OptionalKernel<S, V, N, ExtractIntervalField>));
  r.AddFunction(Fn("date_part", {kTextT, kDateT}, kFloat8T, OptionalKernel<S, I, D, DatePartDate>));
  r.AddFunction(
      Fn("date_part", {kTextT, kTimestampT}, kFloat8T, OptionalKernel<S, I, D, DatePartTs>));
  r.AddFunction(
      Fn("date_part", {kTextT, kTimestampTzT}, kFloat8T, OptionalKernel<S, I, D, DatePartTstz>));
  r.AddFunction(
      Fn("date_part", {kTextT, kIntervalT}, kFloat8T, OptionalKernel<S, V, D, DatePartInterval>));

  r.AddFunction(
      Fn("to_timestamp", {kFloat8T}, kTimestampTzT, UnaryKernel<D, I, ToTimestampSeconds>));

  r.AddFunction(Fn("age", {kTimestampT, kTimestampT}, kIntervalT, BinaryKernel<I, I, V, AgeTs>));
  r.AddFunction(
      Fn("age", {kTimestampTzT, kTimestampTzT}, kIntervalT, CtxBinaryKernel<I, I, V, AgeTstz>));
  r.AddFunction(Fn("age", {kTimestampT}, kIntervalT, CtxUnaryKernel<I, V, AgeFromTodayTs>));
  r.AddFunction(Fn("age", {kTimestampTzT}, kIntervalT, CtxUnaryKernel<I, V, AgeFromTodayTstz>));

  for (const char* name :
       {"now", "current_timestamp", "transaction_timestamp", "statement_timestamp"}) {
    AddNowLike(r, name, kTimestampTzT, ConstantKernel<StatementTime>);
  }
  AddNowLike(r, "clock_timestamp", kTimestampTzT, ClockKernel, true);
  AddNowLike(r, "current_date", kDateT, ConstantKernel<TodayDate>);
  AddNowLike(r, "localtimestamp", kTimestampT, ConstantKernel<LocalTimestamp>);

  r.AddFunction(Fn("justify_hours", {kIntervalT}, kIntervalT, UnaryKernel<V, V, JustifyHoursFn>));
  r.AddFunction(Fn("justify_days", {kIntervalT}, kIntervalT, UnaryKernel<V, V, JustifyDaysFn>));
  r.AddFunction(
      Fn("justify_interval", {kIntervalT}, kIntervalT, UnaryKernel<V, V, JustifyIntervalFn>));
  r.AddFunction(
      Fn("make_date", {kInt4T, kInt4T, kInt4T}, kDateT, TernaryKernel<I, I, I, I, MakeDate>));
  r.AddFunction(Fn("make_timestamp", {kInt4T, kInt4T, kInt4T, kInt4T, kInt4T, kFloat8T},
                   kTimestampT, MakeTimestampKernel));
  r.AddFunction(Fn("make_timestamptz", {kInt4T, kInt4T, kInt4T, kInt4T, kInt4T, kFloat8T},
                   kTimestampTzT, MakeTimestampTzKernel));
  r.AddFunction(Fn("make_timestamptz", {kInt4T, kInt4T, kInt4T, kInt4T, kInt4T, kFloat8T, kTextT},
                   kTimestampTzT, MakeTimestampTzInZoneKernel));

  // to_char(date, text) resolves, as in PostgreSQL, through the implicit date -> timestamptz
  // cast (timestamptz is the preferred type of its category).
  r.AddFunction(Fn("to_char", {kTimestampT, kTextT}, kTextT, OptionalKernel<I, S, S, ToCharTs>));
  r.AddFunction(
      Fn("to_char", {kTimestampTzT, kTextT}, kTextT, OptionalKernel<I, S, S, ToCharTstz>));
  r.AddFunction(Fn("to_char", {kIntervalT, kTextT}, kTextT, OptionalKernel<V, S, S, ToCharIv>));
  r.AddFunction(Fn("to_char", {kInt4T, kTextT}, kTextT, BinaryKernel<I, S, S, ToCharInt4>));
  r.AddFunction(Fn("to_char", {kInt8T, kTextT}, kTextT, BinaryKernel<I, S, S, ToCharInt8>));
  r.AddFunction(Fn("to_char", {kFloat4T, kTextT}, kTextT, BinaryKernel<D, S, S, ToCharFloat4>));
  r.AddFunction(Fn("to_char", {kFloat8T, kTextT}, kTextT, BinaryKernel<D, S, S, ToCharFloat8>));
  r.AddFunction(Fn("to_char", {kNumericT, kTextT}, kTextT, BinaryKernel<N, S, S, ToCharNumericFn>));

  r.AddFunction(Fn("to_timestamp", {kTextT, kTextT}, kTimestampTzT,
                   CtxBinaryKernel<S, S, I, ToTimestampText>));
  r.AddFunction(Fn("to_date", {kTextT, kTextT}, kDateT, BinaryKernel<S, S, I, ToDateText>));
  r.AddFunction(
      Fn("to_number", {kTextT, kTextT}, kNumericT, OptionalKernel<S, S, N, ToNumberText>));
}

}  // namespace firn::function_internal
